"""Journey 6: an analyst loads two months of police.uk street files (generated in the real layout,
with its quirks), watches the load's progress, and reads a Zone's outcomes page: the trend, the
comparison with similar areas and the summary. Loading a month again changes nothing; a malformed
file is refused naming the row. axe checks every page."""

import json
import random
import re
from datetime import date

import pytest
from playwright.sync_api import expect

from peoplezones.geography.models import AreaProfile
from peoplezones.geography.services import import_areas
from peoplezones.outcomes import jobs
from peoplezones.outcomes.generate import outcomes_csv, street_csv
from peoplezones.outcomes.models import Crime, Upload
from tests import factories
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LON, LAT = factories.BRAUNSTONE


def _areas(tmp_path) -> list[tuple[float, float, str, str]]:
    """Two LSOAs inside the Zone and ten similar ones elsewhere, with populations and deprivation."""
    places, features = [], []
    for i in range(12):
        lon = LON - 0.005 + 0.01 * i if i < 2 else LON + 0.3 + 0.02 * i
        code = f"E0100{i:04d}"
        places.append((lon, LAT, code, f"Area {i:03d}A"))
        features.append({"type": "Feature", "properties": {"LSOA21CD": code, "LSOA21NM": f"Area {i}"},
                         "geometry": factories.square(lon, LAT, half=0.004)})  # fmt: skip
        AreaProfile.objects.create(code=code, population=1500, imd_score=40 + i % 4)
    path = tmp_path / "lsoa.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    import_areas(path=path)
    return places


