"""Reads for outcomes pages: a Zone's monthly series from the kept counts (never raw rows), its
population and rates, and the comparison with matched similar areas."""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from django.core.cache import cache
from django.db.models import Count, Max, Min, Sum

from peoplezones.geography.models import AreaProfile, ZoneArea
from peoplezones.outcomes import analysis, disclosure
from peoplezones.outcomes.models import (
    Batch,
    BatchKind,
    DemandRecord,
    DemandType,
    LsoaMonthCount,
    ZoneMonthCount,
)
from peoplezones.outcomes.police import ASB, category_name, outcome_name
from peoplezones.outcomes.services import ZONE_AREA_SHARE

BASELINE_MONTHS = 12
COMPARISON_CACHE_SECONDS = 7 * 24 * 3600
MISSING = object()
DEMAND = "demand:"  # categories from partners' demand data: "demand:<demand type slug>"


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def months_between(first: date, last: date) -> list[date]:
    months, month = [], first
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


@dataclass
class Series:
    category: str  # "" for all crime, a code otherwise
    label: str
    months: list[date]
    counts: list[int]
    population: int | None
    launch: date | None
    # The 12 months to each month, as published (disclosure.py): None before 12 months are
    # loaded, and when any of the 12 is hidden.
    rolling: list[int | None] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rolling = [
            disclosure.total(self.counts[i - 11 : i + 1]) if i >= 11 else None
            for i in range(len(self.counts))
        ]

    def rate(self, count: float) -> float | None:
        return None if not self.population else 1000 * count / self.population

    @property
    def shown(self) -> list[int]:
        """The counts as a chart may draw them: a count under the small-number threshold as 0."""
        return [0 if disclosure.hidden(count) else count for count in self.counts]

    @property
    def rows(self) -> list[dict[str, Any]]:
        """Each month as published: a hidden count, and a 12-month figure withheld (rather than
        not yet available) because one of its months is hidden, are marked."""
        return [
            {
                "month": month, "count": count, "hidden": disclosure.hidden(count),
                "rolling": rolling, "rolling_rate": self.rate(rolling) if rolling is not None else None,
                "rolling_withheld": i >= 11 and rolling is None,
                "after_launch": bool(self.launch and month >= self.launch),
            }
            for i, (month, count, rolling) in enumerate(
                zip(self.months, self.counts, self.rolling, strict=True)
            )
        ]  # fmt: skip

    def period(self, after: bool) -> list[int]:
        """The months' counts before the launch, or from it on."""
        if not self.launch:
            return []
        return [
            c for m, c in zip(self.months, self.counts, strict=True) if (m >= self.launch) == after
        ]

    def mean(self, after: bool) -> float | None:
        """The average month before launch (or since), or None: no launch, no such months, or
        withheld because one of them is hidden."""
        chosen = self.period(after)
        published = disclosure.total(chosen)
        return published / len(chosen) if chosen and published is not None else None

    @property
    def means_withheld(self) -> bool:
        return any(disclosure.hidden(c) for c in self.period(False) + self.period(True))


def zone_population(zone: Any) -> int | None:
    """Residents of the Zone's LSOAs, each counted by the share of it inside the boundary."""
    return zone_populations([zone])[zone.pk]


def zone_populations(zones: Sequence[Any]) -> dict[int, int | None]:
    """zone_population for each of `zones`, in two queries however many there are."""
    links = list(ZoneArea.objects.filter(zone__in=zones).select_related("area"))
    profiles = AreaProfile.objects.in_bulk({link.area.code for link in links}, field_name="code")
    totals = dict.fromkeys((zone.pk for zone in zones), 0.0)
    for link in links:
        if link.area.code in profiles:
            totals[link.zone_id] += (profiles[link.area.code].population or 0) * link.share_inside
    return {pk: round(total) or None for pk, total in totals.items()}


def latest_month() -> date | None:
    return (
        Batch.objects.filter(kind=BatchKind.STREET)
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )


def earliest_month() -> date | None:
    return (
        Batch.objects.filter(kind=BatchKind.STREET)
        .order_by("month")
        .values_list("month", flat=True)
        .first()
    )


def demand_type(category: str) -> DemandType | None:
    if not category.startswith(DEMAND):
        return None
    return DemandType.objects.filter(slug=category.removeprefix(DEMAND)).first()


