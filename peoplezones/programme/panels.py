"""What the programme adds to other apps' pages: on an application's page, the evidence about its
area (the neighbourhoods around its postcode, their deprivation and crime against the programme's,
Zones and community assets nearby), from the same figures as where next."""

from typing import Any

import numpy as np
from django.http import HttpRequest

from peoplezones.applications.models import Application
from peoplezones.applications.panels import APPLICATION_EVIDENCE
from peoplezones.assets.models import Asset, AssetKind
from peoplezones.core.geo import to_bng_xy
from peoplezones.core.panels import Panel
from peoplezones.geography.postcodes import lookup
from peoplezones.programme import where_next
from peoplezones.zones.models import Zone

AROUND_M = 1500  # neighbourhoods whose centre is this close to the postcode
ZONES_WITHIN_M = 5000
ASSETS_WITHIN_M = 1000


def _metres(origin: tuple[float, float], lons: list[float], lats: list[float]) -> np.ndarray:
    x0, y0 = to_bng_xy([origin[0]], [origin[1]])
    xs, ys = to_bng_xy(lons, lats)
    return np.hypot(xs - x0[0], ys - y0[0])


def evidence(_request: HttpRequest, application: Application) -> dict[str, Any] | None:
    found = lookup([application.postcode]).get(application.postcode)
    if found is None or found.lon is None:
        return {"unknown_postcode": True}
    point = (found.lon, found.lat)
    areas = where_next.areas(where_next.weights_from({}))
    if not areas:
        return {"no_areas": True}
    away = _metres(point, [a.centre[0] for a in areas], [a.centre[1] for a in areas])
    around = sorted(
        (a for a, d in zip(areas, away, strict=True) if d <= AROUND_M or a.code == found.lsoa_code),
        key=lambda a: a.code != found.lsoa_code,
    )
    known = [a for a in areas if a.crime_per_1000 is not None and a.population]
    residents = sum(a.population for a in known)
    programme_rate = (
        round(sum(a.crime_per_1000 * a.population for a in known) / residents, 1)
        if residents else None
    )  # fmt: skip
    zones = [z for z in Zone.objects.exclude(boundary_centre=None) if z.boundary_centre]
    zone_away = _metres(point, [z.boundary_centre[0] for z in zones],
                        [z.boundary_centre[1] for z in zones]) if zones else []  # fmt: skip
    nearby_zones = sorted(
        ((z, round(d / 1000, 1)) for z, d in zip(zones, zone_away, strict=True)
         if d <= ZONES_WITHIN_M), key=lambda pair: pair[1],
    )  # fmt: skip
    x0, y0 = to_bng_xy([point[0]], [point[1]])
    near = Asset.objects.filter(
        x__range=(x0[0] - ASSETS_WITHIN_M, x0[0] + ASSETS_WITHIN_M),
        y__range=(y0[0] - ASSETS_WITHIN_M, y0[0] + ASSETS_WITHIN_M),
    ).values_list("x", "y", "kind")  # fmt: skip
    kinds: dict[str, int] = {}
    for x, y, kind in near:
        if np.hypot(x - x0[0], y - y0[0]) <= ASSETS_WITHIN_M:
            kinds[kind] = kinds.get(kind, 0) + 1
    return {
        "around": around, "programme_rate": programme_rate, "nearby_zones": nearby_zones,
        "asset_kinds": sorted((str(AssetKind(k).label).lower(), n) for k, n in kinds.items()),
        "assets_total": sum(kinds.values()), "around_m": AROUND_M, "assets_m": ASSETS_WITHIN_M,
        "zones_km": ZONES_WITHIN_M // 1000,
    }  # fmt: skip


def register() -> None:
    APPLICATION_EVIDENCE.register(
        Panel("programme.area_evidence", "programme/panels/area_evidence.html", evidence)
    )
