"""Community places (assets) as places the maps' search box finds (core.places): by name, or by
a street in their address; only those the person may see."""

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from peoplezones.assets.queries import visible_assets
from peoplezones.core.places import Place, words


def assets(query: str, user: Any) -> list[Place]:
    terms = words(query)
    if not terms:
        return []
    by_name, by_address = Q(), Q()
    for term in terms:
        by_name &= Q(name__icontains=term)
        by_address &= Q(address__icontains=term)
    found = visible_assets(user).filter(by_name | by_address).order_by("name")[:5]
    return [
        Place(
            label=asset.name + (f", {asset.address}" if asset.address else ""),
            kind=_("Community place"), lon=asset.lon, lat=asset.lat,
            url=asset.get_absolute_url(),
        )
        for asset in found
    ]  # fmt: skip
