"""Places on a Zone's pages that other apps fill (core.panels): zones renders what is registered
and imports none of them. Also zones' own panels on the dashboard."""

from typing import Any

from django.http import HttpRequest

from peoplezones.core.panels import DASHBOARD, Panel, Slot
from peoplezones.core.permissions import partner_organisation_id
from peoplezones.zones.queries import (
    actions_for_organisation,
    invitations_for,
    zones_for_coordinator,
)

# The public Zone page: buttons beside "Have your say" (take a survey, ...), and what the area has.
ZONE_ACTIONS = Slot("zone.actions")
ZONE_ASSETS = Slot("zone.assets")
# The Zone's management page: ideas and work other apps offer the coordinator.
ZONE_MANAGE = Slot("zone.manage")


def coordinated(request: HttpRequest) -> dict[str, Any] | None:
    zones = zones_for_coordinator(request.user)
    return {"coordinated_zones": zones} if zones.exists() else None


def partner(request: HttpRequest) -> dict[str, Any] | None:
    organisation_id = partner_organisation_id(request.user)
    if not organisation_id:
        return None
    return {
        "invitations": invitations_for(request.user),
        "organisation_actions": actions_for_organisation(organisation_id),
    }


def followed(request: HttpRequest) -> dict[str, Any] | None:
    follows = request.user.follows.select_related("zone")
    return {"followed": follows} if follows.exists() else None


def register() -> None:
    DASHBOARD.register(Panel("zones.coordinated", "zones/panels/coordinated.html", coordinated, 20))
    DASHBOARD.register(Panel("zones.partner", "zones/panels/partner.html", partner, 30))
    DASHBOARD.register(Panel("zones.followed", "zones/panels/followed.html", followed, 40))
