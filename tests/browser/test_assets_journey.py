"""Journey 4: a coordinator imports assets (a CSV with two bad rows is refused with their line
numbers and nothing saved; the fixed file imports once, and again without duplicates), sees them
on the clustered map and in the list, and runs gap analysis that shades who lives too far from a
food bank. A resident offers skills with consent and later withdraws. axe checks every page."""

import pytest
from playwright.sync_api import expect

from peoplezones.assets import points
from peoplezones.assets.models import Asset, SkillOffer
from peoplezones.core.geo import from_bng_xy, to_bng_xy
from tests import factories
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LON, LAT = factories.BRAUNSTONE
BAD = (
    "id,name,category,postcode,latitude,longitude,email,opening_times\n"
    "lib,Braunstone Library,library,LE3 1AB,52.6270,-1.1800,lib@example.org,Mon-Sat 9-5\n"
    "fb,Braunstone Food Bank,food bank,LE3 1AD,52.6280,-1.1830,,Tue 10-12\n"
    "cafe,Corner Cafe,coffee shop,,52.6260,-1.1790,,\n"
    "hall,Community Hall,community-centre,,52.6300,-1.1760,hall at example,\n"
    "park,Braunstone Park,park,,52.6250,-1.1850,,\n"
)
GOOD = BAD.replace("coffee shop", "cafe-restaurant").replace("hall at example", "hall@example.org")


def _people_around(zone_lon: float, zone_lat: float) -> None:
    """Residential points on a 250 m grid across the Zone, 20 people each."""
    cx, cy = to_bng_xy([zone_lon], [zone_lat])
    lines = ["lat,long,population"]
    for dx in range(-600, 601, 250):
        for dy in range(-1000, 1001, 250):
            lon, lat = from_bng_xy([cx[0] + dx], [cy[0] + dy])
            lines.append(f"{lat[0]:.6f},{lon[0]:.6f},20")
    points.store_points(points.read_points("\n".join(lines).encode(), "p.csv"), name="Census")


def _upload(page, text: str, tmp_path, name: str = "assets.csv") -> None:
    path = tmp_path / name
    path.write_text(text)
    page.goto("/assets/import/")
    page.get_by_label("CSV (People Zones template)").check()
    page.get_by_label("Zone", exact=True).select_option(label="Braunstone Park")
    page.get_by_label("File").set_input_files(str(path))
    page.get_by_role("button", name="Check the file").click()


