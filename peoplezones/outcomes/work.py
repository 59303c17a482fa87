"""Outcomes' work items (core.work): for whoever uploaded it, a police or demand upload in the
last 30 days that failed, or that refused one of its files (nothing from that file was stored)."""

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from peoplezones.core.work import Urgency, WorkItem
from peoplezones.outcomes.models import Upload, UploadStatus

RECENT_DAYS = 30


def items_for(person: Any) -> Iterator[WorkItem]:
    if not person.is_authenticated:
        return
    recent = Upload.objects.filter(
        created_by=person, status__in=[UploadStatus.FAILED, UploadStatus.DONE],
        created_at__gte=timezone.now() - timedelta(days=RECENT_DAYS),
    ).order_by("-created_at")  # fmt: skip
    for upload in recent:
        refused = [r["name"] for r in upload.results if r.get("state") == "refused"]
        if upload.status == UploadStatus.DONE and not refused:
            continue
        yield WorkItem(
            _("Uploads with files refused or failed"),
            _("%(file)s: %(what)s")
            % {"file": upload.original_name,
               "what": _("failed") if upload.status == UploadStatus.FAILED
               else _("%(n)s file(s) refused") % {"n": len(refused)}},
            reverse("outcomes:upload_job", args=[upload.pk]), Urgency.SOON,
        )  # fmt: skip
