"""Loading police.uk files (street-level and outcomes): each file all-or-nothing in one
transaction, replacing the same force's month if it was loaded before (an identical file is
recognised and left alone), with the counts per LSOA and per Zone worked out in the same pass so
nothing later scans raw rows. Partners' demand files load through the same counts (demand.py)."""

import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import shapely
from django.db import transaction

from peoplezones.core.bulk import bulk_insert, bulk_insert_table
from peoplezones.core.models import User
from peoplezones.geography.models import ZoneArea
from peoplezones.outcomes import partitions
from peoplezones.outcomes.models import (
    Batch,
    BatchKind,
    Crime,
    CrimeOutcome,
    DemandRecord,
    Force,
    LsoaMonthCount,
    ZoneMonthCount,
)
from peoplezones.outcomes.police import RECORD_FIELDS, STREET, PoliceFile, read_file
from peoplezones.zones.models import Zone
from peoplezones.zones.queries import points_in_zones

# An LSOA counts as a Zone's when at least this share of it lies inside the boundary: figures
# placed by LSOA alone count in that Zone.
ZONE_AREA_SHARE = 0.5
CRIME_COLUMNS = (
    "batch", "row", "month", "crime_id", "category", "lon", "lat", "location", "lsoa_code", "outcome"
)  # fmt: skip
OUTCOME_COLUMNS = ("batch", "row", "month", "crime_id", "outcome", "lon", "lat", "lsoa_code")
Progress = Callable[[int], None]


@dataclass(frozen=True)
class Loaded:
    name: str
    month: date
    force: str
    rows: int
    replaced: bool  # an earlier import of the same force and month was replaced
    unchanged: bool  # the very same file was loaded before: nothing was done
    kind: str = BatchKind.STREET


def import_police(
    data: bytes, name: str, *, by: User | None = None, progress: Progress | None = None
) -> Loaded:
    """Check the whole file (police.Refused names every problem), then store it in one go."""
    digest = hashlib.sha256(data).hexdigest()
    parsed = read_file(data, name)
    return store_police(parsed, digest=digest, by=by, progress=progress)


@transaction.atomic
def store_police(
    parsed: PoliceFile, *, digest: str, by: User | None = None, progress: Progress | None = None
) -> Loaded:
    force, _created = Force.objects.get_or_create(
        slug=parsed.force_slug, defaults={"name": parsed.force_name or parsed.force_slug}
    )
    earlier = (
        Batch.objects.select_for_update()
        .filter(kind=parsed.kind, force=force, month=parsed.month)
        .first()
    )
    loaded = {
        "name": parsed.name, "month": parsed.month, "force": force.name, "rows": parsed.count,
        "kind": parsed.kind,
    }  # fmt: skip
    if earlier is not None and earlier.sha256 == digest:
        return Loaded(**loaded, replaced=False, unchanged=True)
    if earlier is not None:
        _delete_batch(earlier)
    batch = Batch.objects.create(
        kind=parsed.kind, force=force, month=parsed.month, last_month=parsed.month,
        rows=parsed.count, without_location=parsed.without_location,
        file_name=parsed.name[:200], sha256=digest, imported_by=by,
    )  # fmt: skip
    table = parsed.table
    n = table.num_rows
    numbering = [
        pa.array(np.full(n, batch.pk, dtype=np.int64)),
        pa.array(np.arange(1, n + 1, dtype=np.int64)),
        pa.array(np.full(n, np.datetime64(batch.month, "D"))),
    ]
    if parsed.layout is STREET:
        model, columns = Crime, CRIME_COLUMNS
        values = [*numbering, *(table.column(f) for f in RECORD_FIELDS)]
    else:
        model, columns = CrimeOutcome, OUTCOME_COLUMNS
        values = numbering + [
            table.column(f) for f in ("crime_id", "category", "lon", "lat", "lsoa_code")
        ]
    # The counts are worked out (in Arrow and shapely, without the GIL) while the server takes the
    # rows; nothing in the counting thread touches the database.
    with ThreadPoolExecutor(1) as counter:
        counting = counter.submit(_counts, table, batch.month)
        partitions.load(
            model, batch.pk, columns, pa.Table.from_arrays(values, names=columns),
            progress=progress,
        )  # fmt: skip
        per_lsoa, points = counting.result()
    store_counts(batch, per_lsoa, points)
    return Loaded(**loaded, replaced=earlier is not None, unchanged=False)


def _counts(table: pa.Table, month: date) -> tuple[pa.Table, "Points"]:
    """Rows per (LSOA, category), in index order so the counts' B-tree grows at its end, and the
    located rows as points for the Zones."""
    placed = table.filter(pc.not_equal(table.column("lsoa_code"), ""))
    per_lsoa = (
        placed.group_by(["lsoa_code", "category"])
        .aggregate([([], "count_all")])
        .sort_by([("lsoa_code", "ascending"), ("category", "ascending")])
    )
    located = table.filter(pc.is_valid(table.column("lon")))
    return (
        pa.table({
            "lsoa_code": per_lsoa.column("lsoa_code"),
            "month": pa.array(np.full(per_lsoa.num_rows, np.datetime64(month, "D"))),
            "category": per_lsoa.column("category"),
            "count": per_lsoa.column("count_all"),
        }),
        Points(
            lons=located.column("lon").to_numpy(),
            lats=located.column("lat").to_numpy(),
            months=[month] * located.num_rows,
            categories=located.column("category").to_numpy(),
        ),
    )  # fmt: skip


