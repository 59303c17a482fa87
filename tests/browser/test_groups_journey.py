"""Groups: a coordinator lists a walking group run by a resident; a neighbour asks to join and
writes to the organiser; the organiser accepts, reads the message and brings in the group's own
calendar (a broken file first, refused whole); the neighbour chooses which emails they get. axe
checks every page."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from peoplezones.community.models import Group, MembershipStatus
from peoplezones.core.models import NotificationSettings
from tests import factories
from tests.browser.conftest import sign_in
from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CALENDAR = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Walkers//EN\r\nBEGIN:VEVENT\r\n"
    "UID:walk@walkers.example\r\nSUMMARY:Saturday long walk\r\n"
    "DTSTART;TZID=Europe/London:20991002T093000\r\nDTEND;TZID=Europe/London:20991002T123000\r\n"
    "RRULE:FREQ=WEEKLY;COUNT=4\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def test_a_group_is_listed_joined_written_to_and_fed_from_its_own_calendar(new_visit, tmp_path):
    coordinator = factories.CoordinatorFactory()
    zone = factories.ZoneFactory(name="Braunstone", coordinators=[coordinator], is_published=True)
    organiser = factories.UserFactory(name="Olu Adeyemi", email="olu@example.org")
    neighbour = factories.UserFactory(name="Nina Shah")

    lead = new_visit()
    sign_in(lead, coordinator.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    page = lead.page
    page.goto("/community/groups/")
    page.get_by_role("link", name="List a group").click()
    lead.assert_accessible("group form")
    page.get_by_label("Name").fill("Braunstone Striders")
    page.get_by_label("Zone", exact=True).select_option(label="Braunstone")
    page.get_by_label("Kind of group").select_option(label="Walking, sport and exercise")
    page.get_by_label("What the group does").fill("Brisk walks, all weathers.")
    page.get_by_label("Organisers").fill("olu@example.org")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Braunstone Striders")).to_be_visible()
    group = Group.objects.get(zone=zone)

    member = new_visit()
    sign_in(member, neighbour.email, TEST_PASSWORD)
    page = member.page
    page.goto(f"/community/groups/?zone={zone.slug}")
    member.assert_accessible("groups in a Zone")
    page.get_by_role("link", name="Braunstone Striders").click()
    member.assert_accessible("group page")
    page.get_by_label("A note for the organisers").fill("I walk most mornings.")
    page.get_by_role("button", name="Ask to join").click()
    expect(page.get_by_text("Your request has gone to the organisers")).to_be_visible()
    page.get_by_role("link", name="Send the organisers a message").click()
    member.assert_accessible("message form")
    page.get_by_role("button", name="Send").click()  # empty: refused, named
    expect(page.get_by_text("This field is required").first).to_be_visible()
    member.assert_accessible("message form with an error")
    page.get_by_label("Your message").fill("Do you walk on bank holidays?")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Your message has gone to the organisers")).to_be_visible()
    assert "olu@example.org" not in page.content()
    assert {m.to[0] for m in mail.outbox} >= {"olu@example.org"}

    runner = new_visit()
    sign_in(runner, organiser.email, TEST_PASSWORD)
    page = runner.page
    page.goto(group.get_absolute_url())
    page.get_by_role("link", name="Members and requests to join").click()
    runner.assert_accessible("members page")
    page.get_by_role("button", name="Accept Nina Shah").click()
    expect(page.get_by_text("Nina Shah: member.")).to_be_visible()
    assert group.memberships.get(user=neighbour).status == MembershipStatus.MEMBER
    page.goto(group.get_absolute_url() + "messages/")
    expect(page.get_by_text("Do you walk on bank holidays?")).to_be_visible()
    runner.assert_accessible("messages page")
    page.goto(group.get_absolute_url() + "calendar/")
    runner.assert_accessible("calendar page")
    broken = tmp_path / "broken.ics"
    broken.write_text(CALENDAR.replace("DTSTART;TZID=Europe/London:20991002T093000\r\n", ""))
    page.get_by_label("Calendar file (.ics)").set_input_files(str(broken))
    page.get_by_role("button", name="Read the file").click()
    expect(page.get_by_text("event 1 (walk@walkers.example): no start (DTSTART)")).to_be_visible()
    runner.assert_accessible("calendar page with problems")
    assert group.events.count() == 0
    good = tmp_path / "walks.ics"
    good.write_text(CALENDAR)
    page.get_by_label("Calendar file (.ics)").set_input_files(str(good))
    page.get_by_role("button", name="Read the file").click()
    expect(page.get_by_text("Calendar read: 1 new")).to_be_visible()
    expect(page.get_by_role("link", name="Saturday long walk").first).to_be_visible()

    page = member.page
    page.goto("/account/notifications/")
    member.assert_accessible("notification settings")
    page.get_by_label("reminders the day before an event", exact=False).uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your choices are saved")).to_be_visible()
    assert not NotificationSettings.wants(neighbour, "reminders")
    assert NotificationSettings.wants(neighbour, "bookings")
    for visit in (lead, member, runner):
        assert visit.third_party == []
