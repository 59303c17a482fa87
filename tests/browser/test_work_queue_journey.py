"""What needs me today, on the demo: the coordinator sees her work from every app, follows a
proposal to where it is decided, decides it, and sees the count drop; a partner and programme
staff each see their own queue; every page passes axe."""

import re

import pytest
from playwright.sync_api import expect

from peoplezones.demo.data import DEMO_PASSWORD, DEMO_TOTP_SECRET, load_demo
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _kinds(page) -> dict[str, int]:
    """Each kind of work on the dashboard, with its count."""
    found = {}
    for heading in page.locator(".work-queue h4").all_inner_texts():
        name, count = re.match(r"(.*) \((\d+)\)$", heading.strip()).groups()
        found[name] = int(count)
    return found


def test_a_coordinator_works_through_her_queue_and_others_see_their_own(new_visit):
    load_demo()
    priya = new_visit()
    sign_in(priya, "coordinator@example.org", DEMO_PASSWORD, DEMO_TOTP_SECRET)
    page = priya.page
    page.goto("/dashboard/")
    expect(page.get_by_role("heading", name="What needs you")).to_be_visible()
    kinds = _kinds(page)
    assert len(kinds) >= 6, kinds
    assert {"Proposals to decide", "Actions overdue", "Open safeguarding concerns",
            "Requests for help waiting a week for a volunteer",
            "DBS checks expiring within 30 days"} <= set(kinds)  # fmt: skip
    expect(page.locator(".work-queue")).not_to_contain_text("PIN")  # what a concern says
    priya.assert_accessible("a coordinator's work queue")

    before = kinds["Proposals to decide"]
    first = (
        page.locator(".work-queue h4", has_text="Proposals to decide")
        .locator("xpath=following-sibling::ul[1]//a")
        .first
    )
    title = re.match(r"“(.*)”", first.inner_text()).group(1)
    first.click()
    expect(page).to_have_url(re.compile(r"/manage/#proposals$"))
    row = page.get_by_role("row").filter(has_text=title)
    row.get_by_text("Not taking it forward").click()
    row.get_by_label("Why").fill("Another group is already on it")
    row.get_by_role("button", name="Close proposal").click()
    page.goto("/dashboard/")
    assert _kinds(page).get("Proposals to decide", 0) == before - 1
    expect(page.locator(".work-queue")).not_to_contain_text(title)

    gareth = new_visit()
    sign_in(gareth, "partner@example.org", DEMO_PASSWORD, DEMO_TOTP_SECRET)
    gareth.page.goto("/dashboard/")
    partner_kinds = _kinds(gareth.page)
    assert partner_kinds and "Proposals to decide" not in partner_kinds
    assert "Open safeguarding concerns" not in partner_kinds
    gareth.assert_accessible("a partner's work queue")

    sam = new_visit()
    sign_in(sam, "staff@example.org", DEMO_PASSWORD, DEMO_TOTP_SECRET)
    sam.page.goto("/dashboard/")
    staff_kinds = _kinds(sam.page)
    assert {"Applications past the reply target", "Erasure requests to decide"} <= set(staff_kinds)
    sam.assert_accessible("programme staff's work queue")

    # The commissioner's office: every Zone side by side, sorted by a column, on a map.
    sam.page.goto("/programme/")
    expect(
        sam.page.get_by_role("heading", name="The programme: every Zone side by side")
    ).to_be_visible()
    expect(sam.page.locator(".leaflet-container")).to_be_visible()
    sam.page.get_by_role("link", name="Actions done").click()
    expect(sam.page.locator('th[aria-sort="descending"]')).to_have_text("Actions done")
    assert sam.page.locator("tbody tr").count() >= 3
    sam.assert_accessible("the programme view")

    # Where next: change the weights and the order changes.
    sam.page.get_by_role("link", name="Where the next Zone is most needed").click()
    expect(sam.page.locator(".leaflet-container")).to_be_visible()
    sam.assert_accessible("where the next Zone is most needed")
    for name, weight in [("Deprivation (IMD score)", "5"), ("Crime and anti-social behaviour per 1,000 residents", "0"),
                         ("Partners' demand per 1,000 residents", "0"),
                         ("Distance to the nearest community service", "0")]:  # fmt: skip
        sam.page.get_by_label(name).fill(weight)
    with sam.page.expect_navigation():  # the table is read from the new page, not the old
        sam.page.get_by_role("button", name="Rank again").click()
    by_deprivation = sam.page.locator("#need-table tbody th").all_inner_texts()[:10]
    sam.page.get_by_label("Deprivation (IMD score)").fill("0")
    sam.page.get_by_label("Distance to the nearest community service").fill("5")
    with sam.page.expect_navigation():  # the table is read from the new page, not the old
        sam.page.get_by_role("button", name="Rank again").click()
    by_distance = sam.page.locator("#need-table tbody th").all_inner_texts()[:10]
    assert by_deprivation and by_distance != by_deprivation

    # The quarterly report, on screen (its PDF is read back in programme/tests/test_report.py).
    sam.page.goto("/programme/report/")
    expect(sam.page.get_by_role("heading", level=1)).to_contain_text("the programme in")
    expect(sam.page.get_by_role("link", name="Download as PDF")).to_be_visible()
    sam.assert_accessible("the quarterly report")
