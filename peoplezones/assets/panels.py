"""What asset mapping adds to a Zone's public page: what the area already has, and where to
see it (the gaps in provision for those allowed)."""

from typing import Any

from django.http import HttpRequest

from peoplezones.assets.models import Visibility
from peoplezones.assets.permissions import can_see_gaps
from peoplezones.core.panels import Panel
from peoplezones.zones.models import Zone
from peoplezones.zones.panels import ZONE_ASSETS


def on_zone_page(request: HttpRequest, zone: Zone) -> dict[str, Any]:
    return {
        "public_assets": zone.assets.filter(visibility=Visibility.PUBLIC).count(),
        "can_see_gaps": can_see_gaps(request.user, zone),
    }


def register() -> None:
    ZONE_ASSETS.register(Panel("assets.zone", "assets/panels/zone.html", on_zone_page))