def loaded_span(category: str) -> tuple[date | None, date | None]:
    """The first and last month loaded for this category: police months, or the partner's."""
    kind = demand_type(category)
    if kind is None:
        return earliest_month(), latest_month()
    months = DemandRecord.objects.filter(demand_type=kind).aggregate(Min("month"), Max("month"))
    return months["month__min"], months["month__max"]


def zone_series(
    zone: Any, category: str = "", months: int = 36, last: date | None = None
) -> Series:
    return zones_series([zone], category, months, last)[zone.pk]


def zones_series(
    zones: Sequence[Any], category: str = "", months: int = 36, last: date | None = None
) -> dict[int, Series]:
    """Each Zone's monthly counts of `category` over the `months` to `last` (the latest loaded
    by default; only months loaded), in five queries however many Zones there are."""
    earliest, latest = loaded_span(category)
    last = last or latest or date.today().replace(day=1)
    first = max(add_months(last, -(months - 1)), earliest or last)  # only months loaded
    counts = _of_category(
        ZoneMonthCount.objects.filter(zone__in=zones, month__gte=first, month__lte=last), category
    )
    by_zone: dict[int, dict[date, int]] = {zone.pk: {} for zone in zones}
    for zone_id, month, n in counts.values_list("zone", "month").annotate(n=Sum("count")):
        by_zone[zone_id][month] = int(n)
    span = months_between(first, last)
    populations = zone_populations(zones)
    return {
        zone.pk: Series(
            category=category, label=category_label(category), months=span,
            counts=[by_zone[zone.pk].get(m, 0) for m in span], population=populations[zone.pk],
            launch=zone.launch_date.replace(day=1) if zone.launch_date else None,
        )
        for zone in zones
    }  # fmt: skip


def outcomes_recorded(zone: Any, months: int = 12) -> tuple[list[tuple[str, int]], date | None]:
    """What happened to crimes in the Zone: police.uk outcomes recorded in the last `months`
    months of outcomes loaded, by outcome type, most first; and the last month."""
    rows = ZoneMonthCount.objects.filter(zone=zone, source=BatchKind.OUTCOMES)
    last = rows.order_by("-month").values_list("month", flat=True).first()
    if last is None:
        return [], None
    totals = (
        rows.filter(month__gt=add_months(last, -months))
        .values_list("category")
        .annotate(n=Sum("count"))
        .order_by("-n", "category")
    )
    return [(outcome_name(code), int(n)) for code, n in totals], last


# What a Zone's page can show besides one category at a time.
GROUPS = {
    "": "All crime and anti-social behaviour",
    "crime": "All crime (not anti-social behaviour)",
}


def category_label(category: str) -> str:
    if category.startswith(DEMAND):
        kind = demand_type(category)
        return f"{kind.name} ({kind.agency})" if kind else category
    return GROUPS.get(category) or category_name(category)


def categories_seen(zone: Any) -> list[tuple[str, str]]:
    """Police categories, then partners' demand types, with counts in this Zone."""
    seen = ZoneMonthCount.objects.filter(zone=zone, source__in=[BatchKind.STREET, BatchKind.DEMAND])
    pairs = set(seen.order_by().values_list("source", "category").distinct())
    police = sorted(
        ((c, category_name(c)) for source, c in pairs if source == BatchKind.STREET),
        key=lambda pair: pair[1],
    )
    slugs = [c for source, c in pairs if source == BatchKind.DEMAND]
    demand = [
        (DEMAND + kind.slug, f"{kind.name} ({kind.agency})")
        for kind in DemandType.objects.filter(slug__in=slugs)
    ]
    return police + demand


def category_choices(zone: Any) -> list[tuple[str, str]]:
    """Every figure a Zone's page can follow: the groups, then what has been counted there."""
    return [*GROUPS.items(), *categories_seen(zone)]


def grouped(choices: list[tuple[str, str]]) -> list[tuple[str, list[tuple[str, str]]]]:
    police = [c for c in choices if not c[0].startswith(DEMAND)]
    partners = [c for c in choices if c[0].startswith(DEMAND)]
    return [("Police", police)] + ([("Partners' figures", partners)] if partners else [])


