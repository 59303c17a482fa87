"""Asset mapping's work items (core.work): for a Zone's coordinators, its assets not checked for a
year (people rely on the details being right); for whoever started it, an import that failed or
was refused in the last 30 days."""

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from peoplezones.assets.models import Asset, ImportJob, JobStatus, stale_before
from peoplezones.core.work import Urgency, WorkItem
from peoplezones.zones.queries import zones_for_coordinator

RECENT_DAYS = 30


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
