"""What outcomes adds to other apps' pages: a partner's own figures on their dashboard."""

from typing import Any

from django.http import HttpRequest

from peoplezones.core.panels import DASHBOARD, Panel
from peoplezones.core.permissions import partner_organisation_id


def partner_figures(request: HttpRequest) -> dict[str, Any] | None:
    return {} if partner_organisation_id(request.user) else None


def register() -> None:
    DASHBOARD.register(
        Panel(
            "outcomes.partner_figures", "outcomes/panels/partner_figures.html", partner_figures, 35
        )
    )
