"""Assets listen for Zone boundary changes and re-find which Zones each asset sits in."""

from typing import Any

from peoplezones.assets.services import place_assets_for_zone
from peoplezones.zones.signals import boundary_changed


def _boundary_changed(sender: Any, zone: Any, **kwargs: Any) -> None:
    place_assets_for_zone(zone)


def connect() -> None:
    boundary_changed.connect(_boundary_changed, dispatch_uid="assets.place_for_zone")
