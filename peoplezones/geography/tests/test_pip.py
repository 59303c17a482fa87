"""Placing points in LSOAs: the bucketed index agrees with testing every area, point by point."""

import numpy as np
import shapely

from peoplezones.geography.pip import LsoaIndex


def _tiling(n: int, seed: int = 3) -> list[shapely.Geometry]:
    """Irregular areas that tile a box without gaps (Voronoi cells), edges made wiggly."""
    rng = np.random.default_rng(seed)
    box = shapely.box(-1.3, 52.5, -1.0, 52.75)
    seeds = shapely.multipoints(
        shapely.points(rng.uniform(-1.3, -1.0, n), rng.uniform(52.5, 52.75, n))
    )
    cells = shapely.get_parts(shapely.voronoi_polygons(seeds, extend_to=box))
    return list(shapely.segmentize(shapely.intersection(cells, box), 0.002))


def test_every_point_gets_the_area_holding_it_as_a_brute_force_test_finds():
    cells = _tiling(300)
    codes = [f"E01{i:06d}" for i in range(len(cells))]
    index = LsoaIndex(codes, cells)
    rng = np.random.default_rng(7)
    lons, lats = rng.uniform(-1.35, -0.95, 2000), rng.uniform(52.45, 52.8, 2000)
    found = index.assign(lons, lats)
    polygons, names = np.array(cells, dtype=object), np.array(codes)
    for lon, lat, code in zip(lons, lats, found, strict=True):
        holding = set(names[shapely.intersects_xy(polygons, lon, lat)])  # every area, one by one
        assert (code in holding) if holding else code == "", (lon, lat, code, holding)
    assert (found == "").sum() > 0  # points outside every area get no code
    # Large batches are split across threads and give the same answer.
    many = np.tile(lons, 40), np.tile(lats, 40)
    assert list(index.assign(*many)) == list(np.tile(found, 40))


def test_points_without_a_location_and_an_empty_index():
    index = LsoaIndex(["E01000001"], [shapely.box(0, 0, 1, 1)])
    assert list(index.assign(np.array([0.5, np.nan, 2.0]), np.array([0.5, 0.5, 0.5]))) == [
        "E01000001", "", ""]  # fmt: skip
    assert list(LsoaIndex([], []).assign(np.array([0.5]), np.array([0.5]))) == [""]
    assert index.touches((0.9, 0.9, 2, 2)) and not index.touches((2, 2, 3, 3))


def test_a_point_on_a_shared_edge_always_goes_to_the_same_area():
    index = LsoaIndex(
        ["E01000001", "E01000002"], [shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1)]
    )
    assert list(index.assign(np.array([1.0] * 3), np.array([0.5] * 3))) == ["E01000001"] * 3
