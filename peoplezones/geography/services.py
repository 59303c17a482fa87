"""Writes for statistical areas: an all-or-nothing import from a GeoJSON boundary file."""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from shapely.geometry import mapping, shape
from shapely.validation import make_valid

from peoplezones.core.geo import area_m2
from peoplezones.geography.models import StatisticalArea

# ONS names the code and name columns after the product and year; map them by what they hold.
CODE_KEYS = ("LSOA21CD", "LSOA11CD", "lsoa21cd", "lsoa11cd", "code")
NAME_KEYS = ("LSOA21NM", "LSOA11NM", "lsoa21nm", "lsoa11nm", "name")


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
        data = json.loads(path.read_bytes())
    except json.JSONDecodeError as error:
        raise AreaImportError(
            f"{name}: not valid JSON ({error.msg}, line {error.lineno})."
        ) from None
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
    return ImportResult(created=created, updated=updated)
