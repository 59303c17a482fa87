"""What happens in groups and at events: asking to join, booking with a waiting list, cancelling
(the next person waiting takes the place), taking the register, and certificates when a course is
complete. Emails go through tasks and respect each person's notification settings."""

import itertools
from datetime import datetime, timedelta

from dateutil.rrule import rrulestr
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from peoplezones.community import tasks
from peoplezones.community.ical import local_zone
from peoplezones.community.models import (
    Attendance,
    Booking,
    BookingStatus,
    Certificate,
    Event,
    Group,
    GroupMessage,
    Membership,
    MembershipStatus,
)
from peoplezones.core.models import User
from peoplezones.core.slugs import unique_slug

# A repeating event without an end shows this many dates from a little before today.
OPEN_ENDED_DATES = 26
OPEN_ENDED_PAST = timedelta(days=60)


class BookingRefused(ValueError):
    """A booking that cannot be made, with the reason in words for the person."""


def occurrences(event: Event, *, after: datetime | None = None, limit: int = 200) -> list[datetime]:
    """The event's start times, in order, without dates called off: its RRULE expanded from its
    first start in local time (a weekly 10:00 stays at 10:00 across the clock change), at most
    `limit`. A rule without an end gives OPEN_ENDED_DATES dates from OPEN_ENDED_PAST ago (or
    from `after`), however long ago it began."""
    first = event.starts.astimezone(local_zone())
    if not event.rrule:
        starts = [first]
    else:
        rule = rrulestr(event.rrule, dtstart=first, forceset=True)
        if "COUNT=" in event.rrule.upper() or "UNTIL=" in event.rrule.upper():
            starts = list(itertools.islice(rule, limit))
        else:
            since = after or timezone.now() - OPEN_ENDED_PAST
            starts = list(rule.xafter(since, count=OPEN_ENDED_DATES, inc=True))
    skipped = {datetime.fromisoformat(s) for s in event.skipped}
    return [s for s in starts if s not in skipped and (after is None or s >= after)]


def sessions(event: Event) -> list[datetime]:
    """A training course's sessions: all its dates."""
    return occurrences(event)


def booking_date(event: Event, wanted: datetime | None) -> datetime:
    """The date a booking is for: a course is booked as a whole (its first session); an event
    one date at a time, which must be one of its dates."""
    dates = occurrences(event)
    if not dates:
        raise BookingRefused("This event has no dates left.")
    if event.is_training:
        return dates[0]
    if wanted is None:
        return dates[0]
    for date in dates:
        if date == wanted:
            return date
    raise BookingRefused("That date is not one of this event's dates.")


def save_event(event: Event, *, was: datetime | None = None) -> Event:
    """A new or changed event (`was`: when it started before the change, so its places move)."""
    with transaction.atomic():
        event.save()
        if was is not None:
            moved(event, event.starts - was)
    return event


@transaction.atomic
def save_group(group: Group, *, organisers: object, toolkit_options: object) -> Group:
    """A new group (given a unique address) or a changed one, with its organisers."""
    if group.pk is None:
        group.slug = unique_slug(
            group.name, Group.objects.all(), fallback="group", max_length=150, reserved=("new",)
        )
    group.save()
    group.organisers.set(organisers)
    group.toolkit_options.set(toolkit_options)
    return group


def leave_group(group: Group, user: User) -> None:
    group.memberships.filter(user=user).update(status=MembershipStatus.LEFT)


def moved(event: Event, by: timedelta) -> None:
    """When an event's time changes, its places move with it (and are reminded again)."""
    if by:
        event.bookings.update(occurrence=F("occurrence") + by, reminder_sent_at=None)


def places_left(event: Event, occurrence: datetime) -> int | None:
    if event.capacity is None:
        return None
    booked = event.bookings.filter(occurrence=occurrence, status=BookingStatus.BOOKED).count()
    return max(0, event.capacity - booked)


