"""A resident chooses texts for reminders; staff read the messages that could not be delivered and
phone an applicant who asked for a call. Every page passes axe."""

import pytest
from playwright.sync_api import expect

from peoplezones.applications.models import ContactPreference
from peoplezones.core.models import Message, MessageStatus
from tests import factories
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_choose_texts_read_the_log_and_phone_an_applicant(new_visit):
    resident = factories.UserFactory(email="asha@example.org", name="Asha Patel")
    factories.StaffFactory(email="sam@example.org", name="Sam Staff")
    Message.objects.create(key="k1", user=resident, kind="reminders", channel="text",
                           to="+447400123456", subject="Reminder: Litter pick", body="...",
                           status=MessageStatus.FAILED, error="the number does not exist")  # fmt: skip
    application = factories.ApplicationFactory(
        contact_preference=ContactPreference.PHONE, phone="0116 496 0000"
    )

    asha = new_visit()
    sign_in(asha, "asha@example.org", factories.TEST_PASSWORD)
    page = asha.page
    page.goto("/account/notifications/")
    page.get_by_label("Mobile phone number").fill("+1 202 555 0143")
    page.get_by_role("group", name="How: reminders the day before an event").get_by_label(
        "Text message"
    ).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a UK mobile number")
    asha.assert_accessible("message choices with an error")
    page.get_by_label("Mobile phone number").fill("07400 123456")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your choices are saved")).to_be_visible()
    asha.assert_accessible("message choices")
    page.get_by_role("link", name="Messages sent to you").click()
    expect(page.get_by_role("table")).to_contain_text("Reminder: Litter pick")
    asha.assert_accessible("message log")

    sam = new_visit()
    sign_in(sam, "sam@example.org", factories.TEST_PASSWORD, factories.TEST_TOTP_SECRET)
    sam.page.goto("/messages/failed/")
    expect(sam.page.get_by_role("table")).to_contain_text("the number does not exist")
    sam.assert_accessible("messages that could not be delivered")
    sam.page.goto(application.get_absolute_url())
    expect(sam.page.get_by_text("They asked to be phoned, not emailed")).to_be_visible()
    sam.page.get_by_label("What was said on the call").fill("Spoke to them: 40 neighbours back it")
    sam.page.get_by_role("button", name="Keep the call on the record").click()
    expect(sam.page.get_by_text("The call is kept on the record")).to_be_visible()
    sam.assert_accessible("an application replied to by phone")
    by_post = factories.ApplicationFactory(
        contact_preference=ContactPreference.POST, email="",
        postal_address="4 Hinckley Road\nLeicester\nLE3 0TA",
    )  # fmt: skip
    sam.page.goto(by_post.get_absolute_url())
    expect(sam.page.get_by_role("heading", name="Reply by post")).to_be_visible()
    expect(sam.page.get_by_text("4 Hinckley Road")).to_be_visible()
    sam.assert_accessible("an application replied to by post")
