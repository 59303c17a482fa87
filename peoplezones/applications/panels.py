"""What applications adds to other apps' pages (the inbox's counts on programme staff's dashboard),
and the place on an application's page where others add what they know of its area."""

from typing import Any

from django.http import HttpRequest

from peoplezones.applications.queries import inbox_summary
from peoplezones.core.panels import DASHBOARD, Panel, Slot
from peoplezones.core.permissions import is_programme_staff

# An application's page: the evidence about its area (the programme app adds it).
APPLICATION_EVIDENCE = Slot("application.evidence")


def inbox(request: HttpRequest) -> dict[str, Any] | None:
    return {"inbox": inbox_summary()} if is_programme_staff(request.user) else None


def register() -> None:
    DASHBOARD.register(Panel("applications.inbox", "applications/panels/inbox.html", inbox, 10))
