"""Volunteering's work items (core.work), for the Zone's own coordinators (and, for concerns, the
safeguarding leads): requests for help waiting a week for a volunteer, missed check-outs, DBS
checks expiring within 30 days, and open safeguarding concerns (a count only: what was written is
never put in a list or an email)."""

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from peoplezones.core.work import Urgency, WorkItem
from peoplezones.volunteering.models import Concern, ConcernStatus, HelpRequest, RequestStatus
from peoplezones.volunteering.permissions import is_safeguarding_lead
from peoplezones.volunteering.queries import overdue_visits
from peoplezones.volunteering.services import expiring_checks
from peoplezones.zones.queries import zones_for_coordinator

UNMATCHED_DAYS = 7
CHECK_WARNING_DAYS = 30


def _coordinator(zones: list[Any]) -> Iterator[WorkItem]:
    waiting_since = timezone.now() - timedelta(days=UNMATCHED_DAYS)
    waiting = HelpRequest.objects.filter(
        zone__in=zones, status=RequestStatus.OPEN, created_at__lt=waiting_since
    ).select_related("zone", "help_type")
    for request in waiting.order_by("created_at"):
        days = (timezone.now() - request.created_at).days
        yield WorkItem(
            _("Requests for help waiting a week for a volunteer"),
            ngettext("%(help)s: waiting %(n)s day", "%(help)s: waiting %(n)s days", days)
            % {"help": request.help_type, "n": days},
            reverse("volunteering:request", args=[request.pk]), Urgency.NOW, request.zone.name,
        )  # fmt: skip
    for visit in overdue_visits().filter(match__request__zone__in=zones):
        yield WorkItem(
            _("Missed check-outs"),
            _("%(name)s has not checked out of a visit: check they are safe")
            % {"name": visit.match.volunteer.get_full_name()},
            reverse("volunteering:match", args=[visit.match_id]), Urgency.NOW,
            visit.match.request.zone.name,
        )  # fmt: skip
    today = timezone.localdate()
    for zone in zones:
        for check in expiring_checks(zone, on=today):
            if (check.renew_by - today).days > CHECK_WARNING_DAYS:
                continue
            expired = check.renew_by < today
            yield WorkItem(
                _("DBS checks expiring within 30 days"),
                (_("%(name)s's %(level)s check expired on %(date)s") if expired
                 else _("%(name)s's %(level)s check is due for renewal by %(date)s"))
                % {"name": check.volunteer.get_full_name(),
                   "level": check.get_level_display().lower(), "date": check.renew_by},
                reverse("volunteering:coordinate", args=[zone.slug]),
                Urgency.NOW if expired else Urgency.SOON, zone.name,
            )  # fmt: skip


def _concerns(person: Any, zones: list[Any]) -> Iterator[WorkItem]:
    concerns = Concern.objects.exclude(status=ConcernStatus.CLOSED)
    if not is_safeguarding_lead(person):
        concerns = concerns.filter(zone__in=zones)
    counts: dict[Any, int] = {}
    for concern in concerns.select_related("zone"):
        counts[concern.zone] = counts.get(concern.zone, 0) + 1
    for zone, n in sorted(counts.items(), key=lambda pair: pair[0].name):
        yield WorkItem(
            _("Open safeguarding concerns"),
            ngettext("%(n)s concern open", "%(n)s concerns open", n) % {"n": n},
            reverse("volunteering:concerns", args=[zone.slug]), Urgency.NOW, zone.name,
        )  # fmt: skip


def items_for(person: Any) -> Iterator[WorkItem]:
    if not person.is_authenticated:
        return
    zones = list(zones_for_coordinator(person))
    if zones:
        yield from _coordinator(zones)
    if zones or is_safeguarding_lead(person):
        yield from _concerns(person, zones)
