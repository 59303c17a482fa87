"""The demo's evaluation: a resident goes from a Zone's outcomes to its evaluation plan, sees each
objective's measure as locked at launch and the later version with its reason, reads the report
(the sentence, the Zone against its synthetic control, the placebo areas, the event study, the
ring next door, each chart with its table), opens the earlier version's report, and downloads
the PDF and the data; programme staff publish a new version, refused first without a reason.
axe checks every page."""

import re

import pytest
from playwright.sync_api import expect

from peoplezones.demo.data import DEMO_PASSWORD, DEMO_TOTP_SECRET, load_demo
from peoplezones.evaluation.models import LockedMeasure
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OBJECTIVE = "Less anti-social behaviour around the shops and the park"


def test_a_resident_reads_the_evaluation_and_staff_publish_a_new_version(new_visit):
    load_demo()
    resident = new_visit()
    page = resident.page
    page.goto("/outcomes/zones/braunstone-park/")
    page.get_by_role("link", name="Evaluation plan and reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Evaluation plan for Braunstone Park")
    section = page.get_by_role("region", name=OBJECTIVE)
    expect(section).to_contain_text("Version 2")
    versions = section.get_by_role("table", name="Every version")
    expect(versions.get_by_role("row")).to_have_count(3)
    expect(versions).to_contain_text("The ring was widened from 500 to 800 metres")
    resident.assert_accessible("a Zone's evaluation plan")

    section.get_by_role("link", name=f"Evaluation report: {OBJECTIVE}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(OBJECTIVE)
    lede = page.locator(".lede")
    expect(lede).to_contain_text(re.compile(r"\d+% lower than similar areas"))
    expect(lede).to_contain_text("placebo areas")
    expect(page.get_by_text(re.compile(r"only a fall of about \d+% or more"))).to_be_visible()
    for chart in ("synthetic-chart-title", "placebo-chart-title", "event-chart-title"):
        expect(page.locator(f"svg[aria-labelledby={chart}]")).to_be_visible()
    placebos = page.get_by_role("table", name="Gap since launch, as a share of what was expected")
    counted = sum(int(n) for n in placebos.locator("tbody td:nth-child(3)").all_inner_texts())
    assert counted == 200
    expect(page.get_by_role("heading", name="Did crime move next door?")).to_be_visible()
    expect(
        page.get_by_role("table", name=re.compile("Weighted displacement difference"))
    ).to_be_visible()
    expect(page.get_by_role("table", name="Files the figures came from")).to_contain_text(
        "leicestershire-street.csv"
    )
    expect(page.get_by_text(re.compile(r"Fingerprint of the data analysed"))).to_be_visible()
    # The month-by-month tables are folded away; open them so axe checks them too.
    page.get_by_text("The Zone and its synthetic control, month by month").click()
    page.get_by_text("The event study, month by month").click()
    expect(page.get_by_role("table", name="Monthly rate per 1,000 residents")).to_be_visible()
    resident.assert_accessible("an evaluation report")

    pdf = page.request.get(
        page.get_by_role("link", name="Download this report (PDF)").get_attribute("href")
    )
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")
    data = page.request.get(
        page.get_by_role("link", name="Download the data analysed (CSV)").get_attribute("href")
    )
    assert data.text().startswith("lsoa_code,role,residents,month,count")
    assert "suppressed" in data.headers["content-disposition"]

    page.get_by_role("table", name="Every version of this measure").get_by_role(
        "link", name="1"
    ).click()
    expect(page.get_by_text(re.compile(r"Version 1, locked 1 March 2025"))).to_be_visible()
    resident.assert_accessible("the first version's report")

    staff = new_visit()
    sign_in(staff, "staff@example.org", DEMO_PASSWORD, DEMO_TOTP_SECRET)
    page = staff.page
    page.goto("/evaluation/zones/braunstone-park/")
    page.get_by_role("link", name=f"Change the measure for {OBJECTIVE}").click()
    page.get_by_label("Date of judgement").fill("2027-09-01")
    page.get_by_role("button", name="Publish the new version").click()
    expect(page.get_by_role("alert")).to_contain_text("Why it is changing")
    staff.assert_accessible("changing a measure, refused without a reason")
    page.get_by_label("Why it is changing").fill(
        "Judged six months later: the youth club opened late."
    )
    page.get_by_role("button", name="Publish the new version").click()
    expect(page.get_by_text("Version 3 of the measure is published.")).to_be_visible()
    expect(page.get_by_role("region", name=OBJECTIVE)).to_contain_text("the youth club opened late")
    assert LockedMeasure.objects.filter(objective__title=OBJECTIVE).count() == 3
