"""Maps people can read (issue 19). A coordinator builds a Zone's boundary from six areas chosen in
the list with the keyboard alone, watching the totals change, saves, and moves one corner by
drawing; the public Zone page shows it over a base map whose tiles the platform serves itself
(test tiles: nothing is fetched from another site). The same pages work on a 390 px phone, with
the menu behind "Menu", the list one tap from the map, nothing wider than the screen, and with
JavaScript off. A vector PMTiles base map is drawn on the asset map. axe checks every page."""

import os
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests import factories, tiles
from tests.browser.conftest import Visit, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DOCS_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def place():
    coordinator = factories.CoordinatorFactory(email="coordinator@maps.example")
    zone = factories.ZoneFactory(
        name="Braunstone Park", slug="braunstone-park", coordinators=[coordinator],
        postcode="LE9 4AA",
    )  # fmt: skip
    factories.area_grid()
    factories.make_asset("library", name="Braunstone Library", address="2 Hinckley Road")
    return coordinator, zone


# True once a base map tile canvas holds a drawn (not transparent) pixel.
CANVAS_DRAWN = """() => [...document.querySelectorAll('.leaflet-tile-container canvas, canvas.leaflet-tile')]
      .some(c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                   for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) return true; }
                   return false; })"""


def wait_until(page, function: str, timeout: float = 15.0) -> None:
    """Poll ``function`` in the page through page.evaluate (not wait_for_function, whose polling
    evaluates a string, which the site's CSP refuses) until it returns true."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(function):
        assert time.monotonic() < deadline, f"not true within {timeout} s: {function[:60]}"
        page.wait_for_timeout(100)


def tiles_drawn(visit: Visit) -> int:
    """How many base map tile images loaded, all from the platform's own tile view."""
    page = visit.page
    # A locator waits without evaluating a string in the page (the CSP refuses eval, and
    # wait_for_function's polling uses it whenever the first check is false).
    expect(page.locator("img.leaflet-tile-loaded").first).to_be_attached()
    sources = page.eval_on_selector_all(
        "img.leaflet-tile-loaded", "els => els.filter(e => e.naturalWidth > 0).map(e => e.src)"
    )
    assert sources and all("/maps/tiles/" in src for src in sources), sources[:3]
    return len(sources)


def no_sideways_scrolling(visit: Visit) -> None:
    width = visit.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide"


