"""Geometry the platform shares: reading and checking boundaries, and measuring them on the
British National Grid (EPSG:27700). Longitude/latitude in, metres out; no GDAL, no PostGIS."""

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.validation import explain_validity, make_valid

from peoplezones.core import jsoninput

# The UK and its waters, generously: anything outside is a mistake (often swapped coordinates).
UK_BOUNDS = (-8.75, 49.8, 1.85, 60.95)
MAX_BOUNDARY_BYTES = 2 * 1024 * 1024
MIN_ZONE_AREA_M2 = 10_000  # one hectare
MAX_ZONE_AREA_M2 = 250_000_000  # 250 km²: far larger than any neighbourhood


class BoundaryError(ValueError):
    """A boundary we refuse; the message says what is wrong in words a coordinator can act on."""


@dataclass(frozen=True)
class Boundary:
    geojson: dict[str, Any]  # a GeoJSON MultiPolygon, WGS84 longitude/latitude
    area_m2: float
    bbox: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat
    centre: tuple[float, float]  # lon, lat of a point guaranteed inside

    @property
    def area_km2(self) -> float:
        return self.area_m2 / 1_000_000


@lru_cache(maxsize=1)
def _to_bng() -> Transformer:
    return Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)


@lru_cache(maxsize=1)
def _from_bng() -> Transformer:
    return Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)


def _project(coords: np.ndarray) -> np.ndarray:
    x, y = _to_bng().transform(coords[:, 0], coords[:, 1])
    return np.column_stack([x, y])


def to_bng_xy(lons: Any, lats: Any) -> tuple[np.ndarray, np.ndarray]:
    """Longitudes and latitudes (arrays or lists) to British National Grid metres, vectorised."""
    x, y = _to_bng().transform(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float))
    return np.asarray(x), np.asarray(y)


def from_bng_xy(xs: Any, ys: Any) -> tuple[np.ndarray, np.ndarray]:
    """British National Grid metres back to longitudes and latitudes."""
    lon, lat = _from_bng().transform(np.asarray(xs, dtype=float), np.asarray(ys, dtype=float))
    return np.asarray(lon), np.asarray(lat)


def points_within(geometries: list[Any], lons: Any, lats: Any) -> tuple[np.ndarray, np.ndarray]:
    """(point index, geometry index) for every point inside one of `geometries` (GeoJSON
    dicts): one vectorised STRtree query (a point inside two appears twice)."""
    if not geometries or not len(lons):
        return np.array([], dtype=int), np.array([], dtype=int)
    tree = shapely.STRtree([shape(geometry) for geometry in geometries])
    points = shapely.points(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float))
    return tree.query(points, predicate="within")


def in_uk(lon: float, lat: float) -> bool:
    west, south, east, north = UK_BOUNDS
    return (
        math.isfinite(lon) and math.isfinite(lat) and west <= lon <= east and south <= lat <= north
    )


def to_british_national_grid(geometry: shapely.Geometry) -> shapely.Geometry:
    """Every coordinate projected in one vectorised call (pyproj on a whole array)."""
    return shapely.transform(geometry, _project)


def area_m2(geometry: shapely.Geometry) -> float:
    return float(to_british_national_grid(geometry).area)


def _polygons_from(data: Any) -> list[list[list[list[float]]]]:
    """Every polygon's rings (as raw coordinate lists) in a GeoJSON object of any usual shape."""
    if not isinstance(data, dict) or "type" not in data:
        raise BoundaryError("The file is JSON but not GeoJSON: it has no 'type'.")
    kind = data["type"]
    if kind == "FeatureCollection":
        features = data.get("features") or []
        if not features:
            raise BoundaryError("The FeatureCollection has no features.")
        polygons = []
        for feature in features:
            polygons.extend(_polygons_from(feature))
        return polygons
    if kind == "Feature":
        if not data.get("geometry"):
            raise BoundaryError("A feature in the file has no geometry.")
        return _polygons_from(data["geometry"])
    if kind == "Polygon":
        return [data.get("coordinates") or []]
    if kind == "MultiPolygon":
        return list(data.get("coordinates") or [])
    raise BoundaryError(f"A boundary must be a Polygon or MultiPolygon; this file holds a {kind}.")


def _check_rings(polygons: list[Any]) -> None:
    west, south, east, north = UK_BOUNDS
    for p, rings in enumerate(polygons, start=1):
        if not isinstance(rings, list) or not rings:
            raise BoundaryError(f"Polygon {p} has no coordinates.")
        for r, ring in enumerate(rings, start=1):
            where = f"Ring {r} of polygon {p}"
            try:
                points = [(float(pt[0]), float(pt[1])) for pt in ring]
            except (TypeError, ValueError, IndexError):
                raise BoundaryError(f"{where} has a point that is not a pair of numbers.") from None
            if len(points) < 4:
                raise BoundaryError(
                    f"{where} has {len(points)} points; a closed ring needs at least 4."
                )
            if points[0] != points[-1]:
                raise BoundaryError(
                    f"{where} is not closed: its first point {points[0]} and last point "
                    f"{points[-1]} differ."
                )
            for lon, lat in points:
                if not (math.isfinite(lon) and math.isfinite(lat)):
                    raise BoundaryError(f"{where} has a point that is not a number.")
                if not (west <= lon <= east and south <= lat <= north):
                    hint = ""
                    if west <= lat <= east and south <= lon <= north:
                        hint = " The numbers look swapped: GeoJSON lists longitude first."
                    raise BoundaryError(
                        f"{where} has a point outside the UK (longitude {lon}, latitude {lat}).{hint}"
                    )


