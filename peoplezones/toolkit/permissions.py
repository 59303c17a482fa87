"""Who may do what in the Tool Kit. Anyone reads published options; signed-in people propose;
programme staff moderate; coordinators adopt options into their own Zones and record experience,
as do members of registered community groups."""

from typing import Any

from peoplezones.core.models import OrganisationType, Role
from peoplezones.core.permissions import is_programme_staff
from peoplezones.zones.models import Zone

PARTNERSHIP_ROLES = {Role.PARTNER, Role.COORDINATOR, Role.STAFF}


def sees_partnership_experience(user: Any) -> bool:
    """Partnership-only experience is for the people who run Zones: coordinators, partners and
    programme staff."""
    return bool(user.is_authenticated and user.is_active and user.role in PARTNERSHIP_ROLES)


def can_moderate(user: Any) -> bool:
    return is_programme_staff(user)


def zones_user_can_adopt_into(user: Any) -> Any:
    if not user.is_authenticated:
        return Zone.objects.none()
    if is_programme_staff(user):
        return Zone.objects.exclude(stage="closed").order_by("name")
    return Zone.objects.filter(coordinators=user).exclude(stage="closed").order_by("name")


def community_group_of(user: Any) -> Any:
    """The registered community group a partner-role member records experience for, if any."""
    if (
        user.is_authenticated
        and user.role == Role.PARTNER
        and user.organisation_id
        and user.organisation.type == OrganisationType.COMMUNITY_GROUP
    ):
        return user.organisation
    return None


def can_record_experience(user: Any) -> bool:
    return zones_user_can_adopt_into(user).exists() or community_group_of(user) is not None