def test_a_boundary_built_from_areas_by_keyboard_then_adjusted_by_drawing(
    place, new_visit, live_server
):
    coordinator, zone = place
    visit = new_visit()
    page = visit.page
    page.set_viewport_size(DESKTOP)
    sign_in(visit, coordinator.email, factories.TEST_PASSWORD, factories.TEST_TOTP_SECRET)
    page.goto(f"/zones/{zone.slug}/manage/boundary/")
    page.get_by_role("link", name="Build it from areas").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("from areas")
    visit.assert_accessible("building the boundary from areas")

    # The list alone, by keyboard: the bottom two rows of the grid (areas 00 to 05).
    summary = page.locator("#area-summary")
    page.locator("#area-E01090000").focus()
    chosen = [f"E010900{n:02d}" for n in range(6)]
    codes_in_order = page.eval_on_selector_all("input[name=codes]", "els => els.map(e => e.value)")
    for code in codes_in_order:
        if code in chosen:
            page.keyboard.press("Space")
        if code != codes_in_order[-1]:
            page.keyboard.press("Tab")
    expect(summary.locator('[data-sum="areas"]')).to_have_text("6")
    expect(summary.locator('[data-sum="population"]')).to_have_text("9,150")
    expect(summary.locator('[data-sum="deciles"]')).to_have_text(
        "decile 1: 2; decile 2: 2; decile 3: 2"
    )
    expect(summary.locator('[data-sum="postcodes"]')).to_have_text("12")
    page.get_by_role("button", name="Save this boundary").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Boundary of Braunstone Park")
    expect(page.locator(".notice")).to_contain_text("Boundary saved from 6 areas")
    zone.refresh_from_db()
    assert zone.boundary_source == "areas"
    from_areas = zone.boundary_area_m2
    visit.assert_accessible("the boundary page after saving")

    # Adjust one edge: move the north-east corner outward with the edit tool, then save.
    map_box = page.locator("[data-boundary-editor]")
    expect(map_box).to_have_attribute("data-ready", "true")
    tiles_drawn(visit)
    page.locator(".leaflet-draw-edit-edit").click()
    corners = page.locator(".leaflet-editing-icon")
    expect(corners.first).to_be_visible()
    boxes = [corners.nth(i).bounding_box() for i in range(corners.count())]
    north_east = max(boxes, key=lambda b: b["x"] - b["y"])
    x, y = north_east["x"] + north_east["width"] / 2, north_east["y"] + north_east["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 40, y - 30, steps=8)
    page.mouse.up()
    page.locator(".leaflet-draw-actions a", has_text="Save").first.click()
    expect(page.get_by_label("Draw it on the map (or paste GeoJSON)")).to_be_checked()
    page.get_by_role("button", name="Save boundary").click()
    expect(page.locator(".notice")).to_contain_text("Boundary saved")
    zone.refresh_from_db()
    assert zone.boundary_source == "drawn"
    assert zone.boundary_area_m2 > from_areas * 1.01

    # The public page: the boundary over the platform's own base map.
    public = new_visit()
    public.page.set_viewport_size(DESKTOP)
    public.page.goto(f"/zones/{zone.slug}/")
    expect(public.page.locator("[data-zone-map]")).to_have_attribute("data-ready", "true")
    assert tiles_drawn(public) >= 4
    expect(public.page.locator(".leaflet-control-attribution")).to_contain_text(
        "© OpenStreetMap contributors"
    )
    expect(public.page.locator(".map-picture")).to_be_hidden()  # the map took its place
    public.assert_accessible("the public Zone page")
    for tab in (visit, public):
        assert tab.third_party == []


def test_the_public_pages_on_a_phone_and_without_javascript(place, visit, browser, live_server):
    _coordinator, zone = place
    from peoplezones.zones import services

    services.set_boundary_from_areas(zone=zone, codes_text="E01090000 E01090001")
    page = visit.page  # 390 px wide
    for url in ("/", "/zones/", f"/zones/{zone.slug}/", "/assets/map/"):
        page.goto(url)
        menu = page.get_by_role("button", name="Menu")
        expect(menu).to_be_visible()
        expect(page.locator("#main-nav")).to_be_hidden()
        no_sideways_scrolling(visit)
        visit.assert_accessible(f"{url} at 390 px")
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("link", name="Tool Kit")).to_be_visible()
    visit.assert_accessible("the menu open at 390 px")

    # The map fills the width, and the list is one tap away.
    page.goto("/assets/map/")
    expect(page.locator("[data-asset-map]")).to_have_attribute("data-ready", "true")
    width = page.locator("[data-asset-map]").bounding_box()["width"]
    assert width >= 390 - 2 * 16 - 2
    page.get_by_role("link", name="Skip the map: the same assets as a list").click()
    expect(page.get_by_role("link", name="Braunstone Library")).to_be_visible()
    page.goto(f"/zones/{zone.slug}/")
    page.get_by_role("link", name="Skip the map: the Zone in words").click()
    expect(page.locator("#zone-extent")).to_be_in_viewport()
    # Finding a postcode moves the map and says so.
    page.goto(f"/zones/{zone.slug}/")
    page.get_by_label("Find a postcode or place").fill("le9 4aa")
    page.get_by_role("button", name="Find").click()
    expect(page.locator(".map-find-result")).to_have_text("Showing LE9 4AA (Postcode).")
    page.get_by_label("Find a postcode or place").fill("Atlantis")
    page.get_by_role("button", name="Find").click()
    expect(page.locator(".map-find-result")).to_contain_text("Nothing here matches “Atlantis”")
    assert visit.third_party == []

    # Without JavaScript: the menu is a page, the boundary a still picture, the search a page.
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, java_script_enabled=False
    )
    still = context.new_page()
    still.goto(f"/zones/{zone.slug}/")
    expect(still.locator(".map-picture svg")).to_be_visible()
    still.get_by_role("link", name="Menu").click()
    expect(still).to_have_url(f"{live_server.url}/menu/")
    still.get_by_role("link", name="Zones", exact=True).click()
    expect(still.get_by_role("heading", level=1)).to_have_text("People Zones")
    still.get_by_label("Find a postcode or place").fill("Braunstone Library")
    still.get_by_role("button", name="Find").click()
    expect(still.get_by_role("link", name="Braunstone Library, 2 Hinckley Road")).to_be_visible()
    context.close()


