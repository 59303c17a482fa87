"""Postcodes and statistical areas as places the maps' search box finds (core.places)."""

import re
from typing import Any

from django.db.models import Max, Min, Q
from django.utils.translation import gettext as _

from peoplezones.core.places import Place, words
from peoplezones.core.postcodes import normalise_postcode
from peoplezones.geography.models import Postcode, StatisticalArea

# The outward code (LE3), or a sector (LE3 1): a district or a few thousand homes.
_PARTIAL = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?)(?: ?(\d))?$")
_AREA_CODE = re.compile(r"^[EW]0[0-9]\d{6}$")


def postcodes(query: str, user: Any) -> list[Place]:
    """A full postcode (live or not, it still marks a place), or a district or sector as the
    area its live postcodes cover."""
    full = normalise_postcode(query)
    if full:
        found = Postcode.objects.filter(postcode=full).exclude(lat=None).first()
        if found is None:
            return []
        return [Place(label=found.postcode, kind=_("Postcode"), lon=found.lon, lat=found.lat)]
    match = _PARTIAL.match(re.sub(r"\s+", " ", query.strip().upper()))
    if not match:
        return []
    prefix = f"{match.group(1)} {match.group(2) or ''}"
    within = Postcode.objects.filter(postcode__startswith=prefix, terminated=None).exclude(lat=None)
    box = within.aggregate(w=Min("lon"), s=Min("lat"), e=Max("lon"), n=Max("lat"))
    if box["w"] is None:
        return []
    label = prefix.strip()
    kind = _("Postcode sector") if match.group(2) else _("Postcode district")
    return [
        Place(
            label=label, kind=kind, lon=(box["w"] + box["e"]) / 2, lat=(box["s"] + box["n"]) / 2,
            bounds=(box["w"], box["s"], box["e"], box["n"]),
        )
    ]  # fmt: skip


def areas(query: str, user: Any) -> list[Place]:
    """Statistical areas by code (E01013612) or by every word of their name (Leicester 032B)."""
    text = query.strip()
    if _AREA_CODE.match(text.upper()):
        found = StatisticalArea.objects.filter(code=text.upper())
    else:
        terms = words(text)
        if not terms:
            return []
        rule = Q()
        for term in terms:
            rule &= Q(name__icontains=term)
        found = StatisticalArea.objects.filter(rule)
    return [
        Place(
            label=f"{area.name} ({area.code})", kind=area.get_kind_display(),
            lon=(area.min_lon + area.max_lon) / 2, lat=(area.min_lat + area.max_lat) / 2,
            bounds=(area.min_lon, area.min_lat, area.max_lon, area.max_lat),
        )
        for area in found.order_by("name")[:5]
    ]  # fmt: skip
