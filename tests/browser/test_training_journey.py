"""Issue 8, journey (a): a coordinator puts a two-session course for community leaders on the
calendar; a resident books a place, is reminded by email, attends both sessions (the coordinator
takes the register) and prints a certificate anyone can check. axe checks every page."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from peoplezones.community.models import Certificate, Event
from tests import factories
from tests.browser.conftest import sign_in
from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COURSE = "Leading a community group"


def test_a_resident_books_a_course_is_reminded_attends_and_prints_a_certificate(
    new_visit, settings
):
    settings.PZ_REMINDER_HOURS = 48  # the course starts tomorrow
    coordinator = factories.CoordinatorFactory(name="Cora Hughes")
    zone = factories.ZoneFactory(name="Braunstone", coordinators=[coordinator], is_published=True)
    resident = factories.UserFactory(name="Rita Patel")
    tomorrow = timezone.localdate() + timedelta(days=1)

    lead = new_visit()
    sign_in(lead, coordinator.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    page = lead.page
    page.goto(f"/community/events/new/?zone={zone.slug}")
    lead.assert_accessible("new event form")
    page.get_by_label("Kind").select_option(label="Training course")
    page.get_by_label("Title").fill(COURSE)
    page.get_by_label("Description").fill("Two mornings on running meetings and keeping safe.")
    page.get_by_label("Where").fill("Braunstone Library, Community Room")
    page.get_by_label("Date", exact=True).fill(f"{tomorrow:%d/%m/%Y}")
    page.get_by_label("Starts at").fill("10:00")
    page.get_by_label("Ends at").fill("12:00")
    page.get_by_label("Repeats").select_option(label="Every week")
    page.get_by_label("How many dates in all").fill("2")
    page.get_by_label("Places").fill("12")
    page.get_by_label("Skills it builds").fill("Chairing a meeting\nSafeguarding basics")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name=COURSE)).to_be_visible()
    lead.assert_accessible("course page for its coordinator")
    course = Event.objects.get(title=COURSE)

    learner = new_visit()
    sign_in(learner, resident.email, TEST_PASSWORD)
    page = learner.page
    page.goto("/community/")
    learner.assert_accessible("what's on")
    page.get_by_role("link", name=COURSE).first.click()
    expect(page.get_by_role("heading", name="Skills it builds")).to_be_visible()
    learner.assert_accessible("course page")
    mail.outbox.clear()
    page.get_by_role("button", name="Book a place").click()
    expect(page.get_by_text("You have a place")).to_be_visible()
    learner.assert_accessible("course page, booked")
    assert [m.to for m in mail.outbox] == [[resident.email]]

    call_command("community_tick", stdout=None)  # cron, hourly
    reminders = [m for m in mail.outbox if m.subject == f"Reminder: {COURSE}"]
    assert [m.to for m in reminders] == [[resident.email]]
    call_command("community_tick", stdout=None)
    assert len([m for m in mail.outbox if m.subject.startswith("Reminder")]) == 1

    page = lead.page
    page.goto(course.get_absolute_url())
    page.get_by_role("link", name="Take the register").click()
    lead.assert_accessible("register")
    for session in range(2):
        if session:
            page.get_by_label("Session").select_option(index=1)
            page.get_by_role("button", name="Show").click()
        page.get_by_label("Rita Patel").check()
        page.get_by_role("button", name="Save the register").click()
        expect(page.get_by_text("Register saved: 1 of 1 came.")).to_be_visible()
    expect(page.get_by_text("1 certificate issued")).to_be_visible()
    certificate = Certificate.objects.get(booking__user=resident)

    page = learner.page
    page.goto(course.get_absolute_url())
    page.get_by_role("link", name="view and print your certificate").click()
    expect(page.get_by_role("heading", name="Certificate of completion")).to_be_visible()
    expect(page.get_by_text("Rita Patel")).to_be_visible()
    expect(page.get_by_text("attending all 2 sessions")).to_be_visible()
    learner.assert_accessible("certificate")
    page.get_by_role("link", name="Your bookings").click()
    learner.assert_accessible("your bookings")

    checker = new_visit()  # anyone shown the certificate can check its number
    checker.page.goto(f"/community/certificates/check/?code={certificate.code}")
    expect(checker.page.get_by_text("is genuine: Rita Patel completed")).to_be_visible()
    checker.assert_accessible("certificate check")
    for visit in (lead, learner, checker):
        assert visit.third_party == []
