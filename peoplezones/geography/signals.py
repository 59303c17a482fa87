"""Geography listens for Zone boundary changes and finds the LSOAs the Zone overlaps again."""

from typing import Any


def _boundary_changed(sender: Any, zone: Any, **kwargs: Any) -> None:
    from peoplezones.geography.services import link_zone_areas

    link_zone_areas(zone)


def connect() -> None:
    from peoplezones.zones.signals import boundary_changed

    boundary_changed.connect(_boundary_changed, dispatch_uid="geography.link_zone_areas")