def test_load_police_months_and_read_a_zones_outcomes(visit, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Loads wait for a worker here, as in production, so the page's progress can be seen.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    factories.StaffFactory(email="sam@example.org", name="Sam Analyst")
    zone = factories.zone_with_boundary(
        LON, LAT, name="Braunstone Park", slug="braunstone-park", launch_date=date(2024, 4, 1)
    )
    places = _areas(tmp_path)
    rng = random.Random(8)
    files = []
    for month in (date(2024, 3, 1), date(2024, 4, 1)):
        path = tmp_path / f"{month:%Y-%m}-leicestershire-street.csv"
        path.write_bytes(street_csv(month=month, force_name="Leicestershire Police", rows=900,
                                    places=places, rng=rng))  # fmt: skip
        files.append(path)

    page = visit.page
    sign_in(visit, "sam@example.org", factories.TEST_PASSWORD, factories.TEST_TOTP_SECRET)
    page.goto("/outcomes/police/")
    page.get_by_role("button", name="Upload and load").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose a file to upload")
    visit.assert_accessible("police upload with errors")

    for number, path in enumerate(files):
        page.goto("/outcomes/police/")
        page.get_by_label("Police file").set_input_files(str(path))
        page.get_by_role("button", name="Upload and load").click()
        status = page.get_by_role("status")
        expect(status).to_contain_text("Waiting to start")
        expect(page.locator("progress")).to_be_visible()
        if number == 0:
            visit.assert_accessible("police load in progress")
        jobs.run(Upload.objects.order_by("-id").first())  # the worker's turn
        expect(page.get_by_role("status")).to_contain_text("Finished", timeout=10000)
        expect(page.locator(".results")).to_contain_text("900 rows loaded")
    visit.assert_accessible("police load finished")
    assert Crime.objects.count() == 1800

    # April's outcomes file: what happened to the crimes.
    outcomes = tmp_path / "2024-04-leicestershire-outcomes.csv"
    outcomes.write_bytes(outcomes_csv(files[1].read_bytes(), month=date(2024, 4, 1), rng=rng))
    page.goto("/outcomes/police/")
    page.get_by_label("Police file").set_input_files(str(outcomes))
    page.get_by_role("button", name="Upload and load").click()
    jobs.run(Upload.objects.order_by("-id").first())
    expect(page.locator(".results")).to_contain_text("rows loaded")

    # The same month again: nothing changes.
    page.goto("/outcomes/police/")
    page.get_by_label("Police file").set_input_files(str(files[0]))
    page.get_by_role("button", name="Upload and load").click()
    jobs.run(Upload.objects.order_by("-id").first())
    expect(page.locator(".results")).to_contain_text("already loaded from this very file")
    assert Crime.objects.count() == 1800

    # A malformed file: refused with the row and the reason, nothing stored.
    broken = tmp_path / "2024-05-leicestershire-street.csv"
    lines = street_csv(month=date(2024, 5, 1), force_name="Leicestershire Police", rows=50,
                       places=places, rng=rng).split(b"\r\n")  # fmt: skip
    lines[12] = lines[12].replace(
        b",Leicestershire Police,Leicestershire Police,", b",Leicestershire Police,", 1
    )
    broken.write_bytes(b"\r\n".join(lines))
    page.goto("/outcomes/police/")
    page.get_by_label("Police file").set_input_files(str(broken))
    page.get_by_role("button", name="Upload and load").click()
    jobs.run(Upload.objects.order_by("-id").first())
    results = page.locator(".results")
    expect(results).to_contain_text("refused, nothing stored")
    expect(results).to_contain_text("row 12: has 11 columns, the header has 12")
    visit.assert_accessible("police file refused")
    assert Crime.objects.count() == 1800
    page.goto("/outcomes/police/")
    expect(page.get_by_role("region", name="Months loaded")).to_contain_text("Mar 2024")
    visit.assert_accessible("police data loaded")

    # The Zone's outcomes: trend, comparison and summary, in a chart and a table.
    page.goto(f"/zones/{zone.slug}/")
    page.get_by_role("link", name="Crime and anti-social behaviour in the Zone").click()
    expect(page.get_by_role("heading", name="Outcomes in Braunstone Park")).to_be_visible()
    expect(
        page.get_by_role("img", name="All crime and anti-social behaviour each month")
    ).to_be_visible()
    expect(page.get_by_role("region", name="Compared with similar areas")).to_contain_text(
        "in similar areas"
    )
    expect(
        page.get_by_role("region", name=re.compile("each month and the 12 months"))
    ).to_contain_text("Apr 2024")
    expect(
        page.get_by_role("region", name=re.compile("Outcomes the police recorded"))
    ).to_be_visible()
    visit.assert_accessible("zone outcomes")
    page.get_by_label("Show").select_option(label="Anti-social behaviour")
    page.get_by_role("button", name="Update").click()
    expect(
        page.get_by_role("heading", name="Anti-social behaviour, month by month")
    ).to_be_visible()
    visit.assert_accessible("zone outcomes for ASB")
    page.get_by_role("link", name="All Zones").click()
    expect(page.get_by_role("region", name="Each Zone side by side")).to_contain_text(
        "Braunstone Park"
    )
    visit.assert_accessible("all zones outcomes")
    page.goto("/about/outcomes-method/")
    visit.assert_accessible("outcomes method")
    assert not visit.third_party


def test_a_partner_sends_demand_figures_and_sees_them_beside_crime(visit, settings, tmp_path):
    """A fire and rescue analyst sends deliberate fires by LSOA and month; a mistyped month is
    refused naming the row; the corrected file loads and the Zone's page shows the fires."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    fire = factories.OrganisationFactory(name="Leicestershire Fire and Rescue Service")
    factories.PartnerFactory(email="fran@example.org", organisation=fire)
    zone = factories.zone_with_boundary(
        LON, LAT, name="Braunstone Park", slug="braunstone-park", launch_date=date(2024, 4, 1)
    )
    _areas(tmp_path)
    rows = ["Month,LSOA,Incident type,Count"]
    for month in ("2023-11", "2023-12", "2024-01", "2024-02", "2024-03", "2024-04", "2024-05"):
        rows += [f"{month},E0100{i:04d},Deliberate fires,{6 + i % 3}" for i in range(12)]
    good = tmp_path / "fires.csv"
    good.write_text("\r\n".join(rows) + "\r\n")
    bad = tmp_path / "fires-typo.csv"
    bad.write_text("\r\n".join([*rows[:5], "2024-3x,E01000001,Deliberate fires,2"]) + "\r\n")

    page = visit.page
    sign_in(visit, "fran@example.org", factories.TEST_PASSWORD, factories.TEST_TOTP_SECRET)
    expect(
        page.get_by_role("heading", name="Leicestershire Fire and Rescue Service's figures")
    ).to_be_visible()
    visit.assert_accessible("partner dashboard")
    page.get_by_role("link", name="Send demand figures").click()
    expect(page.get_by_label("Agency")).to_have_value("Leicestershire Fire and Rescue Service")
    visit.assert_accessible("demand upload")
    for path in (bad, good):
        page.get_by_label("Demand figures (CSV)").set_input_files(str(path))
        page.get_by_role("button", name="Upload and load").click()
        expect(page.get_by_role("status")).to_contain_text("Waiting to start")
        jobs.run(Upload.objects.order_by("-id").first())
        expect(page.get_by_role("status")).to_contain_text("Finished", timeout=10000)
        if path is bad:
            expect(page.locator(".results")).to_contain_text(
                "row 5: Month: '2024-3x' is not a month like 2024-03"
            )
            visit.assert_accessible("demand file refused")
            page.get_by_role("link", name="Send demand figures").click()
    expect(page.locator(".results")).to_contain_text("84 rows loaded")
    visit.assert_accessible("demand loaded")

    page.goto(f"/outcomes/zones/{zone.slug}/")
    page.get_by_label("Show").select_option(
        label="Deliberate fires (Leicestershire Fire and Rescue Service)"
    )
    page.get_by_role("button", name="Update").click()
    expect(
        page.get_by_role("heading", name=re.compile("^Deliberate fires .* month by month"))
    ).to_be_visible()
    expect(page.get_by_text("Source: figures sent by Leicestershire Fire")).to_be_visible()
    visit.assert_accessible("zone outcomes for deliberate fires")
    assert not visit.third_party
