"""Residential points for gap analysis: an ONS postcode directory (ONSPD or NSPL) or any CSV of
points with counts. Columns are found by header; terminated postcodes and postcodes without a
location are left out (and counted); any bad row refuses the whole file."""

import csv
import io
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peoplezones.assets.importers import FileRefused, Problem, csv_lines_readable
from peoplezones.assets.models import PointSet, ResidentialPoint
from peoplezones.core.bulk import bulk_insert
from peoplezones.core.geo import from_bng_xy, in_uk, to_bng_xy
from peoplezones.core.postcodes import normalise_postcode

POSTCODE = ("pcds", "pcd2", "pcd", "postcode")
LAT = ("lat", "latitude")
LON = ("long", "lon", "lng", "longitude")
EASTING = ("oseast1m", "easting", "east", "x")
NORTHING = ("osnrth1m", "northing", "north", "y")
COUNT = ("population", "count", "total", "residents", "people", "usual_residents", "persons")
TERMINATED = ("doterm",)
MAX_PROBLEMS = 50


@dataclass
class ParsedPoints:
    codes: list[str] = field(default_factory=list)
    lons: list[float] = field(default_factory=list)
    lats: list[float] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    terminated: int = 0
    unlocated: int = 0
    has_counts: bool = False


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    for name in names:
        if name in header:
            return header.index(name)
    return None


def read_points(
    raw: bytes, name: str, progress: Callable[[int, int], None] | None = None
) -> ParsedPoints:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused(_("%(name)s is not UTF-8 text.") % {"name": name}) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    with csv_lines_readable(name, reader):
        return _read_points(reader, text, name, progress)


def _read_points(
    reader: Any, text: str, name: str, progress: Callable[[int, int], None] | None
) -> ParsedPoints:
    header = [h.strip().lower() for h in next(reader, [])]
    at = {
        "postcode": _column(header, POSTCODE),
        "lat": _column(header, LAT),
        "lon": _column(header, LON),
        "east": _column(header, EASTING),
        "north": _column(header, NORTHING),
        "count": _column(header, COUNT),
        "doterm": _column(header, TERMINATED),
    }
    has_latlon = at["lat"] is not None and at["lon"] is not None
    has_grid = at["east"] is not None and at["north"] is not None
    if not (has_latlon or has_grid):
        raise FileRefused(
            _(
                "%(name)s has no coordinate columns: expected lat and long (or latitude and longitude), or oseast1m and osnrth1m (or easting and northing)."
            )
            % {"name": name}
        )
    parsed = ParsedPoints(has_counts=at["count"] is not None)
    total_lines = text.count("\n")
    east: list[float] = []
    north: list[float] = []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            parsed.problems.append(
                Problem(
                    _("Line %(n)s") % {"n": line},
                    "",
                    _("has %(got)s columns; the header has %(want)s.")
                    % {"got": len(row), "want": len(header)},
                )
            )
            if len(parsed.problems) >= MAX_PROBLEMS:
                break
            continue
        if at["doterm"] is not None and row[at["doterm"]].strip():
            parsed.terminated += 1
            continue
        where = _("Line %(n)s") % {"n": line}
        code = ""
        if at["postcode"] is not None:
            code = normalise_postcode(row[at["postcode"]]) or ""
            if not code:
                parsed.problems.append(
                    Problem(
                        where,
                        header[at["postcode"]],
                        _("'%(v)s' is not a UK postcode.") % {"v": row[at["postcode"]]},
                    )
                )
        count = 1
        if at["count"] is not None:
            raw_count = row[at["count"]].strip().replace(",", "")
            if not raw_count.isdigit():
                parsed.problems.append(
                    Problem(
                        where,
                        header[at["count"]],
                        _("'%(v)s' is not a whole number of people.") % {"v": row[at["count"]]},
                    )
                )
            else:
                count = int(raw_count)
        try:
            if has_latlon:
                a, b = float(row[at["lat"]]), float(row[at["lon"]])
            else:
                a, b = float(row[at["north"]]), float(row[at["east"]])
        except ValueError:
            column = header[at["lat"]] if has_latlon else header[at["north"]]
            value = row[at["lat"]] if has_latlon else row[at["north"]]
            if not value.strip():
                parsed.unlocated += 1
                continue
            parsed.problems.append(
                Problem(where, column, _("'%(v)s' is not a number.") % {"v": value})
            )
            continue
        if has_latlon:
            if a >= 99 or (a == 0 and b == 0):  # ONSPD's marker for "no grid reference"
                parsed.unlocated += 1
                continue
            if not in_uk(b, a):
                parsed.problems.append(
                    Problem(
                        where,
                        header[at["lat"]],
                        _("(%(a)s, %(b)s) is outside the UK.") % {"a": a, "b": b},
                    )
                )
                continue
            parsed.lats.append(a)
            parsed.lons.append(b)
        else:
            if not (0 <= b <= 700_000 and 0 <= a <= 1_300_000) or not math.isfinite(a + b):
                parsed.problems.append(
                    Problem(
                        where,
                        header[at["east"]],
                        _("(%(e)s, %(n)s) is not a British National Grid reference.")
                        % {"e": b, "n": a},
                    )
                )
                continue
            east.append(b)
            north.append(a)
        parsed.codes.append(code)
        parsed.counts.append(count)
        if len(parsed.problems) >= MAX_PROBLEMS:
            break
        if progress and line % 20_000 == 0:
            progress(line, total_lines)
    if east:
        lons, lats = from_bng_xy(east, north)
        parsed.lons, parsed.lats = lons.tolist(), lats.tolist()
    return parsed


@transaction.atomic
def store_points(parsed: ParsedPoints, *, name: str, source_note: str = "") -> PointSet:
    """Replace the named set with these points (re-importing the same file changes nothing)."""
    if parsed.problems:
        raise ValueError("A file with problems is never stored.")
    point_set, _created = PointSet.objects.get_or_create(name=name)
    point_set.points.all().delete()
    xs, ys = to_bng_xy(parsed.lons, parsed.lats)
    set_id = point_set.pk
    rows = (
        (set_id, code, round(lon, 6), round(lat, 6), float(x), float(y), count)
        for code, lon, lat, x, y, count in zip(
            parsed.codes, parsed.lons, parsed.lats, xs, ys, parsed.counts, strict=True
        )
    )
    bulk_insert(ResidentialPoint, ["point_set", "code", "lon", "lat", "x", "y", "count"], rows)
    point_set.unit = "residents" if parsed.has_counts else "postcodes"
    point_set.source_note = source_note
    point_set.imported_at = timezone.now()
    point_set.point_count = len(parsed.counts)
    point_set.total = int(np.sum(parsed.counts)) if parsed.counts else 0
    point_set.save()
    return point_set
