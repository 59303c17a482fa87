"""What outcomes adds to other apps' pages: a partner's own figures on their dashboard, and crime,
anti-social behaviour or partners' demand as an objective's indicator (zones.indicators)."""

from typing import Any

from django.http import HttpRequest

from peoplezones.core.panels import DASHBOARD, Panel
from peoplezones.core.permissions import partner_organisation_id
from peoplezones.outcomes import queries
from peoplezones.zones import indicators
from peoplezones.zones.models import IndicatorKind, Zone

# How an objective names the figure it follows: "outcomes:" and the category ("" for all).
MEASURE = "outcomes:"


def partner_figures(request: HttpRequest) -> dict[str, Any] | None:
    return {} if partner_organisation_id(request.user) else None


def figures(zone: Zone) -> indicators.Choices:
    """The figures a coordinator may follow: police categories and partners' demand counted in
    the Zone, and the police groups (nothing until some are loaded)."""
    if not queries.categories_seen(zone):
        return []
    return [
        (group, [(MEASURE + key, label) for key, label in choices])
        for group, choices in queries.grouped(queries.category_choices(zone))
    ]


def attach_figures(objectives: list[Any]) -> None:
    """Sets `crime_indicator` on each objective following a figure: the last 12 months loaded
    against the 12 before (each Zone's figure read once)."""
    found: dict[tuple[int, str], queries.YearOnYear | None] = {}
    for objective in objectives:
        if objective.indicator_kind != IndicatorKind.CRIME:
            continue
        if not objective.measure.startswith(MEASURE):
            continue
        category = objective.measure.removeprefix(MEASURE)
        key = (objective.zone_id, category)
        if key not in found:
            found[key] = queries.year_on_year(objective.zone, category)
        objective.crime_indicator = found[key]


def register() -> None:
    DASHBOARD.register(
        Panel(
            "outcomes.partner_figures", "outcomes/panels/partner_figures.html", partner_figures, 35
        )
    )
    indicators.register(
        indicators.Source(
            name="outcomes.figures",
            kind=IndicatorKind.CRIME,
            choices=figures,
            attach=attach_figures,
            template="outcomes/includes/indicator.html",
        )
    )
