"""The base map under every map (core.basemap): OpenStreetMap's tiles by default, any XYZ source,
none, or a PMTiles archive the platform serves itself; the CSP names exactly the tile host; wrong
settings are named by `manage.py check` and never break a page."""

import gzip
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client

from peoplezones.core import basemap
from tests import factories, tiles

pytestmark = pytest.mark.django_db
OSM = "https://tile.openstreetmap.org"


def csp_images(response) -> list[str]:
    policy = response["Content-Security-Policy"]
    directive = next(d for d in policy.split(";") if d.strip().startswith("img-src"))
    return directive.split()[1:]


@pytest.fixture
def zone():
    return factories.zone_with_boundary(name="Braunstone Park")


def test_by_default_maps_draw_openstreetmap_tiles_credited_and_named_in_the_csp(zone):
    response = Client().get(f"/zones/{zone.slug}/")
    page = response.content.decode()
    assert 'data-basemap="raster"' in page
    assert 'data-tiles="https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in page
    assert 'data-attribution="© OpenStreetMap contributors"' in page
    assert 'data-attribution-url="https://www.openstreetmap.org/copyright"' in page
    assert csp_images(response) == ["'self'", "data:", OSM]


def test_another_xyz_source_is_named_in_the_csp_instead(settings, zone):
    settings.PZ_MAP_TILE_URL = "https://tiles.council.example/osm/{z}/{x}/{y}.png"
    response = Client().get(f"/zones/{zone.slug}/")
    assert csp_images(response) == ["'self'", "data:", "https://tiles.council.example"]
    assert "tile.openstreetmap.org" not in response.content.decode()


@pytest.mark.parametrize("value", ["off", ""])
def test_maps_can_have_no_base_map(settings, zone, value):
    settings.PZ_MAP_TILE_URL = value
    response = Client().get(f"/zones/{zone.slug}/")
    assert "data-basemap" not in response.content.decode()
    assert csp_images(response) == ["'self'", "data:"]


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("https://tiles.example.org/tile.png", "{z}, {x}, {y} missing"),
        ("https://tiles.example.org/{z}/{x}.png", "{y} missing"),
        ("tiles.example.org/{z}/{x}/{y}.png", "must be a full http(s) address"),
        ("javascript:alert(1)//{z}/{x}/{y}", "must be a full http(s) address"),
    ],
)
def test_a_wrong_tile_address_is_named_by_check_and_breaks_no_page(settings, zone, url, named):
    settings.PZ_MAP_TILE_URL = url
    with pytest.raises(SystemCheckError, match="PZ_MAP_TILE_URL") as refused:
        call_command("check")
    assert named in str(refused.value)
    response = Client().get(f"/zones/{zone.slug}/")
    assert response.status_code == 200
    assert "data-basemap" not in response.content.decode()  # no base map, rather than a broken one


def test_a_pmtiles_archive_is_served_by_the_platform_and_nothing_else_is_named(
    settings, zone, tmp_path
):
    settings.PZ_MAP_PMTILES = str(tiles.archive(tmp_path / "area.pmtiles", zooms=range(13, 16)))
    response = Client().get(f"/zones/{zone.slug}/")
    page = response.content.decode()
    assert 'data-basemap="raster"' in page
    assert 'data-tiles="/maps/tiles/{z}/{x}/{y}.png"' in page
    assert 'data-max-zoom="15"' in page
    assert csp_images(response) == ["'self'", "data:"]
    x, y = tiles.tile_xy(*factories.BRAUNSTONE, 14)
    tile = Client().get(f"/maps/tiles/14/{x}/{y}.png")
    assert tile.status_code == 200
    assert tile["Content-Type"] == "image/png"
    assert tile.content.startswith(b"\x89PNG")
    assert "max-age=604800" in tile["Cache-Control"]
    assert Client().get(f"/maps/tiles/14/{x + 500}/{y}.png").status_code == 204  # not in the area
    assert Client().get(f"/maps/tiles/12/{x // 4}/{y // 4}.png").status_code == 204  # zoom not held
    assert Client().get(f"/maps/tiles/14/{x}/{y}.mvt").status_code == 404  # not its kind
    assert Client().get(f"/maps/tiles/40/{x}/{y}.png").status_code == 204  # no such zoom


def test_vector_tiles_are_sent_compressed_to_browsers_that_take_it(settings, tmp_path):
    settings.PZ_MAP_PMTILES = str(
        tiles.archive(tmp_path / "v.pmtiles", vector=True, zooms=range(14, 15), radius_km=1)
    )
    assert basemap.current().kind == "vector"
    x, y = tiles.tile_xy(*factories.BRAUNSTONE, 14)
    packed = Client().get(f"/maps/tiles/14/{x}/{y}.mvt", HTTP_ACCEPT_ENCODING="gzip, br")
    assert packed["Content-Encoding"] == "gzip"
    assert packed["Content-Type"] == "application/vnd.mapbox-vector-tile"
    plain = Client().get(f"/maps/tiles/14/{x}/{y}.mvt")
    assert not plain.has_header("Content-Encoding")
    assert gzip.decompress(packed.content) == plain.content
    import mapbox_vector_tile

    assert set(mapbox_vector_tile.decode(plain.content)) == {"earth", "water", "roads"}


@pytest.mark.parametrize(
    ("content", "named"),
    [
        (b"", "could not be read as a PMTiles archive"),
        (b"<html>not found</html>" * 10, "not a PMTiles archive of version 3"),
        (None, "cut short"),
        ("missing", "cannot be found"),
    ],
)
def test_an_unreadable_archive_is_named_by_check_and_breaks_no_page(
    settings, zone, tmp_path, content, named
):
    path = tmp_path / "area.pmtiles"
    if content is None:
        whole = tiles.archive(tmp_path / "whole.pmtiles", zooms=range(14, 15)).read_bytes()
        path.write_bytes(whole[: len(whole) // 2])
    elif content != "missing":
        path.write_bytes(content)
    settings.PZ_MAP_PMTILES = str(path)
    with pytest.raises(SystemCheckError, match="PZ_MAP_PMTILES") as refused:
        call_command("check")
    assert named in str(refused.value)
    assert Client().get(f"/zones/{zone.slug}/").status_code == 200
    assert Client().get("/maps/tiles/14/8141/5397.png").status_code == 404


def test_the_privacy_notice_says_where_map_tiles_come_from(settings, tmp_path):
    from peoplezones.pages.models import Page

    Page.objects.update_or_create(
        slug="privacy", defaults={"title": "Privacy notice", "body": "How we use your data."}
    )
    said = Client().get("/about/privacy/").content.decode()
    assert "map tiles) come from https://tile.openstreetmap.org" in said
    settings.PZ_MAP_PMTILES = str(tiles.archive(tmp_path / "a.pmtiles", zooms=range(14, 15)))
    said = Client().get("/about/privacy/").content.decode()
    assert "served by this site itself" in said
    settings.PZ_MAP_PMTILES, settings.PZ_MAP_TILE_URL = "", "off"
    assert "draw only their own shapes" in Client().get("/about/privacy/").content.decode()


def test_archives_are_read_once_and_again_when_the_file_changes(settings, tmp_path):
    path = tiles.archive(tmp_path / "a.pmtiles", zooms=range(14, 15))
    settings.PZ_MAP_PMTILES = str(path)
    first = basemap.archive()
    assert basemap.archive() is first
    tiles.archive(Path(path), zooms=range(13, 15))
    import os

    os.utime(path, (1, 2))  # a new copy of the file
    assert basemap.archive() is not first
    assert basemap.archive().header["min_zoom"] == 13
