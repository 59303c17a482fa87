"""Assets listen for Zone boundary changes and re-find which Zones each asset sits in."""

from typing import Any


def _boundary_changed(sender: Any, zone: Any, **kwargs: Any) -> None:
    from peoplezones.assets.services import place_assets_for_zone

    place_assets_for_zone(zone)


def connect() -> None:
    from peoplezones.zones.signals import boundary_changed

    boundary_changed.connect(_boundary_changed, dispatch_uid="assets.place_for_zone")
