"""Research's work items (core.work), for the coordinators of a survey's Zone: waves closing within
7 days, and waves past half their time with low response (fewer than half the answers of the
survey's wave before, or, for a first wave, fewer than 50: too few to say much)."""

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from peoplezones.core.work import Urgency, WorkItem
from peoplezones.research.models import Wave
from peoplezones.zones.queries import zones_for_coordinator

CLOSING_DAYS = 7
FIRST_WAVE_ENOUGH = 50


def _previous_counts(waves: list[Wave]) -> dict[int, int]:
    """Answers to the wave before each of these, in its survey (none for a first wave)."""
    before: dict[int, int] = {}
    for wave in waves:
        earlier = (
            Wave.objects.filter(survey_id=wave.survey_id, opens_at__lt=wave.opens_at)
            .annotate(n=Count("responses"))
            .order_by("-opens_at")
            .values_list("n", flat=True)
            .first()
        )
        if earlier is not None:
            before[wave.pk] = earlier
    return before


def items_for(person: Any) -> Iterator[WorkItem]:
    zones = list(zones_for_coordinator(person))
    if not zones:
        return
    now = timezone.now()
    waves = list(
        Wave.objects.filter(survey__zone__in=zones, opens_at__lte=now, closes_at__gt=now)
        .annotate(n=Count("responses"))
        .select_related("survey__zone")
        .order_by("closes_at")
    )
    previous = _previous_counts(waves)
    for wave in waves:
        url = reverse("research:wave", args=[wave.pk])
        where = wave.survey.zone.name
        answers = ngettext("%(n)s answer so far", "%(n)s answers so far", wave.n) % {"n": wave.n}
        if wave.closes_at - now <= timedelta(days=CLOSING_DAYS):
            yield WorkItem(
                _("Survey waves closing within 7 days"),
                _("“%(survey)s”, %(wave)s, closes %(date)s: %(answers)s")
                % {"survey": wave.survey.title, "wave": wave.name,
                   "date": timezone.localtime(wave.closes_at).date(), "answers": answers},
                url, Urgency.SOON, where,
            )  # fmt: skip
        halfway = wave.opens_at + (wave.closes_at - wave.opens_at) / 2
        enough = previous[wave.pk] / 2 if wave.pk in previous else FIRST_WAVE_ENOUGH
        if now >= halfway and wave.n < enough:
            yield WorkItem(
                _("Survey waves with low response"),
                _("“%(survey)s”, %(wave)s: %(answers)s, past half its time")
                % {"survey": wave.survey.title, "wave": wave.name, "answers": answers},
                url, Urgency.LATER, where,
            )  # fmt: skip
