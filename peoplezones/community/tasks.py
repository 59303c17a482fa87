"""Emails about groups and events (django-tasks): booking confirmations and waiting-list places,
reminders, certificates, join requests and messages to organisers. Each respects the person's
notification settings."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy
from django_tasks import task

from peoplezones.community import ical
from peoplezones.community.models import (
    Booking,
    BookingStatus,
    Certificate,
    Group,
    GroupMessage,
    Membership,
)
from peoplezones.community.queries import reminders_due
from peoplezones.core.notify import email_person, site_url
from peoplezones.search import services as search

logger = logging.getLogger(__name__)


def _to_organisers(group: object, subject: str, template: str, context: dict) -> int:
    return sum(
        email_person(organiser, "groups", subject, template, context)
        for organiser in group.organisers.all()  # type: ignore[attr-defined]
    )


@task()
def email_booking(booking_id: int) -> bool:

    booking = Booking.objects.select_related("event", "user").get(pk=booking_id)
    if booking.status == BookingStatus.CANCELLED:
        return False
    subject = format_lazy(
        gettext_lazy("Your place: {title}")
        if booking.status == BookingStatus.BOOKED
        else gettext_lazy("Waiting list: {title}"),
        title=booking.event.title,
    )
    return email_person(
        booking.user, "bookings", subject, "community/email/booking.txt",
        {"booking": booking, "url": site_url(booking.event.get_absolute_url())},
    )  # fmt: skip


@task()
def send_reminders() -> int:
    """Reminders for places on dates starting within PZ_REMINDER_HOURS. Safe to run as often as
    wanted: each place is reminded once."""

    sent = 0
    now = timezone.now()
    for booking in reminders_due(now, settings.PZ_REMINDER_HOURS).select_related("event", "user"):
        if email_person(
            booking.user, "reminders",
            format_lazy(gettext_lazy("Reminder: {title}"), title=booking.event.title),
            "community/email/reminder.txt",
            {"booking": booking, "url": site_url(booking.event.get_absolute_url())},
            key=f"reminder:{booking.pk}",
        ):  # fmt: skip
            sent += 1
        type(booking).objects.filter(pk=booking.pk).update(reminder_sent_at=now)
    return sent


@task()
def email_certificate(certificate_id: int) -> bool:

    certificate = Certificate.objects.select_related("booking__event", "booking__user").get(
        pk=certificate_id
    )
    return email_person(
        certificate.booking.user, "bookings",
        format_lazy(gettext_lazy("Your certificate: {title}"),
                    title=certificate.booking.event.title),
        "community/email/certificate.txt",
        {"certificate": certificate, "url": site_url(certificate.get_absolute_url())},
    )  # fmt: skip


@task()
def email_join_request(membership_id: int) -> int:

    membership = Membership.objects.select_related("group", "user").get(pk=membership_id)
    url = site_url(membership.group.get_absolute_url() + "members/")
    return _to_organisers(
        membership.group, f"{membership.group.name}: someone asked to join",
        "community/email/join_request.txt", {"membership": membership, "url": url},
    )  # fmt: skip


@task()
def email_membership_decision(membership_id: int) -> bool:

    membership = Membership.objects.select_related("group", "user").get(pk=membership_id)
    return email_person(
        membership.user, "groups",
        format_lazy(gettext_lazy("{group}: your request to join"), group=membership.group.name),
        "community/email/membership_decision.txt",
        {"membership": membership, "url": site_url(membership.group.get_absolute_url())},
    )  # fmt: skip


@task()
def email_group_message(message_id: int) -> int:

    message = GroupMessage.objects.select_related("group", "sender").get(pk=message_id)
    url = site_url(message.group.get_absolute_url() + "messages/")
    return _to_organisers(
        message.group, f"{message.group.name}: a message from {message.sender}",
        "community/email/group_message.txt", {"message": message, "url": url},
    )  # fmt: skip


@task()
def refresh_calendars() -> int:
    """Read again every group's own calendar not read for PZ_CALENDAR_REFRESH_HOURS. A calendar
    that cannot be read keeps its events as they were and shows the problem to the organisers."""

    due = timezone.now() - timedelta(hours=settings.PZ_CALENDAR_REFRESH_HOURS)
    groups = Group.objects.exclude(calendar_url="").filter(
        Q(calendar_checked_at=None) | Q(calendar_checked_at__lt=due)
    )
    read = 0
    for group in groups:
        try:
            ical.import_calendar(group, ical.fetch(group.calendar_url))
            read += 1
        except ical.CalendarRefused as refused:
            problem = "; ".join(refused.problems)
        except Exception:  # one group's calendar never stops the others being read
            logger.exception("Reading the calendar of group %s failed", group.pk)
            problem = "the calendar could not be read this time; it will be tried again"
        else:
            continue
        group.calendar_checked_at = timezone.now()
        group.calendar_problem = problem[:300]
        group.save(update_fields=["calendar_checked_at", "calendar_problem"])
    return read


@task()
def email_event_cancelled(booking_id: int) -> bool:

    booking = Booking.objects.select_related("event", "user").get(pk=booking_id)
    return email_person(
        booking.user, "bookings",
        format_lazy(gettext_lazy("Cancelled: {title}"), title=booking.event.title),
        "community/email/event_cancelled.txt",
        {"booking": booking, "url": site_url("/community/")},
    )  # fmt: skip


@task()
def refresh_event_search() -> int:
    """Events whose last date has passed leave the site's search (no save tells it when):
    the events' entries are written afresh. Queued by community_tick."""
    return search.rebuild(["event"])["event"]
