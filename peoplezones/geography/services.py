"""Writes for statistical areas: an all-or-nothing import from a GeoJSON boundary file."""

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from shapely.geometry import mapping, shape
from shapely.validation import make_valid

from peoplezones.core import jsoninput
from peoplezones.core.geo import area_m2, to_british_national_grid
from peoplezones.geography.models import AreaKind, AreaProfile, StatisticalArea, ZoneArea
from peoplezones.geography.signals import areas_imported, zone_areas_linked

# ONS names the code and name columns after the product and year (LSOA21CD, WD24CD, PAR23CD...);
# map them by what they hold.
CODE_KEYS = (
    "LSOA21CD", "LSOA11CD", "lsoa21cd", "lsoa11cd", "WD25CD", "WD24CD", "WD23CD", "WD22CD",
    "wd24cd", "wd23cd", "PAR24CD", "PAR23CD", "PAR22CD", "par23cd", "code",
)  # fmt: skip
NAME_KEYS = (
    "LSOA21NM", "LSOA11NM", "lsoa21nm", "lsoa11nm", "WD25NM", "WD24NM", "WD23NM", "WD22NM",
    "wd24nm", "wd23nm", "PAR24NM", "PAR23NM", "PAR22NM", "par23nm", "name",
)  # fmt: skip


# The boundaries of every LSOA in England and Wales, generalised, are a few hundred MB.
MAX_AREAS_BYTES = 2_000_000_000


class AreaImportError(ValueError):
    pass


@dataclass
class ImportResult:
    created: int
    updated: int


def _pick(properties: dict[str, Any], keys: tuple[str, ...]) -> str:
    for key in keys:
        if properties.get(key):
            return str(properties[key]).strip()
    return ""


def import_areas(*, path: Path, kind: str = "lsoa21") -> ImportResult:
    """Create or update every feature's area; any bad feature refuses the whole file."""
    name = path.name
    try:
        data = jsoninput.loads(path.read_bytes(), max_bytes=MAX_AREAS_BYTES, name=name)
    except jsoninput.JSONRefused as refused:
        raise AreaImportError(str(refused)) from None
    features = data.get("features") if isinstance(data, dict) else None
    if not features:
        raise AreaImportError(f"{name}: expected a GeoJSON FeatureCollection with features.")
    rows = []
    for number, feature in enumerate(features, start=1):
        properties = feature.get("properties") or {}
        code, label = _pick(properties, CODE_KEYS), _pick(properties, NAME_KEYS)
        if not code:
            raise AreaImportError(
                f"{name}: feature {number} has no code (looked for {', '.join(CODE_KEYS)})."
            )
        try:
            geometry = make_valid(shape(feature["geometry"]))
        except (KeyError, TypeError, ValueError, AttributeError):
            raise AreaImportError(
                f"{name}: feature {number} ({code}) has no usable geometry."
            ) from None
        min_lon, min_lat, max_lon, max_lat = geometry.bounds
        rows.append(
            {
                "code": code,
                "name": label or code,
                "kind": kind,
                "geometry": mapping(geometry),
                "area_m2": area_m2(geometry),
                "min_lon": min_lon,
                "min_lat": min_lat,
                "max_lon": max_lon,
                "max_lat": max_lat,
            }
        )
    created = updated = 0
    with transaction.atomic():
        for row in rows:
            _, was_created = StatisticalArea.objects.update_or_create(
                code=row.pop("code"), defaults=row
            )
            created += was_created
            updated += not was_created
        areas_imported.send(sender=StatisticalArea)  # new boundaries: Zones' areas again
    return ImportResult(created=created, updated=updated)


# Deprivation and populations ---------------------------------------------------------------------

# Recognised by header, so the 2019 and 2025 Indices of Deprivation and a plain population file all
# load: the first header matching each test is used.
PROFILE_COLUMNS = {
    "code": lambda h: (
        h.lower().startswith("lsoa code") or h.lower() in {"code", "lsoa21cd", "lsoa11cd"}
    ),
    "imd_score": lambda h: "(imd) score" in h.lower(),
    "imd_rank": lambda h: "(imd) rank" in h.lower(),
    "imd_decile": lambda h: "(imd) decile" in h.lower(),
    "population": lambda h: h.lower().startswith("total population") or h.lower() == "population",
}


