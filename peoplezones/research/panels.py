"""What community research adds to Zones: a button on a Zone's page for each survey taking answers
now, and survey measures as objectives' indicators (zones.indicators)."""

from typing import Any

from django.http import HttpRequest

from peoplezones.core.panels import Panel
from peoplezones.research.measures import result_label, results_for
from peoplezones.research.queries import open_waves
from peoplezones.research.results import attach_indicators
from peoplezones.zones import indicators
from peoplezones.zones.models import IndicatorKind, Zone
from peoplezones.zones.panels import ZONE_ACTIONS


def survey_buttons(_request: HttpRequest, zone: Zone) -> dict[str, Any] | None:
    waves = list(open_waves(zone))
    return {"open_waves": waves} if waves else None


def survey_measures(zone: Zone) -> indicators.Choices:
    """Each of the Zone's surveys, with the standard measures its questions allow."""
    found = []
    for survey in zone.surveys.prefetch_related("questions"):
        items = {q.standard_item for q in survey.questions.all() if q.standard_item}
        found.append(
            (survey.title, [(f"{survey.pk}:{r.key}", result_label(r)) for r in results_for(items)])
        )
    return found


def register() -> None:
    indicators.register(
        indicators.Source(
            name="research.survey",
            kind=IndicatorKind.SURVEY,
            choices=survey_measures,
            attach=attach_indicators,
            template="research/includes/indicator.html",
        )
    )
    ZONE_ACTIONS.register(
        Panel("research.open_waves", "research/panels/open_waves.html", survey_buttons)
    )
