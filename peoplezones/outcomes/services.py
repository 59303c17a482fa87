"""Loading police.uk street files: each file all-or-nothing in one transaction, replacing the same
force's month if it was loaded before (an identical file is recognised and left alone), with the
counts per LSOA and per Zone worked out in the same pass so nothing later scans raw rows."""

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import shapely
from django.db import transaction

from peoplezones.core.bulk import bulk_insert
from peoplezones.core.models import User
from peoplezones.outcomes.models import (
    Batch,
    BatchKind,
    Crime,
    Force,
    LsoaMonthCount,
    ZoneMonthCount,
)
from peoplezones.outcomes.police import StreetFile, read_street
from peoplezones.zones.models import Zone
from peoplezones.zones.queries import points_in_zones

CRIME_COLUMNS = (
    "batch", "month", "crime_id", "category", "lon", "lat", "location", "lsoa_code", "outcome"
)  # fmt: skip
Progress = Callable[[int], None]


@dataclass(frozen=True)
class Loaded:
    name: str
    month: date
    force: str
    rows: int
    replaced: bool  # an earlier import of the same force and month was replaced
    unchanged: bool  # the very same file was loaded before: nothing was done


def import_street(
    data: bytes, name: str, *, by: User | None = None, progress: Progress | None = None
) -> Loaded:
    """Check the whole file (police.Refused names every problem), then store it in one go."""
    digest = hashlib.sha256(data).hexdigest()
    parsed = read_street(data, name)
    return store_street(parsed, digest=digest, by=by, progress=progress)


@transaction.atomic
def store_street(
    parsed: StreetFile, *, digest: str, by: User | None = None, progress: Progress | None = None
) -> Loaded:
    force, _created = Force.objects.get_or_create(
        slug=parsed.force_slug, defaults={"name": parsed.force_name or parsed.force_slug}
    )
    earlier = (
        Batch.objects.select_for_update()
        .filter(kind=BatchKind.STREET, force=force, month=parsed.month)
        .first()
    )
    loaded = {
        "name": parsed.name,
        "month": parsed.month,
        "force": force.name,
        "rows": len(parsed.rows),
    }
    if earlier is not None and earlier.sha256 == digest:
        return Loaded(**loaded, replaced=False, unchanged=True)
    if earlier is not None:
        _delete_batch(earlier)
    batch = Batch.objects.create(
        kind=BatchKind.STREET, force=force, month=parsed.month, rows=len(parsed.rows),
        without_location=parsed.without_location, file_name=parsed.name[:200], sha256=digest,
        imported_by=by,
    )  # fmt: skip
    month = parsed.month
    done = 0

    batch_id = batch.pk

    def crimes():  # type: ignore[no-untyped-def]
        nonlocal done
        for crime_id, category, lon, lat, location, lsoa, outcome in parsed.rows:
            yield (batch_id, month, crime_id, category, lon, lat, location, lsoa, outcome)
            done += 1
            if progress and done % 50_000 == 0:
                progress(done)

    bulk_insert(Crime, CRIME_COLUMNS, crimes())
    if progress:
        progress(len(parsed.rows))
    _store_counts(batch, parsed)
    return Loaded(**loaded, replaced=earlier is not None, unchanged=False)


def _delete_batch(batch: Batch) -> None:
    """Children first, by indexed batch id, so replacing a month never waits on a cascade."""
    for model in (ZoneMonthCount, LsoaMonthCount, Crime):
        model.objects.filter(batch=batch).delete()
    batch.delete()


def _store_counts(batch: Batch, parsed: StreetFile) -> None:
    by_lsoa = Counter((row[5], row[1]) for row in parsed.rows if row[5])
    bulk_insert(
        LsoaMonthCount,
        ("batch", "lsoa_code", "month", "category", "count"),
        ((batch.pk, lsoa, batch.month, category, n) for (lsoa, category), n in by_lsoa.items()),
    )
    located = [row for row in parsed.rows if row[2] is not None]
    if not located:
        return
    lons = np.fromiter((row[2] for row in located), dtype=float, count=len(located))
    lats = np.fromiter((row[3] for row in located), dtype=float, count=len(located))
    by_zone = _in_zones(lons, lats, [row[1] for row in located])
    bulk_insert(
        ZoneMonthCount,
        ("batch", "zone", "month", "category", "count"),
        ((batch.pk, zone, batch.month, category, n) for (zone, category), n in by_zone.items()),
    )


def _in_zones(lons: np.ndarray, lats: np.ndarray, keys: list[Any]) -> Counter:
    """Points per (Zone id, key): each point counted in every Zone whose boundary holds it."""
    points, zones = points_in_zones(lons, lats)
    return Counter((int(zone), keys[int(point)]) for point, zone in zip(points, zones, strict=True))


def recount_zone(zone: Zone) -> None:
    """After a Zone's boundary changes: its counts again from the stored rows in its bounding box,
    batch by batch."""
    with transaction.atomic():
        ZoneMonthCount.objects.filter(zone=zone).delete()
        if not zone.boundary:
            return
        west, south, east, north = shapely.geometry.shape(zone.boundary).bounds
        inside_box = Crime.objects.filter(
            batch__kind=BatchKind.STREET,
            lon__gte=west,
            lon__lte=east,
            lat__gte=south,
            lat__lte=north,
        )
        rows = list(inside_box.values_list("batch_id", "month", "category", "lon", "lat"))
        if not rows:
            return
        counts = _in_zones(
            np.array([r[3] for r in rows]), np.array([r[4] for r in rows]), [r[:3] for r in rows]
        )
        ZoneMonthCount.objects.bulk_create(
            ZoneMonthCount(batch_id=b, zone=zone, month=m, category=c, count=n)
            for (zone_id, (b, m, c)), n in counts.items()
            if zone_id == zone.pk
        )
