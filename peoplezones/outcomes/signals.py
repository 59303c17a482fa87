"""Outcomes listen for Zone boundary changes and count the Zone's crime again."""

from typing import Any


def _boundary_changed(sender: Any, zone: Any, **kwargs: Any) -> None:
    from peoplezones.outcomes.services import recount_zone

    recount_zone(zone)


def connect() -> None:
    from peoplezones.zones.signals import boundary_changed

    boundary_changed.connect(_boundary_changed, dispatch_uid="outcomes.recount_zone")