@dataclass(frozen=True)
class YearOnYear:
    """A figure over the last 12 months loaded and the 12 before, as a Zone page shows it beside
    an objective; a total is withheld (None) when a month of it is hidden (disclosure.py)."""

    label: str
    category: str
    last_month: date
    last: int | None
    previous: int | None
    previous_loaded: bool  # False when fewer than 24 months are loaded
    threshold: int


def year_on_year(zone: Any, category: str = "") -> YearOnYear | None:
    series = zone_series(zone, category, months=24)
    if not series.months or not categories_seen(zone):
        return None
    counts = series.counts
    return YearOnYear(
        label=series.label, category=category, last_month=series.months[-1],
        last=disclosure.total(counts[-12:]),
        previous=disclosure.total(counts[-24:-12]) if len(counts) >= 24 else None,
        previous_loaded=len(counts) >= 24, threshold=disclosure.threshold(),
    )  # fmt: skip


# The comparison -----------------------------------------------------------------------------------


@dataclass
class Comparison:
    did: analysis.DiD
    comparison_codes: list[str]
    zone_codes: list[str]
    summary: str


def zone_lsoas(zone: Any) -> list[str]:
    links = list(ZoneArea.objects.filter(zone=zone).select_related("area"))
    inside = [link.area.code for link in links if link.share_inside >= ZONE_AREA_SHARE]
    return inside or [link.area.code for link in links[:1]]


def _of_category(rows: Any, category: str) -> Any:
    """ "" is all police-recorded crime and ASB, "crime" all but anti-social behaviour,
    "demand:<slug>" one of the partners' demand types, else one police category."""
    if category.startswith(DEMAND):
        return rows.filter(source=BatchKind.DEMAND, category=category.removeprefix(DEMAND))
    rows = rows.filter(source=BatchKind.STREET)
    if category == "crime":
        return rows.exclude(category=ASB)
    return rows.filter(category=category) if category else rows


def area_month_counts(
    codes: list[str], first: date, last: date, category: str
) -> dict[tuple[str, date], int]:
    rows = LsoaMonthCount.objects.filter(lsoa_code__in=codes, month__gte=first, month__lte=last)
    totals = _of_category(rows, category).values_list("lsoa_code", "month").annotate(n=Sum("count"))
    return {(code, month): int(n) for code, month, n in totals}


def covered_areas(category: str, first: date, last: date) -> set[str]:
    """Areas the loaded files cover: an area outside every loaded force (or outside the partner's
    patch) would look free of crime (or demand) and must never be compared with. For police
    data, any record from `first` to `last`; for a partner, any figure of theirs at all."""
    kind = demand_type(category)
    if kind is None:
        covered_by = LsoaMonthCount.objects.filter(
            source=BatchKind.STREET, month__gte=first, month__lte=last
        )
    else:
        covered_by = LsoaMonthCount.objects.filter(
            source=BatchKind.DEMAND,
            category__in=DemandType.objects.filter(agency=kind.agency).values("slug"),
        )
    return set(covered_by.order_by().values_list("lsoa_code", flat=True).distinct())


def areas_in_zones() -> set[str]:
    return set(ZoneArea.objects.values_list("area__code", flat=True))


def area_profiles() -> dict[str, AreaProfile]:
    """Areas with residents and a deprivation score: the ones a rate can be worked out for."""
    return {
        p.code: p for p in AreaProfile.objects.filter(population__gt=0, imd_score__isnull=False)
    }