@transaction.atomic
def book(event: Event, user: User, occurrence: datetime | None = None) -> Booking:
    """A place, or a place on the waiting list when the date is full. Booking again after
    cancelling takes a new place in the queue."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.cancelled:
        raise BookingRefused("This event has been cancelled.")
    if not event.booking_required:
        raise BookingRefused("This event does not take bookings: just come along.")
    when = booking_date(event, occurrence)
    if when < timezone.now():
        raise BookingRefused("That date has passed.")
    left = places_left(event, when)
    status = BookingStatus.WAITING if left == 0 else BookingStatus.BOOKED
    booking, created = Booking.objects.get_or_create(
        event=event, occurrence=when, user=user, defaults={"status": status}
    )
    if not created:
        if booking.status != BookingStatus.CANCELLED:
            return booking  # already booked or waiting: nothing changes
        # Back of the queue: a new creation time.
        Booking.objects.filter(pk=booking.pk).update(
            status=status, cancelled_at=None, reminder_sent_at=None, created_at=timezone.now()
        )
        booking.refresh_from_db()
    transaction.on_commit(lambda: tasks.email_booking.enqueue(booking.pk))
    return booking


@transaction.atomic
def cancel_booking(booking: Booking) -> Booking | None:
    """Cancel a place; the first person waiting for that date takes it (and is told). Returns the
    booking that moved up, if any."""
    event = Event.objects.select_for_update().get(pk=booking.event_id)
    booking = Booking.objects.get(pk=booking.pk)
    if booking.status == BookingStatus.CANCELLED:
        return None
    was_booked = booking.status == BookingStatus.BOOKED
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.save(update_fields=["status", "cancelled_at"])
    if not was_booked:
        return None
    waiting = event.bookings.filter(occurrence=booking.occurrence, status=BookingStatus.WAITING)
    promoted = waiting.order_by("created_at", "pk").first()
    if promoted is None or places_left(event, booking.occurrence) == 0:
        return None
    promoted.status = BookingStatus.BOOKED
    promoted.save(update_fields=["status"])
    transaction.on_commit(lambda: tasks.email_booking.enqueue(promoted.pk))
    return promoted


def register(event: Event, session: datetime) -> QuerySet[Booking]:
    """Who is booked for a session: for a course, everyone booked on it."""
    bookings = event.bookings.filter(status=BookingStatus.BOOKED).select_related("user")
    if not event.is_training:
        bookings = bookings.filter(occurrence=session)
    return bookings.order_by("user__name", "user__email")


@transaction.atomic
def take_register(
    event: Event, session: datetime, present: set[int], by: User
) -> list[Certificate]:
    """Mark everyone booked for the session present or absent; anyone who has now attended every
    session of a training course gets their certificate. Returns the certificates issued."""
    issued = []
    for booking in register(event, session):
        Attendance.objects.update_or_create(
            booking=booking, session=session,
            defaults={"present": booking.pk in present, "recorded_by": by},
        )  # fmt: skip
        if event.is_training and booking.pk in present and completed(booking):
            certificate, created = Certificate.objects.get_or_create(booking=booking)
            if created:
                issued.append(certificate)
                transaction.on_commit(lambda pk=certificate.pk: tasks.email_certificate.enqueue(pk))
    return issued


def completed(booking: Booking) -> bool:
    needed = {s for s in sessions(booking.event)}
    attended = set(booking.attendance.filter(present=True).values_list("session", flat=True))
    return bool(needed) and needed <= attended


# Groups ------------------------------------------------------------------------------------------


def ask_to_join(group: Group, user: User, message: str = "") -> Membership:
    membership, created = Membership.objects.get_or_create(
        group=group, user=user, defaults={"message": message}
    )
    if not created and membership.status in (MembershipStatus.LEFT, MembershipStatus.DECLINED):
        membership.status = MembershipStatus.REQUESTED
        membership.message = message
        membership.decided_at = None
        membership.save(update_fields=["status", "message", "decided_at"])
        created = True
    if created:
        transaction.on_commit(lambda: tasks.email_join_request.enqueue(membership.pk))
    return membership


def decide(membership: Membership, accept: bool) -> None:
    membership.status = MembershipStatus.MEMBER if accept else MembershipStatus.DECLINED
    membership.decided_at = timezone.now()
    membership.save(update_fields=["status", "decided_at"])
    transaction.on_commit(lambda: tasks.email_membership_decision.enqueue(membership.pk))


def remove_member(membership: Membership) -> None:
    membership.status = MembershipStatus.LEFT
    membership.decided_at = timezone.now()
    membership.save(update_fields=["status", "decided_at"])


@transaction.atomic
def cancel_event(event: Event) -> int:
    """Call the event off; everyone booked or waiting for a date to come is told. Returns how
    many places were cancelled."""
    event.cancelled = True
    event.save(update_fields=["cancelled", "updated_at"])
    affected = list(
        event.bookings.filter(
            status__in=[BookingStatus.BOOKED, BookingStatus.WAITING],
            occurrence__gte=timezone.now(),
        ).values_list("pk", flat=True)
    )
    for pk in affected:
        transaction.on_commit(lambda pk=pk: tasks.email_event_cancelled.enqueue(pk))
    return len(affected)


def message_organisers(group: Group, sender: User, body: str) -> GroupMessage:
    message = GroupMessage.objects.create(group=group, sender=sender, body=body)
    transaction.on_commit(lambda: tasks.email_group_message.enqueue(message.pk))
    return message


def upcoming_events(now: datetime | None = None) -> QuerySet[Event]:
    """Events with a date still to come (a repeating one until its rule runs out: approximated
    here by 'repeats or starts later', the dates themselves come from occurrences())."""
    now = now or timezone.now()
    return Event.objects.filter(Q(ends__gte=now) | ~Q(rrule="")).select_related("zone", "group")
