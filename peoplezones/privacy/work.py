"""Privacy's work items (core.work), for programme staff: erasure requests waiting for a decision
(the law allows a month)."""

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from peoplezones.core.permissions import is_programme_staff
from peoplezones.core.work import Urgency, WorkItem
from peoplezones.privacy.models import ErasureRequest, ErasureStatus


def items_for(person: Any) -> Iterator[WorkItem]:
    if not is_programme_staff(person):
        return
    for request in ErasureRequest.objects.filter(status=ErasureStatus.PENDING).order_by(
        "requested_at"
    ):
        days = (timezone.now() - request.requested_at).days
        yield WorkItem(
            _("Erasure requests to decide"),
            ngettext("Asked %(n)s day ago (a month is allowed)",
                     "Asked %(n)s days ago (a month is allowed)", days) % {"n": days},
            reverse("privacy:erasure", args=[request.pk]), Urgency.NOW,
        )  # fmt: skip
