"""Journey 1: a resident applies; staff sign in with a second factor, triage, ask for more and
accept; a draft Zone holds the application's content. axe checks every page and form state."""

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from playwright.sync_api import expect

from peoplezones.applications.models import Application, Status
from peoplezones.zones.models import Zone
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_application(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_label("Apply for our area to become a People Zone").check()
    page.get_by_label("Your name").fill("Jo Whitmore")
    page.get_by_label("Email address").fill("jo.whitmore@example.net")
    page.get_by_label("A resident").check()
    page.get_by_label("Name of the area or neighbourhood").fill("Saffron Lane estate")
    page.get_by_label("A postcode in the area").fill("le2 6aa")
    page.get_by_label("What would your community like to change?").fill(
        "Somewhere for young people to go in the evenings, and safer walking routes."
    )
    page.get_by_label("What strengths and assets does the area already have?").fill(
        "A library, a boxing club and a food bank at the church."
    )
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("I agree that the People Zones programme team").check()


def test_apply_triage_accept(visit, settings):
    page = visit.page
    staff = factories.StaffFactory(email="sam@example.org", name="Sam Okafor")

    # A resident reads about People Zones and finds the form.
    page.goto("/")
    page.get_by_role("link", name="Apply for your area or ask a question").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Apply or ask about a People Zone")

    # Sending it empty shows the error summary, linked to each field; nothing is stored.
    page.get_by_role("button", name="Send").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Enter your name")
    visit.assert_accessible("apply form with errors")
    summary.get_by_role("link", name="Your name: Enter your name").click()
    expect(page.get_by_label("Your name")).to_be_focused()
    assert Application.objects.count() == 0

    # A bot that fills the hidden field is refused.
    fill_application(page)
    page.locator("#id_website").fill("http://spam.example", force=True)
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("alert")).to_contain_text("We could not accept this form")
    visit.assert_accessible("apply form refused as spam")
    assert Application.objects.count() == 0

    # Filled in properly, it is received, with a reference and an acknowledgement email.
    page.goto("/apply/")
    fill_application(page)
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("We have received your form")
    application = Application.objects.get()
    expect(page.locator(".reference")).to_have_text(application.reference)
    visit.assert_accessible("thank-you page")
    assert any(application.reference in message.subject for message in mail.outbox)

    # Staff sign in: password, then the code from their authenticator app.
    page.goto("/accounts/login/")
    visit.assert_accessible("sign-in page")
    page.locator("input[name=login]").fill("sam@example.org")
    page.locator("input[name=password]").fill(factories.TEST_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.locator("input[name=code]")).to_be_visible()
    visit.assert_accessible("second-factor page")
    code = format_hotp_value(hotp_value(factories.TEST_TOTP_SECRET, int(time.time()) // 30))
    page.locator("input[name=code]").fill(code)
    page.locator("input[name=code]").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello, Sam")
    visit.assert_accessible("staff dashboard")

    # The inbox shows the new application; staff open it.
    page.get_by_role("link", name="1 new application").click()
    visit.assert_accessible("inbox")
    page.get_by_role("link", name=application.reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Saffron Lane estate")
    visit.assert_accessible("application detail")

    # Triage: in review, then a reply asking for more information.
    page.get_by_label("In review").check()
    page.get_by_role("button", name="Change status").click()
    expect(page.get_by_role("status")).to_contain_text("Status changed to In review")
    page.get_by_label("Message").fill("How many neighbours support the application?")
    page.get_by_label("This asks for more information").check()
    page.get_by_role("button", name="Send to jo.whitmore@example.net").click()
    expect(page.get_by_role("status")).to_contain_text("Reply sent")
    application.refresh_from_db()
    assert application.status == Status.MORE_INFO
    assert mail.outbox[-1].to == ["jo.whitmore@example.net"]

    # Declining without a reason is refused, and the error state is accessible too.
    page.get_by_label("Declined").check()
    page.get_by_role("button", name="Change status").click()
    expect(page.get_by_role("alert").first).to_contain_text("Give the reason for declining")
    visit.assert_accessible("decision form with an error")

    # Accept: a draft Zone now carries what the community wrote.
    page.get_by_label("Accepted").check()
    page.get_by_role("button", name="Change status").click()
    expect(page.get_by_role("status")).to_contain_text("A draft Zone, Saffron Lane estate")
    page.get_by_role("link", name="Saffron Lane estate").click()
    expect(page.get_by_text("Draft: this Zone is not public yet")).to_be_visible()
    expect(page.get_by_text("Somewhere for young people to go")).to_be_visible()
    visit.assert_accessible("draft Zone")
    zone = Zone.objects.get()
    assert not zone.is_published
    assert application.events.count() == 5  # received, in review, more info, (reply), accepted

    # Staff keep the public pages up to date without a deploy.
    page.goto("/staff/pages/")
    visit.assert_accessible("page list")
    page.get_by_role("link", name="Contact us").click()
    visit.assert_accessible("page editor")
    page.get_by_label("Body").fill("Call the programme team on Mondays.")
    page.get_by_role("button", name="Save and publish").click()
    page.goto("/about/contact/")
    expect(page.get_by_text("Call the programme team on Mondays.")).to_be_visible()
    assert visit.third_party == []
    assert staff.pk


def test_flood_answer_is_accessible(visit, settings):
    # A day's window: a fixed window that a minute boundary splits mid-test would let one more in.
    settings.PZ_PUBLIC_FORM_RATE = "1/86400"
    page = visit.page
    page.goto("/apply/")
    page.get_by_role("button", name="Send").click()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many attempts")
    visit.assert_accessible("rate-limited answer")
    assert Application.objects.count() == 0
