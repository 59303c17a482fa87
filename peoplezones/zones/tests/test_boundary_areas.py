"""Building a Zone's boundary from statistical areas: found by search or around the Zone, ticked
in a list (which works with no map at all), totalled (residents, deprivation mix, postcodes),
saved as their union; a selection that is empty, split, holed or unknown is refused by name and
the boundary kept."""

import pytest
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db

# The grid (3 x 3, numbered from the south west):  06 07 08
#                                                  03 04 05
#                                                  00 01 02
CODE = "E010900{:02d}".format


@pytest.fixture
def setup():
    coordinator = factories.CoordinatorFactory()
    zone = factories.ZoneFactory(coordinators=[coordinator], postcode="LE9 4AA")
    areas = factories.area_grid()
    client = Client()
    client.force_login(coordinator)
    return client, zone, areas, f"/zones/{zone.slug}/manage/boundary/areas/"


def post(client, url, action, numbers, **extra):
    return client.post(
        url, {"action": action, "kind": "lsoa21", "codes": [CODE(n) for n in numbers], **extra}
    )


def test_the_areas_around_the_zone_are_listed_with_what_is_known_about_each(setup):
    client, _zone, _areas, url = setup
    page = client.get(url).content.decode()
    for n in range(9):
        assert f'value="{CODE(n)}"' in page
    assert "1,500 residents · deprivation decile 1 · 2 postcodes" in page  # area 00
    assert 'data-population="1540" data-decile="2" data-postcodes="2"' in page  # area 04


def test_searching_by_name_code_or_postcode_keeps_what_is_ticked(setup):
    client, _zone, _areas, url = setup
    by_name = post(client, url, "search", [0, 1], q="Braunstone 005").content.decode()
    assert f'value="{CODE(4)}"' in by_name  # "Braunstone 005A" is area 04
    assert f'value="{CODE(8)}"' not in by_name
    assert f'id="area-{CODE(0)}" checked' in by_name  # still ticked, listed first
    by_code = post(client, url, "search", [], q=CODE(7)).content.decode()
    assert by_code.count('name="codes"') == 1
    by_postcode = post(client, url, "search", [], q="le9 4ab").content.decode()
    assert f'value="{CODE(4)}"' in by_postcode  # the area holding the postcode, and neighbours
    nothing = post(client, url, "search", [], q="Atlantis").content.decode()
    assert "No areas match that search." in nothing


def test_the_totals_add_up_what_is_ticked(setup):
    client, _zone, _areas, url = setup
    page = post(client, url, "check", [0, 1, 3, 4]).content.decode()
    assert '<dd data-sum="areas">4</dd>' in page
    assert '<dd data-sum="population">6,080</dd>' in page  # 1500 + 1510 + 1530 + 1540
    assert "decile 1: 2 areas; decile 2: 2 areas" in page  # 00, 03 are 1; 01, 04 are 2
    assert '<dd data-sum="postcodes">8</dd>' in page


def test_six_areas_that_join_up_become_the_boundary(setup):
    client, zone, _areas, url = setup
    response = post(client, url, "save", [0, 1, 2, 3, 4, 5])
    assert response.status_code == 302
    assert response.url == f"/zones/{zone.slug}/manage/boundary/"
    zone.refresh_from_db()
    assert zone.boundary_source == "areas"
    assert zone.boundary_area_codes.split() == [CODE(n) for n in range(6)]
    assert len(zone.boundary["coordinates"]) == 1  # one piece
    west, south, east, north = zone.boundary_bbox
    assert (round(east - west, 3), round(north - south, 3)) == (0.036, 0.016)
    again = client.get(url).content.decode()  # the choice is shown ticked next time
    assert f'id="area-{CODE(5)}" checked' in again and f'id="area-{CODE(6)}" checked' not in again


@pytest.mark.parametrize(
    ("numbers", "named"),
    [
        ([], "Choose at least one area."),
        ([0, 2], "2 separate pieces that do not touch (E01090000; E01090002)"),
        ([0, 1, 2, 3, 5, 6, 7, 8], "E01090004 (Braunstone 005A)"),
    ],
)
def test_empty_split_or_holed_selections_are_refused_and_the_boundary_kept(setup, numbers, named):
    client, zone, _areas, url = setup
    assert post(client, url, "save", [0, 1]).status_code == 302
    zone.refresh_from_db()
    kept = zone.boundary
    response = post(client, url, "save", numbers)
    assert response.status_code == 400
    page = response.content.decode()
    assert named in page
    assert "The boundary was not changed." in page
    zone.refresh_from_db()
    assert zone.boundary == kept


def test_unknown_codes_are_named_and_nothing_is_stored(setup):
    client, zone, _areas, url = setup
    response = client.post(url, {"action": "save", "codes": ["E01999999", CODE(0)]})
    assert response.status_code == 400
    assert "We have no boundary for E01999999" in response.content.decode()
    zone.refresh_from_db()
    assert zone.boundary is None


def test_wards_are_offered_once_loaded(setup):
    client, _zone, _areas, url = setup
    factories.area_grid(1, 2, kind="ward", prefix="E050900", postcodes=False)
    page = client.get(url).content.decode()
    assert 'id="kind-ward"' in page and "Electoral ward" in page
    wards = client.post(url, {"action": "search", "kind": "ward", "q": ""}).content.decode()
    assert 'value="E05090000"' in wards and 'value="E01090000"' not in wards
