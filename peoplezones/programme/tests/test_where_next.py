"""Where next: every neighbourhood ranked by need from deprivation, crime per 1,000, partners'
demand per 1,000 and the distance to a community service, each weighted as chosen; Zones and open
applications shown beside the areas they cover."""

import random
from datetime import date

import pytest
from django.db.models import Sum
from django.test import Client

from peoplezones.applications.models import Status
from peoplezones.geography.models import AreaProfile
from peoplezones.outcomes import services as outcome_services
from peoplezones.outcomes.generate import file_name, street_csv
from peoplezones.outcomes.models import LsoaMonthCount
from peoplezones.programme import where_next
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def areas():
    grid = factories.area_grid(2, 2)  # E01090000..03, 1,500 to 1,530 residents each
    # 00 the most deprived; 03 has the most crime; a library sits in 03.
    for code, score in [("E01090000", 60.0), ("E01090001", 30.0), ("E01090002", 20.0),
                        ("E01090003", 10.0)]:  # fmt: skip
        AreaProfile.objects.filter(code=code).update(imd_score=score)
    corner = grid[3].geometry["coordinates"][0][0]
    centre = (corner[0] + 0.006, corner[1] + 0.004)
    places = [(centre[0], centre[1], "E01090003", "Braunstone 004D")]
    data = street_csv(month=date(2024, 5, 1), force_name="Leicestershire Police", rows=90,
                      places=places, rng=random.Random(3))  # fmt: skip
    outcome_services.import_police(data, file_name(date(2024, 5, 1), "leicestershire"))
    factories.make_asset(category="library", lon=centre[0], lat=centre[1])
    return grid


def _order(weights: dict) -> list[str]:
    return [a.code for a in where_next.areas(where_next.weights_from(weights))]


def test_changing_a_weight_changes_the_order(areas):
    by_deprivation = _order({"imd": 5, "crime": 0, "demand": 0, "distance": 0})
    assert by_deprivation[0] == "E01090000" and by_deprivation[-1] == "E01090003"
    by_crime = _order({"imd": 0, "crime": 5, "demand": 0, "distance": 0})
    assert by_crime[0] == "E01090003"
    by_distance = _order({"imd": 0, "crime": 0, "demand": 0, "distance": 5})
    assert by_distance[-1] == "E01090003"  # the library is there
    found = {a.code: a for a in where_next.areas(where_next.weights_from({}))}
    counted = LsoaMonthCount.objects.filter(lsoa_code="E01090003", source="street").aggregate(
        n=Sum("count")
    )["n"]
    assert counted >= 80
    assert found["E01090003"].crime_per_1000 == round(1000 * counted / 1530, 1)
    assert found["E01090000"].crime_per_1000 == 0.0


def test_odd_weights_fall_back_to_the_defaults():
    weights = where_next.weights_from({"imd": "x", "crime": "9", "demand": "-1"})
    assert weights == {"imd": 3, "crime": 5, "demand": 1, "distance": 1}


def test_the_page_shows_zones_applications_and_a_map_of_the_areas(areas):
    zone = factories.zone_with_boundary(name="Braunstone")
    application = factories.ApplicationFactory(status=Status.NEW, postcode="LE9 0AA")
    staff = Client()
    staff.force_login(factories.StaffFactory())
    page = staff.get("/programme/where-next/?imd=1&crime=4").content.decode()
    assert "4 neighbourhoods (LSOAs) ranked by need." in page
    assert 'value="4"' in page and "In a Zone" in page
    assert f"Application {application.reference}" in page
    shapes = staff.get("/programme/where-next/areas.geojson?imd=1&crime=4").json()["features"]
    layers = {f["properties"]["layer"] for f in shapes}
    assert layers == {"area", "zone"} and zone.name in str(shapes)
