"""Programme staff keep the area's data current: they open Data sources, see every source's
state, ask for one to be refreshed, watch the worker take it and finish, and see a failure
named; every page passes axe."""

import pytest
from playwright.sync_api import expect

from peoplezones.datasources import area as areas
from peoplezones.datasources import services
from peoplezones.datasources.models import SourceRun
from peoplezones.geography.models import StatisticalArea
from tests import factories
from tests.browser.conftest import sign_in
from tests.publishers import serving

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def publishers(tmp_path, settings):
    with serving(tmp_path, settings) as server:
        yield server


def test_staff_refresh_a_source_and_watch_it_finish(visit, publishers, settings):
    # Refreshes wait for a worker here, as in production, so the page's progress can be seen.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    factories.StaffFactory(email="sam@example.org", name="Sam Analyst")
    page = visit.page
    sign_in(visit, "sam@example.org", factories.TEST_PASSWORD, factories.TEST_TOTP_SECRET)
    page.goto("/dashboard/")
    page.get_by_role("link", name="Data sources").click()
    expect(page.get_by_role("heading", name="Data sources", level=1)).to_be_visible()
    table = page.get_by_role("table")
    for title in ("LSOA 2021 boundaries", "English Indices of Deprivation", "Street-level crime",
                  "OpenStreetMap extract: testshire", "Open Referral UK directory: testshire"):  # fmt: skip
        expect(table.get_by_role("row").filter(has_text=title)).to_contain_text("Never loaded")
    visit.assert_accessible("data sources, nothing loaded")

    row = table.get_by_role("row").filter(has_text="LSOA 2021 boundaries")
    row.get_by_role("button", name="Refresh LSOA 2021 boundaries now").click()
    expect(page.get_by_role("status").filter(has_text="refresh asked for")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="A refresh is under way")).to_be_visible()
    row = page.get_by_role("table").get_by_role("row").filter(has_text="LSOA 2021 boundaries")
    expect(row).to_contain_text("Waiting to start")
    expect(row.locator("progress")).to_be_visible()
    visit.assert_accessible("data sources, a refresh waiting")

    services.execute(areas.current(), SourceRun.objects.get(source="boundaries"))  # the worker
    row = page.get_by_role("table").get_by_role("row").filter(has_text="LSOA 2021 boundaries")
    expect(row).to_contain_text("Loaded", timeout=10000)  # the page followed it and reloaded
    expect(row).to_contain_text("4 added")
    expect(page.get_by_role("status").filter(has_text="A refresh is under way")).to_have_count(0)
    assert StatisticalArea.objects.count() == 4
    visit.assert_accessible("data sources, a refresh finished")

    # A publisher sends an error page instead of the postcode zip: the failure is named.
    publishers.faults["postcodes"] = "notzip"
    row = page.get_by_role("table").get_by_role("row").filter(has_text="ONS Postcode Directory")
    row.get_by_role("button", name="Refresh ONS Postcode Directory now").click()
    services.execute(areas.current(), SourceRun.objects.get(source="postcodes"))
    row = page.get_by_role("table").get_by_role("row").filter(has_text="ONS Postcode Directory")
    expect(row).to_contain_text("Failed", timeout=10000)
    expect(row).to_contain_text("not a zip file")
    visit.assert_accessible("data sources, a failure")
    assert not visit.third_party
