"""Issue 8, journey (b): a resident asks for weekly visits; a volunteer offers; without a DBS
record the volunteer is not offered for the match; the coordinator records an enhanced check and
confirms the match; the volunteer checks in and out and logs a visit, then raises a concern,
which reaches only the coordinator. axe checks every page; nobody else can open the concern."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from peoplezones.volunteering.models import Concern, Match
from tests import factories
from tests.browser.conftest import sign_in
from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_weekly_visits_matched_only_after_a_dbs_check_and_a_concern_reaches_the_coordinator(
    new_visit,
):
    coordinator = factories.CoordinatorFactory(name="Priya Desai")
    zone = factories.ZoneFactory(name="Braunstone", coordinators=[coordinator], is_published=True)
    other_coordinator = factories.CoordinatorFactory()
    factories.ZoneFactory(coordinators=[other_coordinator])
    resident = factories.UserFactory(name="Edna Cole")
    volunteer = factories.VolunteerFactory(name="Joyce Bennett")

    asker = new_visit()
    sign_in(asker, resident.email, TEST_PASSWORD)
    page = asker.page
    page.goto("/volunteering/")
    asker.assert_accessible("volunteering home")
    page.get_by_role("link", name="ask for help in Braunstone").click()
    asker.assert_accessible("ask for help")
    page.get_by_label("Weekly visit").check()
    page.get_by_label("How to contact them").fill("0116 496 0123")
    page.get_by_label("What would help").fill("A chat and a cup of tea; I don't get out much.")
    page.get_by_label("When suits").fill("Tuesday or Thursday afternoons")
    page.get_by_label("Postcode").fill("LE3 1QP")
    page.get_by_role("button", name="Send").click()  # no consent yet: refused, named
    expect(page.get_by_text("This field is required").first).to_be_visible()
    asker.assert_accessible("ask for help, with an error")
    page.get_by_label("I agree that").check()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("A coordinator will look for a volunteer")).to_be_visible()
    told = [m for m in mail.outbox if m.to == [coordinator.email]]
    assert [m.subject for m in told] == ["Braunstone: a request for help (weekly visit)"]
    assert "cup of tea" not in told[0].body  # details stay behind sign-in

    helper = new_visit()
    sign_in(helper, volunteer.email, TEST_PASSWORD)
    page = helper.page
    page.goto("/volunteering/")
    page.get_by_role("link", name="offer help in Braunstone").click()
    helper.assert_accessible("offer help")
    page.get_by_label("Weekly visit").check()
    page.get_by_label("When you are free").fill("Afternoons")
    page.get_by_label("Your postcode").fill("LE3 2AB")
    page.get_by_label("I agree that the Zone's coordinators may see").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Thank you for offering")).to_be_visible()

    lead = new_visit()
    sign_in(lead, coordinator.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    page = lead.page
    page.goto("/volunteering/")
    page.get_by_role("link", name="Braunstone").first.click()
    lead.assert_accessible("coordinating")
    page.get_by_role("link", name="Weekly visit: Edna Cole").click()
    expect(page.get_by_text("Nobody can be offered yet.")).to_be_visible()
    expect(page.get_by_role("button", name="Confirm this match")).to_have_count(0)
    lead.assert_accessible("request without an eligible volunteer")
    page.get_by_role("link", name="record a DBS check for Joyce Bennett").click()
    lead.assert_accessible("record a DBS check")
    page.get_by_label("Enhanced").check()
    page.get_by_label("Certificate number").fill("0012 3456 7890")
    page.get_by_label("Date the certificate was seen").fill("20/11/2026")
    page.get_by_label("Renew by").fill("20/11/2029")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Enhanced DBS check recorded for Joyce Bennett")).to_be_visible()
    page.get_by_role("link", name="Weekly visit: Edna Cole").click()
    page.get_by_role("button", name="Confirm this match with Joyce Bennett").click()
    expect(page.get_by_text("Matched with Joyce Bennett")).to_be_visible()
    lead.assert_accessible("match, for the coordinator")
    match = Match.objects.get()
    assert any(m.to == [volunteer.email] for m in mail.outbox)

    page = helper.page
    page.goto("/volunteering/")
    page.get_by_role("link", name="Weekly visit: Edna Cole").click()
    helper.assert_accessible("match, for the volunteer")
    page.get_by_role("button", name="Check in").click()
    expect(page.get_by_text("Remember to check out")).to_be_visible()
    helper.assert_accessible("checked in")
    page.get_by_label("Notes for the coordinator").fill(
        "Lovely afternoon; she showed me her garden."
    )
    page.get_by_role("button", name="Check out").click()
    expect(page.get_by_text("Checked out after")).to_be_visible()
    assert "she showed me her garden" not in page.content()  # notes are the coordinator's
    page.get_by_role("link", name="Raise a concern", exact=True).click()
    helper.assert_accessible("raise a concern")
    expect(page.get_by_text("call 999 now")).to_be_visible()
    mail.outbox.clear()
    page.get_by_label("What happened or what worries you").fill(
        "Her nephew shouted at her while I was there and took her bank card."
    )
    page.get_by_label("This is urgent").check()
    page.get_by_role("button", name="Send the concern").click()
    expect(
        page.get_by_role("heading", name="Thank you: your concern has been sent")
    ).to_be_visible()
    helper.assert_accessible("concern sent")
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    assert "nephew" not in mail.outbox[0].body
    concern = Concern.objects.get()
    assert concern.match == match and concern.urgent

    page = lead.page
    page.goto(f"/volunteering/zones/{zone.slug}/concerns/")
    lead.assert_accessible("concerns")
    page.get_by_role("link", name=f"Concern {concern.pk}").click()
    expect(page.get_by_text("took her bank card")).to_be_visible()
    lead.assert_accessible("a concern")
    page.goto(match.get_absolute_url())
    expect(page.get_by_text("she showed me her garden")).to_be_visible()

    outsider = new_visit()
    sign_in(outsider, other_coordinator.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    for path in (concern.get_absolute_url(), match.get_absolute_url()):
        response = outsider.page.goto(path)
        assert response is not None and response.status == 403
    outsider.assert_accessible("refused")
    for visit in (asker, helper, lead, outsider):
        assert visit.third_party == []
