"""Who may see and change assets, run gap analysis and see who offered skills."""

from typing import Any

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


def can_edit_asset(user: Any, asset: Asset) -> bool:
    if is_programme_staff(user):
        return True
    if not user.is_authenticated:
        return False
    managed = set(user.coordinated_zones.values_list("pk", flat=True))
    if asset.steward_zone_id in managed:
        return True
    return asset.zones.filter(pk__in=managed).exists()


def can_see_gaps(user: Any, zone: Zone) -> bool:
    return can_manage_zone(user, zone) or is_zone_partner(user, zone)


def can_see_skill_names(user: Any, zone: Zone) -> bool:
    """Only the Zone's own coordinators: not programme staff, not partners."""
    return bool(user.is_authenticated and zone.coordinators.filter(pk=user.pk).exists())


def can_import_points(user: Any) -> bool:
    return is_programme_staff(user)
