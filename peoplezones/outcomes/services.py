"""Loading police.uk files (street-level and outcomes): each file all-or-nothing in one
transaction, replacing the same force's month if it was loaded before (an identical file is
recognised and left alone), with the counts per LSOA and per Zone worked out in the same pass so
nothing later scans raw rows. Partners' demand files load through the same counts (demand.py)."""

import hashlib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
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
from peoplezones.outcomes.police import (
    RECORD_FIELDS,
    STREET,
    Irregular,
    PoliceFile,
    layout_for,
    read_pieces,
    read_police,
)
from peoplezones.zones.models import Zone
from peoplezones.zones.queries import points_in_zones, zone_boundaries

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
    """Check the whole file (police.Refused names every problem) and store it in one go. A
    well-formed file is read in pieces, each stored while the next is read; at anything irregular
    that is undone and the file is read row by row, which names the problems."""
    layout = layout_for(data, name)
    # The file's fingerprint is taken (hashlib lets go of the GIL) while the first piece is read.
    with ThreadPoolExecutor(1) as hasher:
        hashing = hasher.submit(lambda: hashlib.sha256(data).hexdigest())
        try:
            return _store(
                read_pieces(data, name, layout), digest=hashing.result, by=by, progress=progress
            )
        except Irregular:
            pass  # nothing of it was kept: the transaction was rolled back
    parsed = read_police(data, name, layout)
    return store_police(parsed, digest=hashing.result(), by=by, progress=progress)


def store_police(
    parsed: PoliceFile, *, digest: str, by: User | None = None, progress: Progress | None = None
) -> Loaded:
    return _store(iter([parsed]), digest=lambda: digest, by=by, progress=progress)


@transaction.atomic
def _store(
    parts: Iterator[PoliceFile],
    *,
    digest: Callable[[], str],
    by: User | None = None,
    progress: Progress | None = None,
) -> Loaded:
    """One file's parts (its rows in order) as one batch, replacing the same force's month."""
    with _ReadAhead(parts, zone_boundaries()) as ahead:
        first = ahead.first()
        force, _created = Force.objects.get_or_create(
            slug=first.force_slug, defaults={"name": first.force_name or first.force_slug}
        )
        earlier = (
            Batch.objects.select_for_update()
            .filter(kind=first.kind, force=force, month=first.month)
            .first()
        )
        if earlier is not None and earlier.sha256 == digest():
            return Loaded(
                name=first.name, month=first.month, force=force.name, rows=earlier.rows,
                kind=first.kind, replaced=False, unchanged=True,
            )  # fmt: skip
        if earlier is not None:
            _delete_batch(earlier)
        batch = Batch.objects.create(
            kind=first.kind, force=force, month=first.month, last_month=first.month, rows=0,
            file_name=first.name[:200], imported_by=by,
        )  # fmt: skip
        if first.layout is STREET:
            model, columns, fields = Crime, CRIME_COLUMNS, RECORD_FIELDS
        else:
            model, columns = CrimeOutcome, OUTCOME_COLUMNS
            fields = ("crime_id", "category", "lon", "lat", "lsoa_code")
        rows, without_location = 0, 0
        with partitions.filling(model, batch.pk) as into:
            for part in ahead:
                n = part.table.num_rows
                numbering = [
                    pa.array(np.full(n, batch.pk, dtype=np.int64)),
                    pa.array(np.arange(rows + 1, rows + n + 1, dtype=np.int64)),
                    pa.array(np.full(n, np.datetime64(batch.month, "D"))),
                ]
                bulk_insert_table(
                    model, columns,
                    pa.Table.from_arrays(
                        [*numbering, *(part.table.column(f) for f in fields)], names=columns
                    ),
                    progress=(lambda done, before=rows: progress(before + done)) if progress else None,
                    into=into,
                )  # fmt: skip
                rows += n
                without_location += part.without_location
        totals = ahead.totals()
    Batch.objects.filter(pk=batch.pk).update(
        rows=rows, without_location=without_location, sha256=digest()
    )
    store_counts(batch, *totals)
    return Loaded(
        name=first.name, month=first.month, force=force.name, rows=rows, kind=first.kind,
        replaced=earlier is not None, unchanged=False,
    )  # fmt: skip


class _ReadAhead:
    """A file's parts in order, the next one read and counted in a thread (Arrow and shapely,
    without the GIL; nothing there touches the database) while the caller stores this one. Once
    the last is read, the parts' counts are put together there too, while the caller stores it.
    A problem met reading is raised in the caller's thread."""

    def __init__(self, parts: Iterator[PoliceFile], zones: list[tuple[int, dict]]) -> None:
        self._parts, self._zones = parts, zones
        self._counts: list[tuple[pa.Table, Counter]] = []
        self._totals: tuple[pa.Table, Counter] | None = None
        self._month: date | None = None
        self._thread = ThreadPoolExecutor(1)
        self._upcoming = self._thread.submit(self._step)

    def __enter__(self) -> "_ReadAhead":
        return self

    def __exit__(self, *_exc: object) -> None:
        self._thread.shutdown(wait=True, cancel_futures=True)

    def _step(self) -> PoliceFile | None:
        part = next(self._parts, None)
        if part is None:
            self._totals = _combined(self._counts, self._month)
            return None
        if not self._counts:
            self._month = part.month  # a file is one month's: each part has the first's
        self._counts.append(_part_counts(part.table, part.month, self._zones))
        return part

    def first(self) -> PoliceFile:
        """The first part (its month and force name the batch), without taking it."""
        part = self._upcoming.result()
        if part is None:
            raise ValueError("a police file read in parts has at least one")
        return part

    def __iter__(self) -> Iterator[PoliceFile]:
        while (part := self._upcoming.result()) is not None:
            self._upcoming = self._thread.submit(self._step)
            yield part

    def totals(self) -> tuple[pa.Table, Counter]:
        """Every part's counts as one (once every part has been taken): rows per LSOA, month and
        category, in LSOA order (so building the index on them is one pass over sorted rows), and
        per Zone, keyed by (Zone id, (month, category))."""
        if self._upcoming.result() is not None or self._totals is None:
            raise ValueError("totals are known once every part has been taken")
        return self._totals