def compare(zone: Any, category: str = "", last: date | None = None) -> Comparison | None:
    """The difference-in-differences against matched similar areas, or None when the data cannot
    support one (no launch date, no months on both sides, no LSOAs, populations or deprivation)."""
    earliest, latest = loaded_span(category)
    last = last or latest
    if not zone.launch_date or last is None:
        return None
    launch = zone.launch_date.replace(day=1)
    first = max(add_months(launch, -2 * BASELINE_MONTHS), earliest or launch)
    if last < launch or first >= launch:
        return None
    codes = zone_lsoas(zone)
    in_any_zone = areas_in_zones()
    profiles = area_profiles()
    baseline_first = max(add_months(launch, -BASELINE_MONTHS), first)
    baseline_last = add_months(launch, -1)
    baseline_months = len(months_between(baseline_first, baseline_last))
    in_baseline = LsoaMonthCount.objects.filter(month__gte=baseline_first, month__lte=baseline_last)
    kind = demand_type(category)
    covered = covered_areas(category, baseline_first, baseline_last)
    zone_codes = [c for c in codes if c in profiles]
    candidates = [c for c in covered if c in profiles and c not in in_any_zone]
    if not zone_codes or len(candidates) < 2:
        return None
    per_area = _of_category(in_baseline, category).values("lsoa_code").annotate(n=Sum("count"))
    totals = {row["lsoa_code"]: int(row["n"]) for row in per_area}

    def baseline_rate(code: str) -> float:
        return 1000 * totals.get(code, 0) / profiles[code].population / baseline_months

    chosen = analysis.match(
        [(c, profiles[c].imd_score, baseline_rate(c)) for c in zone_codes],
        [(c, profiles[c].imd_score, baseline_rate(c)) for c in sorted(candidates)],
    )
    months = months_between(first, last)
    counts = area_month_counts(zone_codes + chosen, first, last, category)
    rows = []
    for cluster, code in enumerate(zone_codes + chosen):
        population = profiles[code].population
        for month in months:
            rate = 1000 * counts.get((code, month), 0) / population
            rows.append((rate, int(code in zone_codes), int(month >= launch), cluster))
    data = np.array(rows, dtype=float)
    did = analysis.difference_in_differences(
        analysis.Panel(
            rate=data[:, 0], zone=data[:, 1], after=data[:, 2], cluster=data[:, 3].astype(int)
        )
    )
    if not (np.isfinite(did.low) and np.isfinite(did.high)):
        return None  # the figures never varied: there is nothing to estimate an interval from
    name = (
        {"": "Crime and anti-social behaviour", "crime": "Crime"}.get(category)
        or (kind.name if kind else None)
        or category_name(category)
    )
    return Comparison(
        did=did, comparison_codes=chosen, zone_codes=zone_codes, summary=analysis.summary(did, name)
    )


def shared_version() -> tuple[tuple, tuple]:
    """What every Zone's comparison (and evaluation) reads alike: the files loaded, the areas'
    profiles."""
    batches = Batch.objects.aggregate(n=Count("id"), last=Max("id"), at=Max("imported_at"))
    profiles = AreaProfile.objects.aggregate(n=Count("id"), last=Max("id"))
    return tuple(batches.values()), tuple(profiles.values())


def data_version(zone: Any, shared: tuple[tuple, tuple], areas: tuple) -> str:
    """Changes whenever anything a Zone's comparison reads changes: a file loaded or replaced
    (`shared`, with the areas' profiles), the Zone's launch or neighbourhoods (`areas`)."""
    batches, profiles = shared
    return ":".join(str(v) for v in (*batches, zone.launch_date, *areas, *profiles))


def _compare_key(zone: Any, category: str, version: str) -> str:
    digest = hashlib.sha256(f"{category}:{version}".encode()).hexdigest()[:24]
    return f"pz:outcomes:compare:{zone.pk}:{digest}"


def cached_compare(zone: Any, category: str = "") -> Comparison | None:
    """compare(), kept until the data under it changes: at national volume the matching reads a
    year of every area's counts, which takes a second or two; pages should not wait for it."""
    return cached_compares([zone], category)[zone.pk]


def cached_compares(zones: list[Any], category: str = "") -> dict[int, Comparison | None]:
    """cached_compare() for many Zones, the versions read in three queries for all of them."""
    shared = shared_version()
    linked = {
        zone_id: (n, last)
        for zone_id, n, last in ZoneArea.objects.filter(zone__in=zones)
        .values_list("zone")
        .annotate(n=Count("id"), last=Max("id"))
    }
    keys = {
        zone.pk: _compare_key(zone, category, data_version(zone, shared, linked.get(zone.pk, (0, None))))
        for zone in zones
    }  # fmt: skip
    held = cache.get_many(list(keys.values()))
    found = {}
    for zone in zones:
        key = keys[zone.pk]
        if key in held:
            found[zone.pk] = held[key]
        else:
            found[zone.pk] = compare(zone, category)
            cache.set(key, found[zone.pk], COMPARISON_CACHE_SECONDS)
    return found