@dataclass
class ProfileResult:
    rows: int
    columns: list[str]


def import_profiles(*, data: bytes, name: str) -> ProfileResult:
    """Deprivation scores, ranks, deciles and populations by LSOA code, all or nothing: every
    bad value is named by row and column and refuses the file."""

    try:
        reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
        header = [h.strip() for h in next(reader, [])]
    except UnicodeDecodeError:
        raise AreaImportError(f"{name}: not UTF-8 text.") from None
    except csv.Error as error:
        raise AreaImportError(f"{name}: the first line is not a CSV header ({error}).") from None
    at = {}
    for field, test in PROFILE_COLUMNS.items():
        index = next((i for i, h in enumerate(header) if test(h)), None)
        if index is not None:
            at[field] = index
    if "code" not in at or len(at) == 1:
        raise AreaImportError(
            f"{name}: needs an 'LSOA code' column and at least one of the deprivation score, "
            "rank or decile, or 'Total population' columns."
        )
    rows, problems = {}, []
    numbered = enumerate(reader, start=1)
    while True:
        try:
            number, row = next(numbered)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(f"row {reader.line_num:,}: could not be read as CSV ({error})")
            break
        if not any(cell.strip() for cell in row):
            continue
        code = row[at["code"]].strip() if len(row) > at["code"] else ""
        if not code:
            problems.append(f"row {number:,}: no LSOA code")
            continue
        values = {}
        for field, index in at.items():
            if field == "code":
                continue
            text = row[index].strip().replace(",", "") if index < len(row) else ""
            try:
                values[field] = (
                    (float(text) if field == "imd_score" else int(float(text))) if text else None
                )
            except (ValueError, OverflowError):
                problems.append(f"row {number:,}, {header[index]}: '{text[:40]}' is not a number")
        rows[code] = values
        if len(problems) >= 20:
            break
    if problems:
        raise AreaImportError(f"{name}: " + "; ".join(problems))
    fields = [f for f in at if f != "code"]
    with transaction.atomic():
        existing = AreaProfile.objects.in_bulk(list(rows), field_name="code")
        new = [
            AreaProfile(code=code, **values)
            for code, values in rows.items()
            if code not in existing
        ]
        changed = []
        for code, profile in existing.items():
            for field, value in rows[code].items():
                setattr(profile, field, value)
            changed.append(profile)
        AreaProfile.objects.bulk_create(new, batch_size=2000)
        AreaProfile.objects.bulk_update(changed, fields, batch_size=2000)
    return ProfileResult(rows=len(rows), columns=[header[at[f]] for f in fields])


# Which LSOAs a Zone overlaps ---------------------------------------------------------------------


@transaction.atomic
def link_zone_areas(zone: Any) -> int:
    """Store the LSOAs a Zone's boundary overlaps, with the share of each LSOA inside it, and send
    zone_areas_linked."""
    ZoneArea.objects.filter(zone=zone).delete()
    if not zone.boundary:
        zone_areas_linked.send(sender=ZoneArea, zone=zone)
        return 0
    boundary = make_valid(shape(zone.boundary))
    west, south, east, north = boundary.bounds
    candidates = StatisticalArea.objects.filter(
        kind=AreaKind.LSOA21,
        min_lon__lte=east,
        max_lon__gte=west,
        min_lat__lte=north,
        max_lat__gte=south,
    )
    projected = to_british_national_grid(boundary)
    links = []
    for area in candidates:
        geometry = to_british_national_grid(make_valid(shape(area.geometry)))
        if not geometry.area:
            continue
        share = projected.intersection(geometry).area / geometry.area
        if share >= 0.01:
            links.append(ZoneArea(zone=zone, area=area, share_inside=min(share, 1.0)))
    ZoneArea.objects.bulk_create(links)
    zone_areas_linked.send(sender=ZoneArea, zone=zone)
    return len(links)
