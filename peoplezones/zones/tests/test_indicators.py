"""An objective's indicator comes from the app that measures it, through zones.indicators: police
and partners' figures from outcomes (the last 12 months against the 12 before, small totals
suppressed), survey measures from research. Zones imports neither (tests/architecture)."""

import random
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from peoplezones.outcomes import services as outcome_services
from peoplezones.outcomes.generate import file_name, street_csv
from peoplezones.outcomes.queries import add_months
from peoplezones.zones import indicators
from peoplezones.zones.models import IndicatorKind
from tests import factories

pytestmark = pytest.mark.django_db
LON, LAT = factories.BRAUNSTONE
PLACES = [(LON, LAT, "E01013612", "Leicester 032B")]


def _load(months: int, rows: int) -> None:
    first = date(2024, 1, 1)
    for m in range(months):
        month = add_months(first, m)
        data = street_csv(month=month, force_name="Leicestershire Police", rows=rows,
                          places=PLACES, rng=random.Random(m))  # fmt: skip
        outcome_services.import_police(data, file_name(month, "leicestershire"))


@pytest.fixture
def coordinated():
    coordinator = factories.CoordinatorFactory()
    zone = factories.zone_with_boundary(coordinators=[coordinator], is_published=True)
    client = Client()
    client.force_login(coordinator)
    return zone, client


def _objective_form(client, zone, **fields):
    data = {
        "title": "Fewer burglaries", "statement": "Homes feel safe.", "theme": "crime",
        "indicator_kind": IndicatorKind.CRIME, "indicator": "Burglary", **fields,
    }  # fmt: skip
    return client.post(reverse("zones:objective_new", args=[zone.slug]), data)


def test_every_measuring_app_registers_its_source():
    kinds = {source.name: source.kind for source in indicators.sources()}
    assert kinds == {
        "research.survey": IndicatorKind.SURVEY,
        "outcomes.figures": IndicatorKind.CRIME,
    }


def test_a_crime_objective_follows_a_figure_shown_year_on_year(coordinated):
    zone, client = coordinated
    _load(months=24, rows=400)  # burglaries every month, none too few to show
    form = client.get(reverse("zones:objective_new", args=[zone.slug])).content.decode()
    assert "Figure to follow" in form and 'value="outcomes:burglary"' in form
    assert _objective_form(client, zone, crime_measure="outcomes:burglary").status_code == 302
    objective = zone.objectives.get()
    assert objective.measure == "outcomes:burglary"
    objective_page = client.get(
        reverse("zones:objective", args=[zone.slug, objective.pk])
    ).content.decode()
    zone_page = client.get(zone.get_absolute_url()).content.decode()
    for page in (zone_page, objective_page):
        assert "in the 12 months to December 2025" in page
        assert "in the 12 months before" in page
        assert "?category=burglary" in page


def test_a_total_with_a_small_month_in_it_is_not_shown(coordinated, settings):
    zone, client = coordinated
    settings.PZ_SMALL_NUMBER_RECORDS = 10_000
    _load(months=12, rows=20)
    _objective_form(client, zone, crime_measure="outcomes:")
    page = client.get(zone.get_absolute_url()).content.decode()
    assert (
        "not shown for the 12 months to December 2024, as a month of them had fewer than 10000"
        in page
    )
    assert "in the 12 months before" not in page  # only 12 months loaded


def test_the_figure_is_kept_only_for_a_crime_indicator(coordinated):
    zone, client = coordinated
    _load(months=1, rows=5)
    _objective_form(client, zone, indicator_kind=IndicatorKind.MILESTONE, crime_measure="outcomes:")
    assert zone.objectives.get().measure == ""


def test_with_nothing_loaded_there_is_no_figure_to_choose(coordinated):
    zone, client = coordinated
    form = client.get(reverse("zones:objective_new", args=[zone.slug])).content.decode()
    assert "Figure to follow" not in form
