"""Applications' work items (core.work), for programme staff: applications waiting on us past
the reply target."""

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from peoplezones.applications.queries import inbox
from peoplezones.core.permissions import is_programme_staff
from peoplezones.core.work import Urgency, WorkItem


def items_for(person: Any) -> Iterator[WorkItem]:
    if not is_programme_staff(person):
        return
    for application in inbox(overdue=True).order_by("received_at"):
        days = (timezone.now() - application.received_at).days
        yield WorkItem(
            _("Applications past the reply target"),
            ngettext("%(ref)s, %(area)s: received %(n)s day ago",
                     "%(ref)s, %(area)s: received %(n)s days ago", days)
            % {"ref": application.reference, "area": application.area_name, "n": days},
            reverse("applications:detail", args=[application.reference]), Urgency.NOW,
        )  # fmt: skip