def _delete_batch(batch: Batch) -> None:
    """Children first, by indexed batch id (raw rows by dropping their partition), so replacing a
    month never waits on a cascade."""
    for model in (ZoneMonthCount, LsoaMonthCount, DemandRecord):
        model.objects.filter(batch=batch).delete()
    for rows in (Crime, CrimeOutcome):
        partitions.drop(rows, batch.pk)
    batch.delete()


@dataclass
class Points:
    """Located records: each point's month and category, and how many it stands for."""

    lons: np.ndarray
    lats: np.ndarray
    months: Sequence[date]
    categories: Sequence[str]
    weights: Sequence[int] | None = None


def store_counts(
    batch: Batch, by_lsoa: pa.Table, points: Points, by_lsoa_only: Counter | None = None
) -> None:
    """The batch's counts per LSOA (`by_lsoa`: lsoa_code, month, category, count), and per Zone:
    points by their boundary, and figures placed by LSOA alone (`by_lsoa_only`, keyed by (LSOA,
    month, category)) in the Zones holding most of that LSOA."""
    n = by_lsoa.num_rows
    bulk_insert_table(
        LsoaMonthCount,
        ("batch", "source", "lsoa_code", "month", "category", "count"),
        pa.table([
            pa.array(np.full(n, batch.pk, dtype=np.int64)), pa.array([batch.kind] * n),
            *(by_lsoa.column(c) for c in ("lsoa_code", "month", "category", "count")),
        ], names=["batch", "source", "lsoa_code", "month", "category", "count"]),
    )  # fmt: skip
    by_zone = _in_zones(points)
    if by_lsoa_only:
        zones_of = zones_by_lsoa()
        for (lsoa, month, category), n in by_lsoa_only.items():
            for zone in zones_of.get(lsoa, ()):
                by_zone[(zone, (month, category))] += n
    bulk_insert(
        ZoneMonthCount,
        ("batch", "source", "zone", "month", "category", "count"),
        ((batch.pk, batch.kind, zone, month, category, n)
         for (zone, (month, category)), n in by_zone.items()),
    )  # fmt: skip


def zones_by_lsoa() -> dict[str, list[int]]:
    """The Zones each LSOA counts towards: those holding at least ZONE_AREA_SHARE of it."""
    zones: dict[str, list[int]] = {}
    links = ZoneArea.objects.filter(share_inside__gte=ZONE_AREA_SHARE)
    for code, zone in links.values_list("area__code", "zone_id"):
        zones.setdefault(code, []).append(zone)
    return zones


def _in_zones(points: Points) -> Counter:
    """Points per (Zone id, (month, category)): each counted in every Zone whose boundary holds
    it."""
    counts: Counter = Counter()
    if not len(points.lons):
        return counts
    found, zones = points_in_zones(points.lons, points.lats)
    for i, zone in zip(found.tolist(), zones.tolist(), strict=True):
        weight = points.weights[i] if points.weights is not None else 1
        counts[(zone, (points.months[i], points.categories[i]))] += weight
    return counts


def recount_zone(zone: Zone) -> None:
    """After a Zone's boundary (or its LSOAs) change: its counts again from the stored rows in its
    bounding box, and demand figures placed by LSOA alone, batch by batch."""
    with transaction.atomic():
        ZoneMonthCount.objects.filter(zone=zone).delete()
        if not zone.boundary:
            return
        west, south, east, north = shapely.geometry.shape(zone.boundary).bounds
        box = {"lon__gte": west, "lon__lte": east, "lat__gte": south, "lat__lte": north}
        rows = [
            (lon, lat, m, (b, BatchKind.STREET, c), 1)
            for b, m, c, lon, lat in Crime.objects.filter(**box).values_list(
                "batch_id", "month", "category", "lon", "lat"
            )
        ]
        rows += [
            (lon, lat, m, (b, BatchKind.OUTCOMES, c), 1)
            for b, m, c, lon, lat in CrimeOutcome.objects.filter(**box).values_list(
                "batch_id", "month", "outcome", "lon", "lat"
            )
        ]
        demand = DemandRecord.objects.values_list("batch_id", "month", "demand_type__slug", "count")
        rows += [
            (lon, lat, m, (b, BatchKind.DEMAND, c), n)
            for b, m, c, n, lon, lat in demand.filter(**box).values_list(
                "batch_id", "month", "demand_type__slug", "count", "lon", "lat"
            )
        ]
        # The category slot carries (batch, source, category) so counts stay per batch.
        counts = _in_zones(
            Points(
                lons=np.array([r[0] for r in rows], dtype=float),
                lats=np.array([r[1] for r in rows], dtype=float),
                months=[r[2] for r in rows], categories=[r[3] for r in rows],
                weights=[r[4] for r in rows],
            )
        )  # fmt: skip
        mine = ZoneArea.objects.filter(zone=zone, share_inside__gte=ZONE_AREA_SHARE)
        for b, m, c, n in demand.filter(lon__isnull=True, lsoa_code__in=mine.values("area__code")):
            counts[(zone.pk, (m, (b, BatchKind.DEMAND, c)))] += n
        ZoneMonthCount.objects.bulk_create(
            ZoneMonthCount(batch_id=b, source=source, zone=zone, month=m, category=c, count=n)
            for (zone_id, (m, (b, source, c))), n in counts.items()
            if zone_id == zone.pk
        )
