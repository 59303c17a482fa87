"""Asset mapping's work items (core.work): for a Zone's coordinators, its assets not checked for a
year (people rely on the details being right); for whoever started it, an import that failed or
was refused in the last 30 days; services a published feed stopped listing (for staff, and for
the coordinators of their Zones)."""

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from peoplezones.assets.models import Asset, ImportJob, JobStatus, stale_before
from peoplezones.core.permissions import is_programme_staff
from peoplezones.core.work import Urgency, WorkItem
from peoplezones.zones.queries import zones_for_coordinator

RECENT_DAYS = 30
UNLISTED_DAYS = 90  # a service a feed dropped is worth a look for three months
MAX_UNLISTED = 50


def items_for(person: Any) -> Iterator[WorkItem]:
    if not person.is_authenticated:
        return
    zones = list(zones_for_coordinator(person))
    unchecked = (
        Asset.objects.filter(steward_zone__in=zones)
        .filter(Q(last_verified=None) | Q(last_verified__lt=stale_before()))
        .select_related("steward_zone")
        .order_by("last_verified", "name")
    )
    for asset in unchecked:
        yield WorkItem(
            _("Assets not checked for a year"),
            (_("%(name)s: last checked %(date)s") if asset.last_verified
             else _("%(name)s: never checked"))
            % {"name": asset.name, "date": asset.last_verified},
            asset.get_absolute_url(), Urgency.LATER, asset.steward_zone.name,
        )  # fmt: skip
    gone = Asset.objects.exclude(unlisted_since=None).filter(
        unlisted_since__gte=timezone.localdate() - timedelta(days=UNLISTED_DAYS)
    )
    if not is_programme_staff(person):
        gone = gone.filter(Q(steward_zone__in=zones) | Q(zones__in=zones)).distinct()
    for asset in gone.order_by("-unlisted_since", "name")[:MAX_UNLISTED]:
        yield WorkItem(
            _("Services their directory no longer lists"),
            _("%(name)s: not in %(feed)s since %(date)s")
            % {"name": asset.name, "feed": asset.feed, "date": asset.unlisted_since},
            asset.get_absolute_url(), Urgency.LATER,
        )  # fmt: skip
    failed = ImportJob.objects.filter(
        created_by=person, status__in=[JobStatus.FAILED, JobStatus.REFUSED],
        created_at__gte=timezone.now() - timedelta(days=RECENT_DAYS),
    ).order_by("-created_at")  # fmt: skip
    for job in failed:
        yield WorkItem(
            _("Imports that failed"),
            _("%(file)s: %(status)s") % {"file": job.original_name, "status": job.get_status_display()},
            reverse("assets:import_job", args=[job.pk]), Urgency.SOON,
        )  # fmt: skip
