"""Gap analysis: who lives further than a chosen straight-line distance from the nearest asset of
a category. Distances are measured on the British National Grid with a k-d tree (scipy cKDTree),
so a million residential points take about a second, not a nested loop."""

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely
from django.conf import settings
from scipy.spatial import cKDTree
from shapely.geometry import shape

from peoplezones.assets.models import Asset, Category, PointSet, ResidentialPoint
from peoplezones.core.geo import from_bng_xy, to_british_national_grid
from peoplezones.zones.models import Zone

CELL_M = 250  # the map shades 250 m squares


def nearest_distances(points_xy: np.ndarray, assets_xy: np.ndarray) -> np.ndarray:
    """Distance in metres from each point to its nearest asset (inf when there are no assets)."""
    if len(assets_xy) == 0:
        return np.full(len(points_xy), np.inf)
    tree = cKDTree(assets_xy)
    distances, _ = tree.query(points_xy, k=1, workers=-1)
    return distances


@dataclass
class ZonePoints:
    point_set: PointSet | None
    xy: np.ndarray
    counts: np.ndarray

    @property
    def total(self) -> int:
        return int(self.counts.sum())

    @property
    def unit(self) -> str:
        return self.point_set.unit if self.point_set else "residents"


def latest_point_set() -> PointSet | None:
    return PointSet.objects.order_by("-imported_at", "-id").first()


def zone_points(zone: Zone, point_set: PointSet | None = None) -> ZonePoints:
    """The residential points inside the Zone's boundary, as BNG coordinates with counts."""
    point_set = point_set or latest_point_set()
    if point_set is None or not zone.boundary:
        return ZonePoints(point_set, np.empty((0, 2)), np.empty(0, dtype=np.int64))
    geometry = shape(zone.boundary)
    west, south, east, north = to_british_national_grid(geometry).bounds
    rows = np.array(
        list(
            ResidentialPoint.objects.filter(
                point_set=point_set, x__gte=west, x__lte=east, y__gte=south, y__lte=north
            ).values_list("lon", "lat", "x", "y", "count")
        ),
        dtype=float,
    ).reshape(-1, 5)
    inside = (
        shapely.contains_xy(geometry, rows[:, 0], rows[:, 1]) if len(rows) else np.zeros(0, bool)
    )
    rows = rows[inside]
    return ZonePoints(point_set, rows[:, 2:4], rows[:, 4].astype(np.int64))


def category_xy(category: Category) -> np.ndarray:
    return np.array(
        list(Asset.objects.filter(category=category, unlisted_since=None).values_list("x", "y")),
        dtype=float,
    ).reshape(-1, 2)


@dataclass
class Gap:
    category: Category
    distance_m: int
    unit: str
    total: int
    beyond: int
    asset_count: int
    median_m: float | None
    distances: np.ndarray = field(repr=False)

    @property
    def share(self) -> float:
        return self.beyond / self.total if self.total else 0.0

    @property
    def percent(self) -> int:
        return round(100 * self.share)


def analyse(
    zone: Zone, category: Category, distance_m: int | None = None, points: ZonePoints | None = None
) -> Gap:
    distance_m = distance_m or settings.PZ_GAP_DISTANCE_M
    points = points or zone_points(zone)
    assets_xy = category_xy(category)
    distances = nearest_distances(points.xy, assets_xy)
    beyond = int(points.counts[distances > distance_m].sum()) if len(distances) else 0
    finite = distances[np.isfinite(distances)]
    median = (
        float(np.median(np.repeat(finite, points.counts[np.isfinite(distances)])))
        if len(finite)
        else None
    )
    return Gap(
        category, distance_m, points.unit, points.total, beyond, len(assets_xy), median, distances
    )


def overview(
    zone: Zone, distance_m: int | None = None, points: ZonePoints | None = None
) -> list[Gap]:
    """Every category at once, widest gap first."""
    points = points or zone_points(zone)
    gaps = [
        analyse(zone, c, distance_m, points)
        for c in Category.objects.exclude(slug__in=["person", "other"])
    ]
    return sorted(gaps, key=lambda g: (-g.share, g.category.name))


def cells(zone: Zone, gap: Gap, points: ZonePoints) -> dict[str, Any]:
    """A GeoJSON of 250 m squares holding residential points, each with how many of its people
    live beyond the distance: the map shades squares by that share."""
    if not len(points.xy):
        return {"type": "FeatureCollection", "features": []}
    keys = np.floor(points.xy / CELL_M).astype(np.int64)
    far = gap.distances > gap.distance_m
    cells: dict[tuple[int, int], list[int]] = {}
    for (cx, cy), count, is_far in zip(
        keys.tolist(), points.counts.tolist(), far.tolist(), strict=True
    ):
        entry = cells.setdefault((cx, cy), [0, 0])
        entry[0] += count
        entry[1] += count if is_far else 0
    # Every square's five ring corners, projected back to longitude/latitude in one call.
    corners = np.array([(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)])
    origins = np.array(list(cells), dtype=float)
    xs = ((origins[:, None, 0] + corners[None, :, 0]) * CELL_M).ravel()
    ys = ((origins[:, None, 1] + corners[None, :, 1]) * CELL_M).ravel()
    lons, lats = (a.reshape(len(origins), 5) for a in from_bng_xy(xs, ys))
    features = []
    for (total, beyond), ring_lons, ring_lats in zip(cells.values(), lons, lats, strict=True):
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [
                        [
                            [round(a, 6), round(b, 6)]
                            for a, b in zip(ring_lons.tolist(), ring_lats.tolist(), strict=True)
                        ]
                    ],
                },
                "properties": {
                    "total": total,
                    "beyond": beyond,
                    "share": round(beyond / total, 3) if total else 0,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
