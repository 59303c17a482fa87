"""Reads for community that services and tasks share."""

from datetime import datetime, timedelta

from django.db.models import QuerySet

from peoplezones.community.models import Booking, BookingStatus


def reminders_due(now: datetime, hours: int) -> QuerySet[Booking]:
    """Places on dates starting within `hours` that have not had their reminder."""
    return Booking.objects.filter(
        status=BookingStatus.BOOKED,
        reminder_sent_at=None,
        occurrence__gt=now,
        occurrence__lte=now + timedelta(hours=hours),
        event__cancelled=False,
    )
