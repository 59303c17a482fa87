"""Outcomes listen for a Zone's neighbourhoods being worked out again (after its boundary
changes, or new LSOA boundaries load) and count the Zone's crime and demand again: by point in
the new boundary, and figures placed by LSOA alone by the new neighbourhoods."""

from typing import Any

from peoplezones.geography.signals import zone_areas_linked
from peoplezones.outcomes.services import recount_zone


def _zone_areas_linked(sender: Any, zone: Any, **kwargs: Any) -> None:
    recount_zone(zone)


def connect() -> None:
    zone_areas_linked.connect(_zone_areas_linked, dispatch_uid="outcomes.recount_zone")
