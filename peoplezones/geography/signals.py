"""Geography listens for Zone boundary changes and finds the LSOAs the Zone overlaps again, then
says so: figures placed by LSOA alone (outcomes) follow the Zone's neighbourhoods."""

from typing import Any

from django.dispatch import Signal

# Sent with `zone` whenever a Zone's LSOAs have been worked out again (its boundary changed, or
# new LSOA boundaries were loaded).
zone_areas_linked = Signal()


def _boundary_changed(sender: Any, zone: Any, **kwargs: Any) -> None:
    from peoplezones.geography.services import link_zone_areas

    link_zone_areas(zone)


def connect() -> None:
    from peoplezones.zones.signals import boundary_changed

    boundary_changed.connect(_boundary_changed, dispatch_uid="geography.link_zone_areas")
