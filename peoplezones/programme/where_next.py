"""Where the next Zone is most needed: every neighbourhood (LSOA) of the programme area ranked by
need, from four measures, each turned into its rank among the areas (0 the least need, 1 the most)
and weighted as the person chooses: deprivation (the IMD score), crime and anti-social behaviour
per 1,000 residents over the last 12 months loaded, partners' demand per 1,000 over the same
months, and the distance from the area's centre to the nearest community service."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from django.db.models import Max, Sum
from django.utils.translation import gettext_lazy as _
from scipy.stats import rankdata
from shapely.geometry import shape

from peoplezones.applications.models import OPEN, Application
from peoplezones.assets.gaps import nearest_distances
from peoplezones.assets.models import Asset, AssetKind
from peoplezones.core.geo import to_bng_xy
from peoplezones.geography.models import AreaKind, AreaProfile, StatisticalArea, ZoneArea
from peoplezones.geography.postcodes import lookup
from peoplezones.outcomes.models import BatchKind, LsoaMonthCount
from peoplezones.outcomes.queries import add_months


@dataclass(frozen=True)
class Measure:
    name: str
    label: object
    default: int


MEASURES = [
    Measure("imd", _("Deprivation (IMD score)"), 3),
    Measure("crime", _("Crime and anti-social behaviour per 1,000 residents"), 2),
    Measure("demand", _("Partners' demand per 1,000 residents"), 1),
    Measure("distance", _("Distance to the nearest community service"), 1),
]
MAX_WEIGHT = 5


def weights_from(query: dict) -> dict[str, int]:
    """Each measure's weight, 0 to 5, from a query (the defaults for anything missing or odd)."""
    found = {}
    for measure in MEASURES:
        text = str(query.get(measure.name, ""))
        found[measure.name] = min(int(text), MAX_WEIGHT) if text.isdigit() else measure.default
    return found


@dataclass
class Area:
    code: str
    name: str
    population: int | None
    imd_decile: int | None
    imd_score: float | None
    crime_per_1000: float | None
    demand_per_1000: float | None
    distance_km: float | None
    in_zone: bool
    applications: list[str] = field(default_factory=list)
    score: float = 0.0
    centre: tuple[float, float] = (0.0, 0.0)


def _last_months() -> tuple[date, date] | None:
    last = LsoaMonthCount.objects.filter(source=BatchKind.STREET).aggregate(m=Max("month"))["m"]
    return (add_months(last, -11), last) if last else None


def _per_1000(counts: Counter, code: str, population: int | None) -> float | None:
    if not population:
        return None
    return round(1000 * counts.get(code, 0) / population, 1)


def areas(weights: dict[str, int]) -> list[Area]:
    """Every LSOA with a profile, most need first."""
    profiles = {p.code: p for p in AreaProfile.objects.all()}
    rows = list(
        StatisticalArea.objects.filter(kind=AreaKind.LSOA21, code__in=profiles).only(
            "code", "name", "geometry"
        )
    )
    if not rows:
        return []
    span = _last_months()
    crime: Counter = Counter()
    demand: Counter = Counter()
    if span:
        counts = (
            LsoaMonthCount.objects.filter(month__gte=span[0], month__lte=span[1])
            .values_list("source", "lsoa_code")
            .annotate(n=Sum("count"))
        )
        for source, code, n in counts:
            if source == BatchKind.STREET:
                crime[code] += n
            elif source == BatchKind.DEMAND:
                demand[code] += n
    centres = [shape(area.geometry).centroid for area in rows]
    xs, ys = to_bng_xy([c.x for c in centres], [c.y for c in centres])
    services = list(Asset.objects.filter(kind=AssetKind.SERVICE).values_list("x", "y"))
    distances = nearest_distances(np.column_stack([xs, ys]), np.array(services).reshape(-1, 2))
    zoned = set(ZoneArea.objects.values_list("area__code", flat=True))
    applied: dict[str, list[str]] = {}
    open_applications = list(Application.objects.filter(status__in=OPEN))
    found = lookup([a.postcode for a in open_applications])
    for application in open_applications:
        postcode = found.get(application.postcode)
        if postcode and postcode.lsoa_code:
            applied.setdefault(postcode.lsoa_code, []).append(application.reference)
    result = []
    for area, centre, distance in zip(rows, centres, distances, strict=True):
        profile = profiles[area.code]
        result.append(
            Area(
                code=area.code, name=area.name, population=profile.population,
                imd_decile=profile.imd_decile, imd_score=profile.imd_score,
                crime_per_1000=_per_1000(crime, area.code, profile.population) if span else None,
                demand_per_1000=_per_1000(demand, area.code, profile.population)
                if demand else None,
                distance_km=round(float(distance) / 1000, 2) if np.isfinite(distance) else None,
                in_zone=area.code in zoned, applications=applied.get(area.code, []),
                centre=(round(centre.x, 5), round(centre.y, 5)),
            )
        )  # fmt: skip
    _score(result, weights)
    return sorted(result, key=lambda a: (-a.score, a.code))


def _ranks(values: list[float | None]) -> np.ndarray:
    """Each value's rank among the others, 0 (lowest) to 1 (highest); a missing value counts as
    the least need, so an area is never raised by what is not known about it."""
    known = np.array([v if v is not None else -np.inf for v in values], dtype=float)
    if len(known) < 2:
        return np.zeros(len(known))
    return (rankdata(known, method="average") - 1) / (len(known) - 1)


def _score(found: list[Area], weights: dict[str, int]) -> None:
    columns = {
        "imd": [a.imd_score for a in found],
        "crime": [a.crime_per_1000 for a in found],
        "demand": [a.demand_per_1000 for a in found],
        "distance": [a.distance_km for a in found],
    }
    total = sum(weights.values()) or 1
    score = sum(weights[name] * _ranks(values) for name, values in columns.items()) / total
    for area, value in zip(found, score, strict=True):
        area.score = round(float(value), 3)
