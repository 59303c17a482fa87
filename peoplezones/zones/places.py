"""Zones as places the maps' search box finds (core.places): those the person may see."""

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from peoplezones.core.places import Place, words
from peoplezones.zones.queries import visible_zones


def zones(query: str, user: Any) -> list[Place]:
    terms = words(query)
    if not terms:
        return []
    rule = Q()
    for term in terms:
        rule &= Q(name__icontains=term)
    found = visible_zones(user).filter(rule).exclude(boundary=None).order_by("name")[:5]
    return [
        Place(
            label=zone.name, kind=_("People Zone"), lon=zone.boundary_centre[0],
            lat=zone.boundary_centre[1], bounds=tuple(zone.boundary_bbox),
            url=zone.get_absolute_url(),
        )
        for zone in found
    ]  # fmt: skip
