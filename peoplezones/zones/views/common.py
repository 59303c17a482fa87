"""Lookups the Zone views share: find a Zone the person may see or manage, or refuse."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from peoplezones.zones.models import Zone
from peoplezones.zones.permissions import can_manage_zone
from peoplezones.zones.queries import visible_zones


def zone_for(request: HttpRequest, slug: str) -> Zone:
    """The Zone, if this person may see it; 404 otherwise (drafts stay invisible)."""
    return get_object_or_404(visible_zones(request.user), slug=slug)


def managed_zone(request: HttpRequest, slug: str) -> Zone:
    """The Zone, if this person coordinates it or is programme staff; 403 for other coordinators.
    Use under @login_required."""
    zone = get_object_or_404(Zone, slug=slug)
    if not can_manage_zone(request.user, zone):
        raise PermissionDenied
    return zone
