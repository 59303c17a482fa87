"""Reading statistical areas for people choosing them: near a place, by search, each with what is
known about it (residents, deprivation, postcodes inside it), and the sum of a selection."""

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db.models import Q, QuerySet

from peoplezones.core.geo import points_within
from peoplezones.core.postcodes import normalise_postcode
from peoplezones.geography.models import AreaKind, AreaProfile, Postcode, StatisticalArea

_CODE = re.compile(r"^[EWSN]\d{8}$")
# Areas a Zone can be built from, in the order they are offered.
BUILDING_KINDS = (AreaKind.LSOA21, AreaKind.WARD, AreaKind.PARISH)


@dataclass
class AreaFacts:
    code: str
    name: str
    kind: str
    kind_label: str
    geometry: dict[str, Any]
    population: int | None = None
    imd_decile: int | None = None
    postcodes: int = 0


@dataclass
class Selection:
    """What a set of areas adds up to."""

    areas: list[AreaFacts] = field(default_factory=list)

    @property
    def population(self) -> int:
        return sum(a.population or 0 for a in self.areas)

    @property
    def without_population(self) -> int:
        return sum(1 for a in self.areas if a.population is None)

    @property
    def postcodes(self) -> int:
        return sum(a.postcodes for a in self.areas)

    @property
    def deciles(self) -> list[tuple[int, int]]:
        """(decile, how many areas), most deprived first; areas with no decile are left out."""
        counts = Counter(a.imd_decile for a in self.areas if a.imd_decile)
        return sorted(counts.items())


def loaded_kinds() -> list[tuple[str, str]]:
    """The kinds of area a Zone can be built from that have boundaries loaded."""
    present = set(
        StatisticalArea.objects.filter(kind__in=BUILDING_KINDS)
        .values_list("kind", flat=True)
        .distinct()
    )
    return [(kind.value, kind.label) for kind in BUILDING_KINDS if kind.value in present]


def near(lon: float, lat: float, kind: str, *, km: float = 1.5) -> QuerySet[StatisticalArea]:
    """Areas of one kind whose bounds come within about `km` of a point."""
    d_lat = km / 111.0
    d_lon = km / (111.0 * max(np.cos(np.radians(lat)), 0.2))
    return StatisticalArea.objects.filter(
        kind=kind, min_lon__lte=lon + d_lon, max_lon__gte=lon - d_lon,
        min_lat__lte=lat + d_lat, max_lat__gte=lat - d_lat,
    )  # fmt: skip


def within(bounds: list[float], kind: str) -> QuerySet[StatisticalArea]:
    west, south, east, north = bounds
    return StatisticalArea.objects.filter(
        kind=kind, min_lon__lte=east, max_lon__gte=west, min_lat__lte=north, max_lat__gte=south
    )


def search(query: str, kind: str) -> QuerySet[StatisticalArea]:
    """By code, by a postcode inside the area (and its neighbours), or by every word of a name."""
    text = query.strip()
    if _CODE.match(text.upper()):
        return StatisticalArea.objects.filter(kind=kind, code=text.upper())
    postcode = normalise_postcode(text)
    if postcode:
        found = Postcode.objects.filter(postcode=postcode).exclude(lat=None).first()
        if found is None:
            return StatisticalArea.objects.none()
        return near(found.lon, found.lat, kind, km=0.75)
    rule = Q(kind=kind)
    for word in text.split()[:6]:
        rule &= Q(name__icontains=word)
    return StatisticalArea.objects.filter(rule)


def facts(areas: list[StatisticalArea]) -> list[AreaFacts]:
    """Each area with its residents and deprivation (where loaded) and the live postcodes whose
    point lies inside it."""
    profiles = AreaProfile.objects.in_bulk([a.code for a in areas], field_name="code")
    described = []
    for area in areas:
        profile = profiles.get(area.code)
        described.append(
            AreaFacts(
                code=area.code, name=area.name, kind=area.kind,
                kind_label=area.get_kind_display(), geometry=area.geometry,
                population=profile.population if profile else None,
                imd_decile=profile.imd_decile if profile else None,
            )
        )  # fmt: skip
    if not areas:
        return described
    west = min(a.min_lon for a in areas)
    east = max(a.max_lon for a in areas)
    south = min(a.min_lat for a in areas)
    north = max(a.max_lat for a in areas)
    points = list(
        Postcode.objects.filter(
            terminated=None, lon__gte=west, lon__lte=east, lat__gte=south, lat__lte=north
        ).values_list("lon", "lat")
    )
    if points:
        lons, lats = (np.array(column) for column in zip(*points, strict=True))
        _hits, inside = points_within([a.geometry for a in areas], lons, lats)
        for index, count in Counter(inside.tolist()).items():
            described[index].postcodes = count
    return described
