"""Finding a postcode or place on every map (core.places): the platform's own postcodes, Zones,
community places and areas; only what the person may see; a clear message for anything else.
Also the site's menu page, and the boundary's still picture."""

import pytest
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db


def find(query: str, client: Client | None = None) -> dict:
    return (client or Client()).get("/maps/find/", {"q": query, "format": "json"}).json()


@pytest.fixture
def places():
    factories.area_grid()
    zone = factories.zone_with_boundary(name="Braunstone Park", slug="braunstone-park")
    draft = factories.zone_with_boundary(name="Braunstone Draft", is_published=False)
    factories.make_asset("library", name="Braunstone Library", address="2 Hinckley Road")
    factories.make_asset("person", name="Mr Singh, carpenter", visibility="coordinators")
    return zone, draft


def test_a_full_postcode_is_found_at_its_point_in_any_spelling(places):
    found = find("le9 4aa")["places"]
    assert [(p["label"], p["kind"]) for p in found] == [("LE9 4AA", "Postcode")]
    assert found[0]["bounds"] is None
    assert found[0]["shown"] == "Showing LE9 4AA (Postcode)."


def test_a_district_or_sector_is_found_as_the_area_its_postcodes_cover(places):
    sector = find("LE9 4")["places"][0]
    assert (sector["label"], sector["kind"]) == ("LE9 4", "Postcode sector")
    west, south, east, north = sector["bounds"]
    assert west <= sector["lon"] <= east and south < sector["lat"] < north
    assert find("le9")["places"][0]["kind"] == "Postcode district"


def test_zones_places_and_areas_are_found_by_name(places):
    labels = [(p["kind"], p["label"]) for p in find("braunstone")["places"]]
    assert ("People Zone", "Braunstone Park") in labels
    assert ("Community place", "Braunstone Library, 2 Hinckley Road") in labels
    assert any(kind.startswith("Lower layer") for kind, _label in labels)
    assert ("People Zone", "Braunstone Draft") not in labels  # not public
    by_street = find("Hinckley Road")["places"]
    assert by_street[0]["label"] == "Braunstone Library, 2 Hinckley Road"
    zone = next(p for p in find("braunstone park")["places"] if p["kind"] == "People Zone")
    assert zone["url"] == "/zones/braunstone-park/" and len(zone["bounds"]) == 4


def test_each_person_finds_only_what_they_may_see(places):
    _zone, draft = places
    assert find("Singh")["places"] == []
    coordinator = factories.CoordinatorFactory()
    draft.coordinators.add(coordinator)
    client = Client()
    client.force_login(coordinator)
    assert [p["label"] for p in find("Braunstone Draft", client)["places"]] == ["Braunstone Draft"]
    staff = Client()
    staff.force_login(factories.StaffFactory())
    assert find("Singh", staff)["places"][0]["label"] == "Mr Singh, carpenter"


@pytest.mark.parametrize("query", ["Atlantis", "ZZ1 1ZZ", "E01999999", "'; drop table", "x" * 300])
def test_anything_else_gets_a_clear_message(places, query):
    answer = find(query)
    assert answer["places"] == []
    assert "Nothing here matches" in answer["message"]
    assert "Try a full postcode, like LE3 1AB" in answer["message"]


def test_without_javascript_the_same_search_is_a_page_listing_the_places(places):
    page = Client().get("/maps/find/", {"q": "braunstone park"}).content.decode()
    assert '<a href="/zones/braunstone-park/">Braunstone Park</a>' in page
    assert "People Zone ·" in page
    empty = Client().get("/maps/find/").content.decode()
    assert "Type a postcode, or the name of a Zone, a place or a street." in empty


def test_every_map_has_the_search_box_and_a_way_to_the_list(places):
    from peoplezones.assets import points

    zone, _draft = places
    lon, lat = factories.BRAUNSTONE
    lines = "lat,long,population\n" + "".join(f"{lat + d},{lon},50\n" for d in (0, 0.001, 0.002))
    points.store_points(points.read_points(lines.encode(), "p.csv"), name="people")
    coordinator = factories.CoordinatorFactory()
    zone.coordinators.add(coordinator)
    client = Client()
    client.force_login(coordinator)
    for url in (
        "/zones/", f"/zones/{zone.slug}/", "/assets/map/", f"/assets/gaps/{zone.slug}/",
        f"/zones/{zone.slug}/manage/boundary/", f"/zones/{zone.slug}/manage/boundary/areas/",
    ):  # fmt: skip
        page = client.get(url).content.decode()
        assert page.count('class="map-find"') == (0 if url.endswith("areas/") else 1), url
        assert 'class="map-skip"' in page, url


def test_small_screens_get_a_menu_link_and_a_menu_page():
    page = Client().get("/").content.decode()
    assert '<a class="menu-toggle" href="/menu/" data-menu-toggle="main-nav">Menu</a>' in page
    menu = Client().get("/menu/").content.decode()
    for link in ("/zones/", "/toolkit/", "/assets/map/", "/apply/", "/accounts/login/"):
        assert f'href="{link}"' in menu


def test_the_zone_page_and_printable_plan_carry_a_still_picture_of_the_boundary(places):
    zone, _draft = places
    for url, always in ((f"/zones/{zone.slug}/", False), (f"/zones/{zone.slug}/plan/", True)):
        page = Client().get(url).content.decode()
        assert 'role="img" aria-label="Outline of the boundary of Braunstone Park' in page
        assert '<path class="boundary-shape" fill-rule="evenodd" d="M' in page
        assert ("map-picture-always" in page) is always
