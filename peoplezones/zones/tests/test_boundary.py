"""Setting a Zone's boundary: drawn, uploaded or built from areas; bad shapes refused, nothing stored."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from peoplezones.geography.models import StatisticalArea
from tests import factories

pytestmark = pytest.mark.django_db

SQUARE = [[-1.17, 52.62], [-1.16, 52.62], [-1.16, 52.63], [-1.17, 52.63], [-1.17, 52.62]]


def polygon(ring):
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


@pytest.fixture
def setup():
    coordinator = factories.CoordinatorFactory()
    zone = factories.ZoneFactory(coordinators=[coordinator])
    client = Client()
    client.force_login(coordinator)
    return client, zone, reverse("zones:boundary", args=[zone.slug])


def test_drawn_boundary_is_stored_with_its_area(setup):
    client, zone, url = setup
    response = client.post(url, {"method": "drawn", "geojson": polygon(SQUARE)})
    assert response.status_code == 302
    zone.refresh_from_db()
    assert zone.boundary["type"] == "MultiPolygon"
    assert zone.boundary_source == "drawn"
    assert 0.7 < zone.boundary_area_km2 < 0.8  # 0.01° x 0.01° at 52.6°N, measured on the BNG


def test_uploaded_feature_collection_is_accepted(setup):
    client, zone, url = setup
    data = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {}, "geometry": json.loads(polygon(SQUARE))}
        ],
    }
    upload = SimpleUploadedFile("zone.geojson", json.dumps(data).encode(), "application/geo+json")
    assert client.post(url, {"method": "upload", "file": upload}).status_code == 302
    zone.refresh_from_db()
    assert zone.boundary_source == "uploaded"


@pytest.mark.parametrize(
    ("geojson", "message"),
    [
        (
            polygon(
                [[-1.17, 52.62], [-1.16, 52.63], [-1.16, 52.62], [-1.17, 52.63], [-1.17, 52.62]]
            ),
            "crosses itself",
        ),
        (polygon(SQUARE[:-1]), "is not closed"),
        (polygon([[2.35, 48.85], [2.36, 48.85], [2.36, 48.86], [2.35, 48.85]]), "outside the UK"),
        (polygon([[lat, lon] for lon, lat in SQUARE]), "look swapped"),
        ('{"type": "Polygon", "coordinates": [[[-1.17, 52.62],', "not valid JSON"),
        (json.dumps({"type": "LineString", "coordinates": SQUARE}), "holds a LineString"),
        (
            polygon([[-1.17, 52.62], [-1.1699, 52.62], [-1.1699, 52.6201], [-1.17, 52.62]]),
            "at least one hectare",
        ),
        (
            polygon([[-3.0, 52.0], [-0.5, 52.0], [-0.5, 53.5], [-3.0, 52.0]]),
            "a Zone is a neighbourhood",
        ),
    ],
)
def test_bad_drawn_or_pasted_boundary_is_refused_and_nothing_stored(setup, geojson, message):
    client, zone, url = setup
    response = client.post(url, {"method": "drawn", "geojson": geojson})
    assert response.status_code == 400
    assert message in response.content.decode()
    zone.refresh_from_db()
    assert zone.boundary is None


def test_twenty_megabyte_file_is_refused(setup):
    client, zone, url = setup
    big = SimpleUploadedFile("huge.geojson", b" " * (20 * 1024 * 1024), "application/geo+json")
    response = client.post(url, {"method": "upload", "file": big})
    assert response.status_code == 400
    assert "The file is 20.0 MB" in response.content.decode()
    zone.refresh_from_db()
    assert zone.boundary is None


def test_boundary_built_from_statistical_areas(setup):
    client, zone, url = setup
    for i, west in enumerate([-1.17, -1.16]):
        ring = [
            [west, 52.62],
            [west + 0.01, 52.62],
            [west + 0.01, 52.63],
            [west, 52.63],
            [west, 52.62],
        ]
        StatisticalArea.objects.create(
            code=f"E0101000{i}",
            name=f"Leicester 00{i}A",
            geometry={"type": "Polygon", "coordinates": [ring]},
            area_m2=1,
            min_lon=west,
            min_lat=52.62,
            max_lon=west + 0.01,
            max_lat=52.63,
        )
    response = client.post(url, {"method": "areas", "area_codes": "e01010000, E01010001"})
    assert response.status_code == 302
    zone.refresh_from_db()
    assert zone.boundary_area_codes == "E01010000 E01010001"
    assert 1.4 < zone.boundary_area_km2 < 1.6


@pytest.mark.parametrize(
    ("codes", "message"),
    [("E01099999", "We have no boundary for E01099999"), ("LE3 1AB", "These are not area codes")],
)
def test_unknown_or_malformed_area_codes_are_named(setup, codes, message):
    client, _zone, url = setup
    response = client.post(url, {"method": "areas", "area_codes": codes})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_public_boundary_geojson(setup, client):
    owner, zone, url = setup
    owner.post(url, {"method": "drawn", "geojson": polygon(SQUARE)})
    data = client.get(reverse("zones:boundary_geojson", args=[zone.slug])).json()
    assert data["features"][0]["properties"]["name"] == zone.name
    assert data["features"][0]["geometry"]["type"] == "MultiPolygon"