def check_geometry(geometry: shapely.Geometry) -> Boundary:
    """Validity, size and tidy output for an already-built (multi)polygon."""
    if not geometry.is_valid:
        reason = explain_validity(geometry)
        if reason.startswith("Self-intersection") or reason.startswith("Ring Self-intersection"):
            point = reason.split("[", 1)[-1].rstrip("]").split()
            near = (
                f" near longitude {float(point[0]):.5f}, latitude {float(point[1]):.5f}"
                if len(point) == 2
                else ""
            )
            raise BoundaryError(f"The boundary crosses itself{near}. Redraw that corner.")
        raise BoundaryError(f"The boundary is not a valid shape: {reason}.")
    if isinstance(geometry, Polygon):
        geometry = MultiPolygon([geometry])
    if not isinstance(geometry, MultiPolygon) or geometry.is_empty:
        raise BoundaryError("The areas do not make a single boundary.")
    area = area_m2(geometry)
    if area < MIN_ZONE_AREA_M2:
        raise BoundaryError(
            f"The boundary covers {area:,.0f} m²; a Zone needs at least one hectare (10,000 m²)."
        )
    if area > MAX_ZONE_AREA_M2:
        raise BoundaryError(
            f"The boundary covers {area / 1e6:,.1f} km²; a Zone is a neighbourhood, at most "
            f"{MAX_ZONE_AREA_M2 / 1e6:,.0f} km². Check the file holds the right area."
        )
    rounded = shapely.set_precision(geometry, 1e-6)
    centre = geometry.representative_point()
    return Boundary(
        geojson=json.loads(json.dumps(mapping(rounded))),
        area_m2=area,
        bbox=tuple(round(v, 6) for v in geometry.bounds),  # type: ignore[arg-type]
        centre=(round(centre.x, 6), round(centre.y, 6)),
    )


def parse_boundary(raw: str | bytes) -> Boundary:
    """Read a boundary from GeoJSON text (a Polygon, MultiPolygon, Feature or FeatureCollection)."""
    size = len(raw.encode() if isinstance(raw, str) else raw)
    if size > MAX_BOUNDARY_BYTES:
        raise BoundaryError(
            f"The file is {size / 1024 / 1024:.1f} MB; the largest boundary accepted is "
            f"{MAX_BOUNDARY_BYTES // 1024 // 1024} MB. Simplify the shape first."
        )
    if not raw.strip():
        raise BoundaryError("The boundary is empty.")
    try:
        data = jsoninput.loads(raw, max_bytes=MAX_BOUNDARY_BYTES, name="The boundary")
    except jsoninput.JSONRefused as refused:
        raise BoundaryError(str(refused)) from None
    polygons = _polygons_from(data)
    _check_rings(polygons)
    parts = [shape({"type": "Polygon", "coordinates": rings}) for rings in polygons]
    geometry = parts[0] if len(parts) == 1 else MultiPolygon(parts)
    return check_geometry(geometry)


# Published boundaries are generalised, so neighbours can leave slivers between them: pieces and
# holes smaller than this (in m²) are such slivers, not real gaps.
SLIVER_M2 = 2_000


def merge(geometries: list[dict[str, Any]]) -> shapely.Geometry:
    """Several areas' GeoJSON geometries as one shape: snapped to a 10 cm grid so shared edges
    meet, with slivers between neighbours closed and specks dropped."""
    merged = shapely.union_all(
        [shapely.set_precision(make_valid(shape(g)), 1e-6) for g in geometries]
    )
    kept = []
    for part in pieces(merged):
        real_holes = [ring for ring in part.interiors if area_m2(Polygon(ring)) >= SLIVER_M2]
        if area_m2(part) >= SLIVER_M2:
            kept.append(Polygon(part.exterior, real_holes))
    return kept[0] if len(kept) == 1 else MultiPolygon(kept)


def pieces(geometry: shapely.Geometry) -> list[Polygon]:
    """The separate polygons of a shape."""
    if isinstance(geometry, Polygon):
        return [geometry]
    return [g for g in getattr(geometry, "geoms", []) if isinstance(g, Polygon)]


def holes(geometry: shapely.Geometry) -> list[Polygon]:
    """The gaps enclosed inside a shape, each as a polygon."""
    return [Polygon(ring) for part in pieces(geometry) for ring in part.interiors]
