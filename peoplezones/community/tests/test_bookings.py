"""Booking: places, the waiting list and who moves up, courses booked whole, the register and
certificates, and reminders sent once to those who want them."""

from datetime import UTC, timedelta
from itertools import pairwise

import pytest
from django.core import mail
from django.utils import timezone

from peoplezones.community import services, tasks
from peoplezones.community.models import BookingStatus, Certificate, EventKind
from peoplezones.core.models import NotificationSettings
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Emails are queued when the transaction commits: inside this, as it ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_a_full_date_puts_people_on_the_waiting_list_and_a_cancellation_moves_the_first_up(
    committed,
):
    event = factories.make_event(capacity=2)
    first, second, third, fourth = (factories.UserFactory() for _ in range(4))
    assert services.book(event, first).status == BookingStatus.BOOKED
    assert services.book(event, second).status == BookingStatus.BOOKED
    waiting = services.book(event, third)
    later = services.book(event, fourth)
    assert (waiting.status, later.status) == (BookingStatus.WAITING, BookingStatus.WAITING)
    assert services.book(event, first).pk == event.bookings.get(user=first).pk  # no double
    mail.outbox.clear()
    with committed():
        promoted = services.cancel_booking(event.bookings.get(user=second))
    assert promoted.pk == waiting.pk
    assert event.bookings.get(user=third).status == BookingStatus.BOOKED
    assert event.bookings.get(user=fourth).status == BookingStatus.WAITING
    assert [m.to for m in mail.outbox] == [[third.email]]
    assert "You have a place" in mail.outbox[0].body
    # Booking again after cancelling joins the back of the queue.
    assert services.book(event, second).status == BookingStatus.WAITING
    assert services.places_left(event, event.starts) == 0


def test_a_repeating_event_is_booked_date_by_date_and_a_course_as_a_whole():
    weekly = factories.make_event(rrule="FREQ=WEEKLY;COUNT=4", capacity=1)
    dates = services.occurrences(weekly)
    assert len(dates) == 4 and all(b - a == timedelta(weeks=1) for a, b in pairwise(dates))
    person, other = factories.UserFactory(), factories.UserFactory()
    services.book(weekly, person, dates[2])
    assert services.book(weekly, other, dates[2]).status == BookingStatus.WAITING
    assert services.book(weekly, other, dates[1]).status == BookingStatus.BOOKED
    with pytest.raises(services.BookingRefused):
        services.book(weekly, person, dates[0] + timedelta(hours=1))  # not one of its dates
    course = factories.make_event(kind=EventKind.TRAINING, rrule="FREQ=WEEKLY;COUNT=3")
    booking = services.book(course, person, services.occurrences(course)[2])
    assert booking.occurrence == services.occurrences(course)[0]


def test_the_wall_clock_time_holds_across_the_change_to_summer_time():
    event = factories.make_event(rrule="FREQ=WEEKLY;COUNT=3")
    event.starts = timezone.make_aware(timezone.datetime(2027, 3, 21, 10, 0))
    event.ends = event.starts + timedelta(hours=1)
    event.save()
    dates = services.occurrences(event)  # the clocks go forward on 28 March 2027
    assert [timezone.localtime(d).hour for d in dates] == [10, 10, 10]
    utc = [d.astimezone(UTC) for d in dates]  # the same wall time is an hour sooner in UTC
    assert utc[1] - utc[0] == timedelta(days=7, hours=-1)


def test_past_and_cancelled_events_and_drop_in_events_refuse_bookings():
    person = factories.UserFactory()
    with pytest.raises(services.BookingRefused, match="passed"):
        services.book(factories.make_event(days=-2), person)
    with pytest.raises(services.BookingRefused, match="cancelled"):
        services.book(factories.make_event(cancelled=True), person)
    with pytest.raises(services.BookingRefused, match="just come along"):
        services.book(factories.make_event(booking_required=False), person)


def test_a_certificate_comes_when_every_session_of_a_course_is_attended(committed):
    organiser, learner, dropout = (factories.UserFactory() for _ in range(3))
    course = factories.make_event(
        kind=EventKind.TRAINING, rrule="FREQ=WEEKLY;COUNT=2", title="Leading a community group",
        skills="Running a meeting\nSafeguarding basics",
    )  # fmt: skip
    first, second = services.occurrences(course)
    a, b = services.book(course, learner), services.book(course, dropout)
    assert services.take_register(course, first, {a.pk, b.pk}, organiser) == []
    mail.outbox.clear()
    with committed():
        issued = services.take_register(course, second, {a.pk}, organiser)
    assert [c.booking.user for c in issued] == [learner]
    assert Certificate.objects.get().booking == a
    assert mail.outbox[0].to == [learner.email] and "certificate" in mail.outbox[0].subject.lower()
    # Taking the same register again issues nothing twice.
    assert services.take_register(course, second, {a.pk}, organiser) == []
    assert Certificate.objects.count() == 1


def test_reminders_go_once_to_people_who_want_them():
    soon = factories.make_event(days=0, title="Litter pick")
    soon.starts = timezone.now() + timedelta(hours=5)
    soon.ends = soon.starts + timedelta(hours=1)
    soon.save()
    later = factories.make_event(days=5)
    keen, quiet = factories.UserFactory(), factories.UserFactory()
    NotificationSettings.objects.create(user=quiet, reminders=False)
    for person in (keen, quiet):
        services.book(soon, person)
        services.book(later, person)
    mail.outbox.clear()
    assert tasks.send_reminders.call() == 1
    assert [m.to for m in mail.outbox] == [[keen.email]]
    assert mail.outbox[0].subject == "Reminder: Litter pick"
    assert tasks.send_reminders.call() == 0  # safe to run again
    assert len(mail.outbox) == 1


def test_a_weekly_event_without_an_end_that_began_long_ago_still_shows_its_next_dates():
    event = factories.make_event(rrule="FREQ=WEEKLY", days=-400)
    upcoming = services.occurrences(event, after=timezone.now())
    assert len(upcoming) == services.OPEN_ENDED_DATES
    assert timezone.now() < upcoming[0] <= timezone.now() + timedelta(days=7)
    person = factories.UserFactory()
    assert services.book(event, person, upcoming[1]).status == BookingStatus.BOOKED


def test_cancelling_an_event_tells_everyone_with_a_place_or_waiting(committed):
    event = factories.make_event(capacity=1)
    booked, waiting, gone = (factories.UserFactory() for _ in range(3))
    services.book(event, booked)
    services.book(event, waiting)
    services.cancel_booking(services.book(event, gone))
    mail.outbox.clear()
    with committed():
        assert services.cancel_event(event) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([booked.email, waiting.email])
    assert all(m.subject == "Cancelled: Coffee morning" for m in mail.outbox)
