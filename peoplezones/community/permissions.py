"""Who may run what: a group's organisers run it and its events; a Zone's coordinators run
everything in their Zone; programme staff run everything. Booking and asking to join need only
an account."""

from typing import Any

from peoplezones.community.models import Event, Group
from peoplezones.core.permissions import is_programme_staff
from peoplezones.zones.models import Zone
from peoplezones.zones.permissions import can_manage_zone


def coordinates_any_zone(user: Any) -> bool:
    return bool(user.is_authenticated and user.coordinated_zones.exists())


def can_create_group(user: Any) -> bool:
    return is_programme_staff(user) or coordinates_any_zone(user)


def can_run_group(user: Any, group: Group) -> bool:
    if not user.is_authenticated:
        return False
    if is_programme_staff(user) or group.organisers.filter(pk=user.pk).exists():
        return True
    return group.zone is not None and can_manage_zone(user, group.zone)


def can_create_event(user: Any, zone: Zone | None, group: Group | None) -> bool:
    if group is not None:
        return can_run_group(user, group)
    if zone is not None:
        return can_manage_zone(user, zone)
    return is_programme_staff(user)


def can_run_event(user: Any, event: Event) -> bool:
    if not user.is_authenticated:
        return False
    if event.group is not None and can_run_group(user, event.group):
        return True
    if event.zone is not None and can_manage_zone(user, event.zone):
        return True
    return is_programme_staff(user)


def can_create_any_event(user: Any) -> bool:
    return (
        is_programme_staff(user)
        or coordinates_any_zone(user)
        or bool(user.is_authenticated and user.organised_groups.exists())
    )
