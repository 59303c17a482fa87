"""Who may do what in a Zone. Coordinators manage their own Zones only; partner members act for
their own organisation only; programme staff may do everything."""

from typing import Any

from peoplezones.core.permissions import is_programme_staff, partner_organisation_id
from peoplezones.zones.models import Action, Partnership, PartnershipStatus, Zone


def can_manage_zone(user: Any, zone: Zone) -> bool:
    if not user.is_authenticated:
        return False
    return is_programme_staff(user) or zone.coordinators.filter(pk=user.pk).exists()


def is_zone_partner(user: Any, zone: Zone) -> bool:
    organisation_id = partner_organisation_id(user)
    return (
        bool(organisation_id)
        and zone.partnerships.filter(
            organisation_id=organisation_id, status=PartnershipStatus.ACCEPTED
        ).exists()
    )


def can_add_action(user: Any, zone: Zone) -> bool:
    return can_manage_zone(user, zone) or is_zone_partner(user, zone)


def can_update_action(user: Any, action: Action) -> bool:
    if can_manage_zone(user, action.zone):
        return True
    return partner_organisation_id(user) == action.organisation_id


def can_answer_invitation(user: Any, partnership: Partnership) -> bool:
    return is_programme_staff(user) or partner_organisation_id(user) == partnership.organisation_id


def zones_managed_by(user: Any) -> Any:
    """The Zones this person may manage: every one for programme staff, their own for
    coordinators, none for anyone else."""
    if is_programme_staff(user):
        return Zone.objects.all()
    if not user.is_authenticated:
        return Zone.objects.none()
    return user.coordinated_zones.all()


def is_member(user: Any, zone: Zone) -> bool:
    return bool(user.is_authenticated and zone.members.filter(user=user).exists())
