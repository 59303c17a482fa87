"""Reads of Zones that pages share."""

from typing import Any

from django.db.models import QuerySet

from peoplezones.core.permissions import is_programme_staff
from peoplezones.zones.models import Zone


def public_zones() -> QuerySet[Zone]:
    return Zone.objects.filter(is_published=True).order_by("name")


def zones_for_coordinator(user: Any) -> QuerySet[Zone]:
    if not user.is_authenticated:
        return Zone.objects.none()
    return user.coordinated_zones.order_by("name")


def visible_zones(user: Any) -> QuerySet[Zone]:
    """Published Zones for everyone; drafts too for programme staff and their own coordinators."""
    if is_programme_staff(user):
        return Zone.objects.all()
    if user.is_authenticated:
        return (public_zones() | Zone.objects.filter(coordinators=user)).distinct()
    return public_zones()
