"""What applications adds to other apps' pages: the inbox's counts on programme staff's
dashboard."""

from typing import Any

from django.http import HttpRequest

from peoplezones.applications.queries import inbox_summary
from peoplezones.core.panels import DASHBOARD, Panel
from peoplezones.core.permissions import is_programme_staff


def inbox(request: HttpRequest) -> dict[str, Any] | None:
    return {"inbox": inbox_summary()} if is_programme_staff(request.user) else None


def register() -> None:
    DASHBOARD.register(Panel("applications.inbox", "applications/panels/inbox.html", inbox, 10))
