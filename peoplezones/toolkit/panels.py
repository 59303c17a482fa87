"""What the Tool Kit adds to a Zone's management page: options that fit its objectives."""

from typing import Any

from django.http import HttpRequest

from peoplezones.core.panels import Panel
from peoplezones.toolkit.queries import suggestions_for
from peoplezones.zones.models import Zone
from peoplezones.zones.panels import ZONE_MANAGE


def ideas(_request: HttpRequest, zone: Zone) -> dict[str, Any]:
    return {"suggestions": suggestions_for(zone)}


def register() -> None:
    ZONE_MANAGE.register(Panel("toolkit.ideas", "toolkit/panels/ideas.html", ideas))
