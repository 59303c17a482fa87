"""Gap analysis: nearest distances agree with brute force; residents are counted by weight; the
page says it in a sentence, a table and a map layer; residential points import by header."""

import numpy as np
import pytest
from django.test import Client

from peoplezones.assets import gaps, points
from peoplezones.assets.importers import FileRefused
from peoplezones.assets.models import Category
from peoplezones.core.geo import from_bng_xy, to_bng_xy
from tests import factories

pytestmark = pytest.mark.django_db


def test_nearest_distances_match_brute_force():
    rng = np.random.default_rng(7)
    assets = rng.uniform(0, 10_000, size=(500, 2))
    people = rng.uniform(0, 10_000, size=(2_000, 2))
    brute = np.sqrt(((people[:, None, :] - assets[None, :, :]) ** 2).sum(axis=2)).min(axis=1)
    assert np.allclose(gaps.nearest_distances(people, assets), brute)
    assert np.isinf(gaps.nearest_distances(people, np.empty((0, 2)))).all()


def _points_around(zone_lon, zone_lat, rows):
    """A point set: (metres east, metres north of the centre, people) for each point."""
    cx, cy = to_bng_xy([zone_lon], [zone_lat])
    lines = ["postcode,lat,long,population"]
    for i, (dx, dy, people) in enumerate(rows):
        lon, lat = from_bng_xy([cx[0] + dx], [cy[0] + dy])
        lines.append(f"LE3 {i}AA,{lat[0]:.6f},{lon[0]:.6f},{people}")
    parsed = points.read_points("\n".join(lines).encode(), "points.csv")
    assert not parsed.problems
    return points.store_points(parsed, name="test points")


def _asset_at(category, zone_lon, zone_lat, dx, dy):
    cx, cy = to_bng_xy([zone_lon], [zone_lat])
    lon, lat = from_bng_xy([cx[0] + dx], [cy[0] + dy])
    return factories.make_asset(category, lon=float(lon[0]), lat=float(lat[0]))


@pytest.fixture
def scene():
    lon, lat = factories.BRAUNSTONE
    zone = factories.zone_with_boundary(lon, lat)
    # 100 people beside the food bank, 300 people 900-950 m away, 40 people outside the Zone.
    _points_around(lon, lat, [(0, 0, 100), (0, 950, 200), (0, -900, 100), (5000, 5000, 40)])
    _asset_at("food-bank", lon, lat, 50, 0)
    return zone


def test_people_beyond_the_distance_are_counted_by_population(scene):
    gap = gaps.analyse(scene, Category.objects.get(slug="food-bank"), 800)
    assert (gap.total, gap.beyond, gap.percent) == (400, 300, 75)
    assert gaps.analyse(scene, Category.objects.get(slug="food-bank"), 1000).beyond == 0
    library = gaps.analyse(scene, Category.objects.get(slug="library"), 800)
    assert library.asset_count == 0 and library.beyond == 400


def test_gap_page_shows_the_sentence_the_table_and_the_shaded_cells(scene):
    coordinator = factories.CoordinatorFactory()
    scene.coordinators.add(coordinator)
    client = Client()
    client.force_login(coordinator)
    page = client.get(
        f"/assets/gaps/{scene.slug}/?category=food-bank&distance=800"
    ).content.decode()
    assert "300 residents (75%) live more than 800 m in a straight line from a food bank." in page
    assert "None recorded anywhere yet" in page and "library" in page  # categories with no asset
    cells = client.get(
        f"/assets/gaps/{scene.slug}/cells.geojson?category=food-bank&distance=800"
    ).json()
    shares = sorted(f["properties"]["share"] for f in cells["features"])
    assert shares == [0.0, 1.0, 1.0]
    bad = client.get(f"/assets/gaps/{scene.slug}/?category=food-bank&distance=5")
    assert "Ensure this value is greater than or equal to 100" in bad.content.decode()


def test_onspd_layout_leaves_out_terminated_and_unlocated_postcodes():
    text = (
        "pcd,pcd2,pcds,doterm,oseast1m,osnrth1m,lat,long,lsoa21\n"
        "LE3 1AB,LE3  1AB,LE3 1AB,,455000,304000,52.627,-1.180,E01013612\n"
        "LE3 1AD,LE3  1AD,LE3 1AD,201001,455100,304100,52.628,-1.179,E01013612\n"
        "LE3 9ZZ,LE3  9ZZ,LE3 9ZZ,,,,99.999999,0.000000,\n"
    )
    parsed = points.read_points(text.encode(), "ONSPD.csv")
    assert (len(parsed.counts), parsed.terminated, parsed.unlocated, parsed.has_counts) == (
        1,
        1,
        1,
        False,
    )
    point_set = points.store_points(parsed, name="ONSPD")
    assert (point_set.unit, point_set.total) == ("postcodes", 1)
    # Importing again under the same name replaces, never duplicates.
    points.store_points(points.read_points(text.encode(), "ONSPD.csv"), name="ONSPD")
    assert point_set.points.count() == 1


def test_points_by_grid_reference_and_bad_rows():
    parsed = points.read_points(b"easting,northing,count\n455000,304000,12\n", "grid.csv")
    assert parsed.lats[0] == pytest.approx(52.63, abs=0.02)
    parsed = points.read_points(b"lat,long,count\n52.6,-1.1,many\n91,-1.1,3\n", "bad.csv")
    assert [str(p) for p in parsed.problems] == [
        "Line 2, count: 'many' is not a whole number of people.",
        "Line 3, lat: (91.0, -1.1) is outside the UK.",
    ]
    with pytest.raises(FileRefused, match="no coordinate columns"):
        points.read_points(b"postcode,people\nLE3 1AB,3\n", "x.csv")
