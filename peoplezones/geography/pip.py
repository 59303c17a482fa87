"""Which LSOA each point falls in, for rows a source gives with a location but no LSOA code (the
police.uk API, a partner's file of points).

Two steps, both over whole arrays: a grid of buckets finds the few areas whose bounding box holds
each point (numpy, no geometry made per point), then one prepared containment test (shapely,
GEOS, without the GIL) over those pairs keeps the true one. Large batches are split across the
machine's cores. The index is built once per set of boundaries; see `make bench` for its speed
over England's 35,000 LSOAs."""

import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import shapely

from peoplezones.geography.models import AreaKind, StatisticalArea

SPLIT_AT = 50_000  # candidate pairs: below this one thread is quicker than two


class LsoaIndex:
    def __init__(self, codes: Sequence[str], geometries: Iterable[shapely.Geometry]) -> None:
        self.codes = np.asarray(list(codes), dtype=object)
        self.polygons = np.asarray(list(geometries), dtype=object)
        if len(self.codes) != len(self.polygons):
            raise ValueError("one code for each boundary")
        shapely.prepare(self.polygons)
        self.bounds = shapely.bounds(self.polygons) if len(self.polygons) else np.zeros((0, 4))
        self.centres = (self.bounds[:, :2] + self.bounds[:, 2:]) / 2
        self._bucket()

    @classmethod
    def from_database(cls, codes: Iterable[str] | None = None) -> "LsoaIndex":
        """Every stored 2021 LSOA (or those with the codes given)."""
        areas = StatisticalArea.objects.filter(kind=AreaKind.LSOA21)
        if codes is not None:
            areas = areas.filter(code__in=list(codes))
        rows = list(areas.values_list("code", "geometry"))
        return cls([c for c, _g in rows], (shapely.geometry.shape(g) for _c, g in rows))

    def __len__(self) -> int:
        return len(self.codes)

    def _bucket(self) -> None:
        """Cells half the size of a typical area; each lists the areas whose box touches it."""
        b = self.bounds
        if not len(b):
            self.origin, self.cell, self.shape = np.zeros(2), 1.0, (1, 1)
            self.starts, self.members = np.zeros(2, dtype=np.int64), np.zeros(0, dtype=np.int64)
            return
        sizes = np.maximum(b[:, 2] - b[:, 0], b[:, 3] - b[:, 1])
        self.cell = float(max(np.median(sizes) / 2, 1e-6))  # each point meets few boxes
        self.origin = b[:, :2].min(axis=0)
        far = b[:, 2:].max(axis=0)
        nx, ny = (np.floor((far - self.origin) / self.cell).astype(np.int64) + 1).tolist()
        self.shape = (nx, ny)
        x0, y0 = self._cell_xy(b[:, 0], b[:, 1])
        x1, y1 = self._cell_xy(b[:, 2], b[:, 3])
        width, height = x1 - x0 + 1, y1 - y0 + 1
        polygon = np.repeat(np.arange(len(b)), width * height)
        # Each polygon's run of cells, row by row: the offset within its run gives dx and dy.
        offset = np.arange(len(polygon)) - np.repeat(np.cumsum(width * height) - width * height,
                                                     width * height)  # fmt: skip
        dx, dy = (
            offset % np.repeat(width, width * height),
            offset // np.repeat(width, width * height),
        )
        cells = (x0[polygon] + dx) * ny + (y0[polygon] + dy)
        order = np.argsort(cells, kind="stable")
        self.members = polygon[order]
        self.starts = np.searchsorted(cells[order], np.arange(nx * ny + 1))

    def _cell_xy(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        nx, ny = self.shape
        cx = np.clip(np.floor((x - self.origin[0]) / self.cell), 0, nx - 1).astype(np.int64)
        cy = np.clip(np.floor((y - self.origin[1]) / self.cell), 0, ny - 1).astype(np.int64)
        return cx, cy

    def touches(self, box: tuple[float, float, float, float]) -> bool:
        """Whether any area meets the box (west, south, east, north)."""
        west, south, east, north = box
        b = self.bounds
        near = (b[:, 0] <= east) & (b[:, 2] >= west) & (b[:, 1] <= north) & (b[:, 3] >= south)
        return bool(np.any(shapely.intersects(self.polygons[near], shapely.box(*box))))

    def assign(self, lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
        """The code of the LSOA holding each point ("" for a point in none, or with no location).
        A point on an edge shared by two areas goes to the one whose box's centre is nearer (the
        one listed first if both are as near), the same one every time."""
        lons, lats = np.asarray(lons, dtype=float), np.asarray(lats, dtype=float)
        found = np.full(len(lons), "", dtype=object)
        if not len(self.codes) or not len(lons):
            return found
        located, point, polygon = self._pairs(lons, lats)
        x, y = lons[located], lats[located]
        # Each point's likeliest area first (the nearest box centre): most points are settled by
        # that one test; the others try the rest of their candidates.
        centre = self.centres[polygon]
        distance = (x[point] - centre[:, 0]) ** 2 + (y[point] - centre[:, 1]) ** 2
        nearest = np.zeros(len(point), dtype=bool)
        if len(point):
            starts = np.flatnonzero(_first_of_each(point))
            runs = np.diff(np.r_[starts, len(point)])
            least = np.flatnonzero(
                distance == np.repeat(np.minimum.reduceat(distance, starts), runs)
            )
            # one pair a point: at a tie, the first listed
            nearest[least[_first_of_each(point[least])]] = True
        first = np.flatnonzero(nearest)
        hit = self._test(polygon[first], x[point[first]], y[point[first]])
        settled = np.zeros(len(x), dtype=bool)
        settled[point[first[hit]]] = True
        found[located[point[first[hit]]]] = self.codes[polygon[first[hit]]]
        rest = np.flatnonzero(~nearest & ~settled[point])
        hit = self._test(polygon[rest], x[point[rest]], y[point[rest]])
        later, area = point[rest[hit]], polygon[rest[hit]]
        keep = _first_of_each(later)
        found[located[later[keep]]] = self.codes[area[keep]]
        return found

    def _test(self, polygon: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Whether each point lies in (or on) its area: in two threads for many (GEOS lets go of
        the GIL), each with its own half of the areas, since a prepared geometry builds its index
        on first use and no two threads may share one."""
        if len(polygon) < SPLIT_AT or (os.cpu_count() or 1) < 2:
            return shapely.intersects_xy(self.polygons[polygon], x, y)
        inside = np.zeros(len(polygon), dtype=bool)
        halves = [np.flatnonzero(polygon % 2 == side) for side in (0, 1)]

        def test(rows: np.ndarray) -> np.ndarray:
            return shapely.intersects_xy(self.polygons[polygon[rows]], x[rows], y[rows])

        with ThreadPoolExecutor(2) as pool:
            for rows, result in zip(halves, pool.map(test, halves), strict=True):
                inside[rows] = result
        return inside

    def _pairs(self, lons: np.ndarray, lats: np.ndarray) -> tuple[np.ndarray, ...]:
        """(the located points' places, and for each candidate pair its point among them and its
        area): the areas listed in each point's cell whose box holds the point."""
        b = self.bounds
        located = np.flatnonzero(
            ~(np.isnan(lons) | np.isnan(lats))
            & (lons >= b[:, 0].min()) & (lons <= b[:, 2].max())
            & (lats >= b[:, 1].min()) & (lats <= b[:, 3].max())
        )  # fmt: skip
        x, y = lons[located], lats[located]
        cx, cy = self._cell_xy(x, y)
        cell = cx * self.shape[1] + cy
        first, count = self.starts[cell], self.starts[cell + 1] - self.starts[cell]
        point = np.repeat(np.arange(len(x)), count)
        within_run = np.arange(len(point)) - np.repeat(np.cumsum(count) - count, count)
        polygon = self.members[np.repeat(first, count) + within_run]
        px, py, box = x[point], y[point], b[polygon]
        near = (px >= box[:, 0]) & (px <= box[:, 2]) & (py >= box[:, 1]) & (py <= box[:, 3])
        return located, point[near], polygon[near]


def _first_of_each(groups: np.ndarray) -> np.ndarray:
    """Where each run of equal values in ``groups`` (grouped, in order) begins."""
    first = np.ones(len(groups), dtype=bool)
    first[1:] = groups[1:] != groups[:-1]
    return first