def test_import_map_gap_analysis_and_skills(visit, new_visit, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    coordinator = factories.CoordinatorFactory(email="priya@example.org", name="Priya Desai")
    zone = factories.zone_with_boundary(
        LON, LAT, name="Braunstone Park", slug="braunstone-park", coordinators=[coordinator]
    )
    factories.UserFactory(email="nell@example.net", name="Nell Fraser")
    _people_around(LON, LAT)

    visit_ = visit
    page = visit_.page
    sign_in(visit_, "priya@example.org", factories.TEST_PASSWORD, factories.TEST_TOTP_SECRET)

    # A file with two bad rows is refused, naming the lines; nothing is imported.
    _upload(page, BAD, tmp_path)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Nothing was imported: the file has 2 problems")
    expect(alert).to_contain_text("Line 4, category: 'coffee shop' is not a category")
    expect(alert).to_contain_text("Line 5, email: Enter a valid email address")
    visit_.assert_accessible("import refused")
    assert Asset.objects.count() == 0
    page.goto("/assets/import/")
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    visit_.assert_accessible("import form with errors")

    # The fixed file: preview, then import.
    _upload(page, GOOD, tmp_path)
    expect(page.get_by_role("heading", name="What this file will do")).to_be_visible()
    expect(page.locator(".stats")).to_contain_text("5 new")
    visit_.assert_accessible("import preview")
    page.get_by_role("button", name="Import it").click()
    expect(page.get_by_role("status")).to_contain_text("5 added, 0 updated, 0 unchanged.")
    visit_.assert_accessible("import done")
    assert Asset.objects.count() == 5

    # The same file again: nothing new.
    _upload(page, GOOD, tmp_path)
    expect(page.locator(".stats")).to_contain_text("5 unchanged")
    page.get_by_role("button", name="Import it").click()
    expect(page.get_by_role("status")).to_contain_text("0 added, 0 updated, 5 unchanged.")
    assert Asset.objects.count() == 5

    # The map, then the list with the same filter.
    page.get_by_role("link", name="See them on the map").click()
    map_ = page.locator("[data-asset-map]")
    expect(map_).to_have_attribute("data-ready", "true")
    expect(map_).to_have_attribute("data-count", "5")
    assert page.locator(".leaflet-marker-icon, path.leaflet-interactive").count() >= 1
    visit_.assert_accessible("asset map")
    page.get_by_role("link", name="List", exact=True).click()
    table = page.get_by_role("region", name="Assets")
    for name in ("Braunstone Library", "Braunstone Food Bank", "Corner Cafe", "Community Hall"):
        expect(table).to_contain_text(name)
    visit_.assert_accessible("asset list")
    page.get_by_role("link", name="Braunstone Library").click()
    expect(page.get_by_role("heading", name="Braunstone Library")).to_be_visible()
    visit_.assert_accessible("asset page")
    page.get_by_role("link", name="Remove").click()
    expect(page.get_by_role("heading", name="Remove Braunstone Library?")).to_be_visible()
    visit_.assert_accessible("remove asset")
    page.goto("/assets/new/")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    visit_.assert_accessible("add asset with errors")
    page.goto("/assets/categories/")
    visit_.assert_accessible("asset categories")

    # Gap analysis: who lives more than 400 m from the food bank, shaded on the map.
    page.goto(f"/zones/{zone.slug}/manage/")
    page.get_by_role("link", name="Gaps in provision").click()
    page.get_by_label("Kind of asset", exact=True).select_option(label="Food bank")
    page.get_by_label("Distance in metres (straight line)").fill("400")
    page.get_by_role("button", name="Analyse").click()
    sentence = page.locator("[data-gap-sentence]")
    expect(sentence).to_contain_text("live more than 400 m in a straight line from a food bank")
    gap_map = page.locator("[data-asset-map]")
    expect(gap_map).to_have_attribute("data-ready", "true")
    assert page.locator("path.leaflet-interactive").count() > 5  # the shaded squares
    expect(page.get_by_role("region", name="Gaps by kind of asset")).to_contain_text("Food bank")
    visit_.assert_accessible("gap analysis")

    # A resident offers skills with consent, sees the offer, and withdraws it.
    resident = new_visit()
    sign_in(resident, "nell@example.net", factories.TEST_PASSWORD)
    resident.page.goto(f"/zones/{zone.slug}/")
    resident.page.get_by_role("link", name="Offer your skills").click()
    resident.page.get_by_role("button", name="Offer").click()
    expect(resident.page.get_by_role("alert")).to_contain_text(
        "Tick at least one way we may use your offer"
    )
    resident.assert_accessible("skills offer with errors")
    resident.page.get_by_label("Cooking", exact=True).check()
    resident.page.get_by_label("Interests").fill("Baking bread")
    resident.page.get_by_label("The Zone's coordinators may see my name").check()
    resident.page.get_by_label("Count me (without my name)").check()
    resident.page.get_by_role("button", name="Offer").click()
    expect(resident.page.get_by_role("heading", name="Your skills offers")).to_be_visible()
    resident.assert_accessible("my skills offers")
    assert SkillOffer.objects.filter(user__email="nell@example.net").exists()

    page.goto(f"/assets/skills/{zone.slug}/people/")
    expect(page.get_by_role("region", name="People and their offers")).to_contain_text(
        "Nell Fraser"
    )
    visit_.assert_accessible("who offered skills")

    resident.page.get_by_role(
        "button", name="Withdraw and delete my offer to Braunstone Park"
    ).click()
    expect(resident.page.get_by_role("status")).to_contain_text("no longer appears anywhere")
    assert not SkillOffer.objects.exists()
    page.reload()
    expect(page.get_by_text("Nobody has agreed to be contacted yet.")).to_be_visible()
    page.goto(f"/assets/skills/{zone.slug}/")
    visit_.assert_accessible("published skills counts")

    # Programme staff load residential points; a file without coordinates is refused.
    factories.StaffFactory(email="sam@example.org")
    staff = new_visit()
    sign_in(staff, "sam@example.org", factories.TEST_PASSWORD, factories.TEST_TOTP_SECRET)
    staff.page.goto("/assets/points/")
    staff.page.get_by_role("button", name="Check the file").click()
    expect(staff.page.get_by_role("alert")).to_contain_text("There is a problem")
    staff.assert_accessible("residential points with errors")
    bad_points = tmp_path / "points.csv"
    bad_points.write_text("postcode,people\nLE3 1AB,3\n")
    staff.page.get_by_label("Name for this set of points").fill("Census 2021")
    staff.page.get_by_label("CSV file").set_input_files(str(bad_points))
    staff.page.get_by_role("button", name="Check the file").click()
    expect(staff.page.get_by_role("alert")).to_contain_text("no coordinate columns")
    staff.assert_accessible("residential points refused")

    assert visit_.third_party == [] and resident.third_party == [] and staff.third_party == []
