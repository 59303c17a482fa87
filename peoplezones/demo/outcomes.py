"""The demo's outcomes data: made-up neighbourhoods (LSOAs) with populations and deprivation
around Leicestershire, and four years of police.uk-layout street files loaded through the real
importer, with outcomes files for the latest months, a postcode for each neighbourhood, and the
fire and rescue service's deliberate fires sent as a partner's demand file. Crime falls a little
everywhere; in launched Zones it falls further after the launch, by different amounts, so each
Zone's comparison tells its own story."""

import math
import random
from datetime import date

from django.utils import timezone

from peoplezones.demo.zones import CENTRES
from peoplezones.geography.models import AreaProfile, Postcode, StatisticalArea
from peoplezones.geography.services import link_zone_areas
from peoplezones.outcomes import demand, queries, services
from peoplezones.outcomes.generate import outcomes_csv, street_csv
from peoplezones.outcomes.models import Batch
from peoplezones.outcomes.panels import MEASURE
from peoplezones.outcomes.queries import add_months
from peoplezones.zones import services as zone_services
from peoplezones.zones.models import IndicatorKind, Objective, Zone

MONTHS = 48  # four years: two before the first launch, for a fit and a placebo launch a year back
FIRE_SERVICE = "Leicestershire Fire and Rescue Service"
ELSEWHERE = 48  # comparison candidates, outside every Zone
# How much further crime falls in each Zone after its launch (a share of the level).
ZONE_EFFECT = {
    "braunstone-park": 0.22,
    "bell-foundry-loughborough": 0.05,
    "hinckley-castle-ward": 0.12,
}


def _square(
    code: str, name: str, lon: float, lat: float, step_lon: float = 0.012, step_lat: float = 0.008
) -> None:
    ring = [
        [lon, lat],
        [lon + step_lon, lat],
        [lon + step_lon, lat + step_lat],
        [lon, lat + step_lat],
        [lon, lat],
    ]
    StatisticalArea.objects.update_or_create(
        code=code,
        defaults={
            "name": name, "geometry": {"type": "Polygon", "coordinates": [ring]},
            "area_m2": step_lon * 111_320 * math.cos(math.radians(lat)) * step_lat * 110_540,
            "min_lon": lon, "min_lat": lat, "max_lon": lon + step_lon, "max_lat": lat + step_lat,
        },
    )  # fmt: skip


def _places(rng: random.Random) -> list[tuple[float, float, str, str, str, float]]:
    """(lon, lat, code, name, zone slug or "", crime level) for every demo neighbourhood."""
    places = []
    for area in StatisticalArea.objects.filter(code__startswith="E0190"):
        zone_number = int(area.code[5:7])
        slug = list(CENTRES)[zone_number - 1] if 0 < zone_number <= len(CENTRES) else ""
        lon, lat = (area.min_lon + area.max_lon) / 2, (area.min_lat + area.max_lat) / 2
        places.append((lon, lat, area.code, area.name, slug, 3.0))
    for i in range(ELSEWHERE):
        code = f"E0199{i:04d}"
        lon, lat = -1.30 + 0.5 * rng.random(), 52.52 + 0.28 * rng.random()
        if any(abs(lon - c[0]) < 0.05 and abs(lat - c[1]) < 0.04 for c in CENTRES.values()):
            lon += 0.1
        _square(code, f"Demo neighbourhood {i + 1:03d}", lon, lat)
        places.append(
            (
                lon + 0.006,
                lat + 0.004,
                code,
                f"Demo neighbourhood {i + 1:03d}",
                "",
                rng.uniform(1.2, 3.2),
            )
        )
    scores = {code: 20 + 12 * level + rng.uniform(-6, 6) for _x, _y, code, _n, _s, level in places}
    ranked = sorted(scores, key=scores.get, reverse=True)  # rank 1 is the most deprived
    for rank, code in enumerate(ranked):
        AreaProfile.objects.update_or_create(
            code=code,
            defaults={
                "population": rng.randint(1300, 1800), "imd_score": round(scores[code], 1),
                "imd_rank": rank + 1, "imd_decile": 1 + 10 * rank // len(ranked),
            },
        )  # fmt: skip
    return places


def load_outcomes(rng: random.Random) -> None:
    if Batch.objects.filter(force__slug="leicestershire").exists():
        return
    places = _places(rng)
    for zone in Zone.objects.exclude(boundary=None):
        link_zone_areas(zone)
    launches = {
        z.slug: z.launch_date.replace(day=1) for z in Zone.objects.exclude(launch_date=None)
    }
    last = add_months(timezone.localdate().replace(day=1), -1)
    first = add_months(last, -(MONTHS - 1))
    for m in range(MONTHS):
        month = add_months(first, m)
        weighted = []
        for lon, lat, code, name, slug, level in places:
            fall = 1 - 0.004 * m
            if slug in launches and month >= launches[slug]:
                fall *= 1 - ZONE_EFFECT.get(slug, 0.0)
            weighted += [(lon, lat, code, name)] * max(1, round(10 * level * fall))
        data = street_csv(
            month=month, force_name="Leicestershire Police", rows=len(weighted),
            places=weighted, rng=rng, spread=0.005,
        )  # fmt: skip
        services.import_police(data, f"{month:%Y-%m}-leicestershire-street.csv")
        if m >= MONTHS - 3:
            services.import_police(
                outcomes_csv(data, month=month, rng=rng),
                f"{month:%Y-%m}-leicestershire-outcomes.csv",
            )
    _postcodes(places)
    _deliberate_fires(places, launches, first, rng)
    _follow_figures()


def _follow_figures() -> None:
    """Each crime objective follows the police category its indicator names (or all crime)."""
    for objective in Objective.objects.filter(indicator_kind=IndicatorKind.CRIME, measure=""):
        named = {label.lower(): key for key, label in queries.categories_seen(objective.zone)}
        category = named.get(objective.indicator.strip().lower(), "")
        zone_services.update_objective(objective=objective, changes={"measure": MEASURE + category})


def _postcodes(places: list[tuple[float, float, str, str, str, float]]) -> None:
    """A made-up postcode in each demo neighbourhood (real ONSPD files load with
    `manage.py import_postcodes`)."""
    for i, (lon, lat, code, _name, _slug, _level) in enumerate(places):
        Postcode.objects.update_or_create(
            postcode=f"LE{90 + i // 26} {i % 9 + 1}{chr(65 + i % 26)}{chr(65 + (i * 7) % 26)}",
            defaults={"lat": lat, "lon": lon, "lsoa_code": code, "lad_code": "E06000016"},
        )


def _deliberate_fires(places: list, launches: dict, first: date, rng: random.Random) -> None:
    """The fire service's monthly counts per neighbourhood (by LSOA), and one month's incidents
    by postcode, sent through the partner importer. Deliberate fires fall where a Zone's youth
    work began."""
    rows = ["Month,LSOA code,Incident type,Count"]
    for m in range(MONTHS):
        month = add_months(first, m)
        for _lon, _lat, code, _name, slug, level in places:
            rate = 0.8 * level * (0.6 if slug in launches and month >= launches[slug] else 1)
            count = sum(1 for _ in range(12) if rng.random() < rate / 12)
            if count:
                rows.append(f"{month:%Y-%m},{code},Deliberate fires,{count}")
    demand.import_demand(
        ("\r\n".join(rows) + "\r\n").encode(), "deliberate-fires.csv", agency=FIRE_SERVICE
    )