def test_a_vector_pmtiles_base_map_is_drawn_on_the_asset_map(
    place, visit, settings, tmp_path, live_server
):
    archive = tiles.archive(tmp_path / "vector.pmtiles", vector=True, zooms=range(10, 17))
    settings.PZ_MAP_PMTILES = str(archive)
    requested: list[str] = []
    visit.page.on("request", lambda r: requested.append(r.url))
    visit.page.set_viewport_size(DESKTOP)
    visit.page.goto("/assets/map/")
    expect(visit.page.locator("[data-asset-map]")).to_have_attribute("data-ready", "true")
    wait_until(visit.page, CANVAS_DRAWN)
    mvt = [u for u in requested if "/maps/tiles/" in u]
    assert mvt and all(u.startswith(live_server.url) and u.endswith(".mvt") for u in mvt)
    assert visit.third_party == []
    visit.assert_accessible("the asset map over a vector base map")


def test_docs_screenshots(place, new_visit, live_server, settings, tmp_path):
    """The pictures in docs/maps.md, taken over a vector base map made in the test (land, a lake,
    two roads). They are written to docs/images/ when PZ_DOCS_SCREENSHOTS=1, else thrown away."""
    coordinator, zone = place
    archive = tiles.archive(tmp_path / "vector.pmtiles", vector=True, zooms=range(10, 17))
    settings.PZ_MAP_PMTILES = str(archive)
    for n, (category, name) in enumerate(
        [("library", "Hinckley Road Library"), ("food-bank", "Community Food Hub"),
         ("youth-club", "Braunstone Youth Club"), ("park", "Braunstone Park"),
         ("gp", "Park Surgery"), ("community-centre", "Braunstone Grove Centre")]
    ):  # fmt: skip
        lon, lat = factories.BRAUNSTONE
        factories.make_asset(category, lon + 0.004 * (n % 3 - 1), lat + 0.003 * (n // 3 - 0.5),
                             name=name)  # fmt: skip
    folder = DOCS_IMAGES if os.environ.get("PZ_DOCS_SCREENSHOTS") else tmp_path
    from peoplezones.zones import services

    services.set_boundary_from_areas(
        zone=zone, codes_text=" ".join(f"E010900{n:02d}" for n in range(6))
    )
    coordinator_tab = new_visit()
    coordinator_tab.page.set_viewport_size(DESKTOP)
    sign_in(coordinator_tab, coordinator.email, factories.TEST_PASSWORD, factories.TEST_TOTP_SECRET)
    shots = [
        (coordinator_tab, f"/zones/{zone.slug}/", "[data-zone-map]", "maps-zone-page.png"),
        (coordinator_tab, f"/zones/{zone.slug}/manage/boundary/", "[data-boundary-editor]",
         "maps-boundary-page.png"),
        (coordinator_tab, f"/zones/{zone.slug}/manage/boundary/areas/", "[data-area-picker]",
         "maps-areas-page.png"),
        (coordinator_tab, "/assets/map/", "[data-asset-map]", "maps-asset-map.png"),
    ]  # fmt: skip
    folder.mkdir(exist_ok=True)
    for tab, url, selector, name in shots:
        tab.page.goto(url)
        expect(tab.page.locator(selector)).to_have_attribute("data-ready", "true")
        wait_until(tab.page, CANVAS_DRAWN)  # the vector tiles are drawn on canvases
        tab.page.wait_for_timeout(300)  # and their neighbours, for the picture
        tab.page.locator(selector).scroll_into_view_if_needed()
        tab.page.screenshot(path=str(folder / name))
        assert (folder / name).stat().st_size > 20_000
