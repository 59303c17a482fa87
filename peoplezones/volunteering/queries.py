"""Reads for volunteering that services, tasks and pages share: overdue visits for the
lone-working alert, and who receives a safeguarding concern."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from peoplezones.core.models import User
from peoplezones.volunteering.models import Visit


def overdue_visits(
    now: datetime | None = None, grace_minutes: int | None = None
) -> QuerySet[Visit]:
    """Visits checked in and not out, past their expected end plus the grace period (by default
    PZ_CHECKOUT_GRACE_MINUTES), not yet alerted."""
    now = now or timezone.now()
    if grace_minutes is None:
        grace_minutes = settings.PZ_CHECKOUT_GRACE_MINUTES
    grace = timedelta(minutes=grace_minutes)
    candidates = Visit.objects.filter(
        checked_in_at__isnull=False, checked_out_at=None, alert_sent_at=None
    ).select_related("match__request__zone", "match__volunteer")
    return candidates.filter(
        pk__in=[
            v.pk
            for v in candidates
            if v.checked_in_at + timedelta(minutes=v.expected_minutes) + grace <= now
        ]
    )


def safeguarding_recipients(zone: object) -> QuerySet[User]:
    """Who receives a concern in this Zone: its coordinators and the programme's safeguarding
    leads. Nobody else, whatever their role."""
    return User.objects.filter(
        Q(coordinated_zones=zone) | Q(is_safeguarding_lead=True), is_active=True
    ).distinct()
