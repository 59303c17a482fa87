"""Who may build a survey, type in paper forms, read free-text answers and see results."""

from typing import Any

from peoplezones.core.permissions import is_programme_staff
from peoplezones.research.models import Survey
from peoplezones.zones.permissions import can_manage_zone, zones_managed_by


def can_create_survey(user: Any) -> bool:
    return zones_managed_by(user).exists()


def can_manage_survey(user: Any, survey: Survey) -> bool:
    """The Zone's coordinators and programme staff."""
    if survey.zone_id is None:
        return is_programme_staff(user)
    return can_manage_zone(user, survey.zone)


def can_enter_paper(user: Any, survey: Survey) -> bool:
    if can_manage_survey(user, survey):
        return True
    return bool(user.is_authenticated and survey.data_entry.filter(pk=user.pk).exists())


def can_read_free_text(user: Any, survey: Survey) -> bool:
    """Free-text answers can name people: the Zone's own coordinators only."""
    if not user.is_authenticated:
        return False
    if survey.zone_id is None:
        return is_programme_staff(user)
    return survey.zone.coordinators.filter(pk=user.pk).exists()


def can_see_results(user: Any, survey: Survey) -> bool:
    return survey.results_published or can_manage_survey(user, survey)