def _part_counts(
    table: pa.Table, month: date, zones: list[tuple[int, dict]]
) -> tuple[pa.Table, Counter]:
    """A part's rows placed in an LSOA (their LSOA and category), and its counts per (Zone,
    (month, category)) by boundary."""
    placed = table.filter(pc.not_equal(table.column("lsoa_code"), ""))
    located = table.filter(pc.is_valid(table.column("lon")))
    found, zone_ids = points_in_zones(
        located.column("lon").to_numpy(), located.column("lat").to_numpy(), zones
    )
    categories = located.column("category").take(pa.array(found)).to_pylist()
    return (
        placed.select(["lsoa_code", "category"]),  # counted once every part is read
        Counter(zip(zone_ids.tolist(), ((month, c) for c in categories), strict=True)),
    )


def _combined(counts: list[tuple[pa.Table, Counter]], month: date) -> tuple[pa.Table, Counter]:
    """The parts' counts as one, in LSOA order."""
    lsoas, categories, sums = counted_in_order(pa.concat_tables([c[0] for c in counts]))
    return (
        pa.table({
            "lsoa_code": lsoas,
            "month": pa.array(np.full(len(sums), np.datetime64(month, "D"))),
            "category": categories,
            "count": pa.array(sums),
        }),
        sum((c[1] for c in counts), Counter()),
    )  # fmt: skip


def counted_in_order(
    table: pa.Table, *, dense_up_to: int | None = None
) -> tuple[pa.Array, pa.Array, np.ndarray]:
    """Rows counted per (`lsoa_code`, `category`), in order of both. Each key column is numbered
    by its sorted distinct values, so a pair is one integer and the count one pass of numpy: a
    tally over every possible pair when there are few (`dense_up_to`, by default a few times the
    rows), else over the distinct pairs, sorted. (Arrow's group-by and sort of the strings took
    four times as long, after the last part was read.)"""
    numbered = []
    for name in ("lsoa_code", "category"):
        coded = table.column(name).combine_chunks().dictionary_encode()
        order = pc.array_sort_indices(coded.dictionary).to_numpy()
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        numbered.append((rank[coded.indices.to_numpy()], coded.dictionary.take(order)))
    (lsoa_ranks, lsoas), (category_ranks, categories) = numbered
    pairs = lsoa_ranks * len(categories) + category_ranks
    possible = len(lsoas) * len(categories)
    if possible <= (4 * len(pairs) + 65_536 if dense_up_to is None else dense_up_to):
        tally = np.bincount(pairs, minlength=possible)
        found = np.flatnonzero(tally)
        counts = tally[found]
    else:
        found, counts = np.unique(pairs, return_counts=True)
    return (
        lsoas.take(pa.array(found // len(categories))),
        categories.take(pa.array(found % len(categories))),
        counts.astype(np.int64),
    )


def _delete_batch(batch: Batch) -> None:
    """Children first, by indexed batch id (raw rows by dropping their partition), so replacing a
    month never waits on a cascade."""
    for model in (ZoneMonthCount, DemandRecord):
        model.objects.filter(batch=batch).delete()
    for rows in (Crime, CrimeOutcome, LsoaMonthCount):
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


def store_counts(batch: Batch, by_lsoa: pa.Table, by_zone: Counter) -> None:
    """The batch's counts per LSOA (`by_lsoa`: lsoa_code, month, category, count) and per Zone
    (`by_zone`, keyed by (Zone id, (month, category)), from zone_counts)."""
    n = by_lsoa.num_rows
    columns = ("batch", "row", "source", "lsoa_code", "month", "category", "count")
    partitions.load(
        LsoaMonthCount,
        batch.pk,
        columns,
        pa.table([
            pa.array(np.full(n, batch.pk, dtype=np.int64)),
            pa.array(np.arange(1, n + 1, dtype=np.int64)),
            pa.array(np.full(n, batch.kind)),
            *(by_lsoa.column(c) for c in ("lsoa_code", "month", "category", "count")),
        ], names=columns),
    )  # fmt: skip
    bulk_insert(
        ZoneMonthCount,
        ("batch", "source", "zone", "month", "category", "count"),
        ((batch.pk, batch.kind, zone, month, category, n)
         for (zone, (month, category)), n in by_zone.items()),
    )  # fmt: skip


def zone_counts(points: Points, by_lsoa_only: Counter | None = None) -> Counter:
    """Counts per (Zone id, (month, category)): points by the boundaries holding them, and figures
    placed by LSOA alone (`by_lsoa_only`, keyed by (LSOA, month, category)) in the Zones holding
    most of that LSOA."""
    by_zone = _in_zones(points)
    if by_lsoa_only:
        zones_of = zones_by_lsoa()
        for (lsoa, month, category), n in by_lsoa_only.items():
            for zone in zones_of.get(lsoa, ()):
                by_zone[(zone, (month, category))] += n
    return by_zone


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
