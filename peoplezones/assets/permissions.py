"""Who may see and change assets, run gap analysis and see who offered skills."""

from typing import Any

from django.db.models import Q, QuerySet

from peoplezones.assets.models import Asset
from peoplezones.core.models import Role
from peoplezones.core.permissions import is_programme_staff
from peoplezones.zones.models import Zone
from peoplezones.zones.permissions import can_manage_zone, is_zone_partner


def is_coordinator(user: Any) -> bool:
    return bool(user.is_authenticated and user.role == Role.COORDINATOR)


def can_manage_assets(user: Any) -> bool:
    """Adding and importing: programme staff, and coordinators (for their Zones)."""
    return is_programme_staff(user) or (is_coordinator(user) and user.coordinated_zones.exists())


def editable_assets(user: Any) -> QuerySet[Asset]:
    """The assets this person may change, by hand or by import: every one for programme staff;
    for a coordinator, those their Zones look after or that lie in their Zones."""
    if is_programme_staff(user):
        return Asset.objects.all()
    if not user or not user.is_authenticated:
        return Asset.objects.none()
    managed = user.coordinated_zones.values("pk")
    return Asset.objects.filter(
        pk__in=Asset.objects.filter(Q(steward_zone__in=managed) | Q(zones__in=managed)).values("pk")
    )


def can_edit_asset(user: Any, asset: Asset) -> bool:
    return editable_assets(user).filter(pk=asset.pk).exists()


def can_see_gaps(user: Any, zone: Zone) -> bool:
    return can_manage_zone(user, zone) or is_zone_partner(user, zone)


def can_see_skill_names(user: Any, zone: Zone) -> bool:
    """Only the Zone's own coordinators: not programme staff, not partners."""
    return bool(user.is_authenticated and zone.coordinators.filter(pk=user.pk).exists())


def can_import_points(user: Any) -> bool:
    return is_programme_staff(user)
