"""OpenStreetMap and Open Referral UK imports, the Open Referral UK schema, and the round trip of
all three formats: export, import into an empty register, export again: the same file."""

import json
from pathlib import Path

import jsonschema
import pytest

from peoplezones.assets import exporters, importers, services
from peoplezones.assets.models import Asset, Source
from peoplezones.core import csvfile
from tests import factories

pytestmark = pytest.mark.django_db
SCHEMA = json.loads(
    (Path(__file__).parents[1] / "schema" / "openreferral-uk-service.json").read_text()
)


def feature(osm_id, tags, lon=-1.18, lat=52.627, geometry=None):
    return {
        "type": "Feature",
        "id": osm_id,
        "properties": {"@id": osm_id, **tags},
        "geometry": geometry or {"type": "Point", "coordinates": [lon, lat]},
    }


def collection(*features):
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def test_osm_geojson_is_mapped_by_tags_most_specific_first():
    data = collection(
        feature(
            "node/1",
            {
                "name": "Trussell Food Bank",
                "amenity": "social_facility",
                "social_facility": "food_bank",
                "opening_hours": "Tu 10:00-12:00",
                "wheelchair": "yes",
                "addr:postcode": "LE3 1AB",
            },
        ),
        feature("node/2", {"name": "Age UK Club", "amenity": "social_facility"}),
        feature(
            "node/3",
            {
                "name": "Youth Hub",
                "amenity": "community_centre",
                "community_centre": "youth_centre",
            },
        ),
        feature("node/4", {"name": "Corner Shop", "shop": "convenience"}),
        feature("node/5", {"amenity": "bench"}),
        feature("node/6", {"amenity": "library"}),  # unnamed: skipped
        feature(
            "way/7",
            {"name": "Braunstone Park", "leisure": "park"},
            geometry={
                "type": "Polygon",
                "coordinates": [[[-1.19, 52.62], [-1.18, 52.62], [-1.18, 52.63], [-1.19, 52.62]]],
            },
        ),
    )
    parsed = importers.read_osm_geojson(data, "extract.geojson")
    assert not parsed.problems
    got = {row.source_id: row.values["category"].slug for row in parsed.rows}
    assert got == {
        "node/1": "food-bank",
        "node/2": "support-group",
        "node/3": "youth-club",
        "node/4": "shop",
        "way/7": "park",
    }
    assert parsed.skipped == 2
    food = parsed.rows[0].values
    assert food["opening_times"] == "Tu 10:00-12:00"
    assert food["accessibility"] == "Wheelchair accessible"
    assert food["postcode"] == "LE3 1AB"


def test_osm_geojson_problems_name_the_feature():
    data = collection(
        feature("node/1", {"name": "Good", "amenity": "library"}),
        feature("node/2", {"name": "Far away", "amenity": "library"}, lon=10.0, lat=48.0),
        {
            "type": "Feature",
            "id": "node/3",
            "properties": {"name": "No shape", "amenity": "cafe"},
            "geometry": None,
        },
    )
    parsed = importers.read_osm_geojson(data, "x.geojson")
    assert [str(p).split(":")[0] for p in parsed.problems] == [
        "Feature 2 (node/2), lat/lon",
        "Feature 3 (node/3), geometry",
    ]
    assert parsed.rows == []
    with pytest.raises(importers.FileRefused, match="not valid JSON"):
        importers.read_osm_geojson(b"{", "x.geojson")


def test_osm_pbf_is_read_through_pyosmium(tmp_path):
    import osmium

    path = tmp_path / "extract.osm.pbf"
    with osmium.SimpleWriter(str(path)) as writer:
        writer.add_node(
            osmium.osm.mutable.Node(
                id=1,
                location=(-1.18, 52.627),
                tags={"name": "Westcotes Library", "amenity": "library"},
            )
        )
        writer.add_node(
            osmium.osm.mutable.Node(id=2, location=(-1.181, 52.628), tags={"highway": "crossing"})
        )
        for i, (lon, lat) in enumerate(
            [(-1.19, 52.62), (-1.18, 52.62), (-1.18, 52.63), (-1.19, 52.63)], start=10
        ):
            writer.add_node(osmium.osm.mutable.Node(id=i, location=(lon, lat)))
        writer.add_way(
            osmium.osm.mutable.Way(
                id=5, nodes=[10, 11, 12, 13, 10], tags={"name": "Fosse Park", "leisure": "park"}
            )
        )
    parsed = importers.read_osm_pbf(path, path.name)
    assert not parsed.problems
    rows = {r.source_id: r for r in parsed.rows}
    assert set(rows) == {"node/1", "way/5"}
    assert rows["way/5"].values["category"].slug == "park"
    assert rows["way/5"].values["lon"] == pytest.approx(-1.186, abs=0.001)
    outcome = services.apply_rows(parsed, scope=Asset.objects.all(), user=None, steward_zone=None)
    assert outcome.created == 2
    assert (
        services.apply_rows(
            importers.read_osm_pbf(path, path.name),
            scope=Asset.objects.all(),
            user=None,
            steward_zone=None,
        ).unchanged
        == 2
    )
    with pytest.raises(importers.FileRefused):
        bad = tmp_path / "bad.osm.pbf"
        bad.write_bytes(b"not a pbf")
        importers.read_osm_pbf(bad, bad.name)


ORUK_SERVICE = {
    "id": "0b1c5f0e-5a8f-4f1e-9d7e-3f5e1d2c3b4a",
    "name": "Warm Welcome Cafe",
    "description": "A warm space with free soup.",
    "status": "active",
    "url": "https://example.org/warm",
    "email": "hello@example.org",
    "minimum_age": 16,
    "assured_date": "2026-09-01",
    "organization": {
        "id": "4f1f2b8e-8a5c-4c1b-9b0a-2a9d8f7e6c5b",
        "name": "St Mary's Church",
        "description": "",
    },
    "service_at_locations": [
        {
            "id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
            "location": {
                "id": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
                "location_type": "physical",
                "latitude": 52.6275,
                "longitude": -1.1795,
                "addresses": [
                    {
                        "id": "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e",
                        "address_1": "1 Church Lane",
                        "city": "Leicester",
                        "state_province": "",
                        "postal_code": "LE3 2AB",
                        "country": "GB",
                        "address_type": "physical",
                    }
                ],
            },
        }
    ],
    "attributes": [
        {
            "id": "3c4d5e6f-7a8b-4c9d-0e1f-2a3b4c5d6e7f",
            "taxonomy_term": {"id": "x", "name": "Community cafe", "description": ""},
        }
    ],
    "cost_options": [{"id": "4d5e6f7a-8b9c-4d0e-1f2a-3b4c5d6e7f8a", "amount": 0}],
    "schedules": [{"id": "5e6f7a8b-9c0d-4e1f-2a3b-4c5d6e7f8a9b", "description": "Wednesdays 12-3"}],
}


def test_openreferral_services_are_read_from_a_page_envelope():
    page = {
        "total_items": 2,
        "contents": [ORUK_SERVICE, {**ORUK_SERVICE, "id": "x-2", "status": "defunct"}],
    }
    parsed = importers.read_openreferral(json.dumps(page).encode(), "services.json")
    assert not parsed.problems and parsed.skipped == 1
    values = parsed.rows[0].values
    assert values["category"].slug == "cafe-restaurant"
    assert (values["postcode"], values["cost"], values["min_age"]) == ("LE3 2AB", "free", 16)
    assert values["organisation_name"] == "St Mary's Church"
    assert values["address"] == "1 Church Lane, Leicester"
    broken = {**ORUK_SERVICE, "email": "nope", "service_at_locations": []}
    parsed = importers.read_openreferral(json.dumps([broken]).encode(), "s.json")
    messages = [str(p) for p in parsed.problems]
    assert any(m.startswith("Service 1 (id 0b1c5f0e") and "email" in m for m in messages)
    assert any("location.latitude/location.longitude" in m for m in messages)


def test_openreferral_export_validates_against_the_uk_profile_schema():
    factories.make_asset(
        "food-bank",
        name="Food Hub",
        email="food@example.org",
        website="https://example.org",
        cost="free",
        opening_times="Fri 10-12",
        languages="English, Polish",
        accessibility="Step-free",
        postcode="LE3 1AB",
        min_age=18,
    )
    factories.make_asset("library", name="Library")
    factories.make_asset("person", name="A person", kind="individual", visibility="coordinators")
    page = exporters.oruk_page(
        list(exporters.oruk_assets(Asset.objects.all())), total=2, page=1, size=2
    )
    assert [s["name"] for s in page["contents"]] == ["Food Hub", "Library"]  # no individuals
    for service in page["contents"]:
        jsonschema.validate(service, SCHEMA, format_checker=jsonschema.FormatChecker())


CSV_FILE = (
    "id,name,category,kind,description,audience,min_age,max_age,languages,accessibility,cost,cost_detail,opening_times,phone,email,website,organisation,address,postcode,latitude,longitude,visibility,last_verified\r\n"
    'a,Westcotes Library,library,service,"Books, computers, warm space",Everyone,,,"English, Gujarati",Step-free,free,,Mon-Sat 9-5,0116 000 0000,lib@example.org,https://example.org/lib,Leicester City Council,1 Main St,LE3 1AB,52.627000,-1.180000,public,2026-10-01\r\n'
    "b,Youth Club,youth-club,association,Fridays for 11-18s,Young people,11,18,English,,low,£1 a session,Fri 6-9pm,,,,,2 Side St,LE3 2AB,52.630000,-1.175000,partners,\r\n"
    "c,Mrs Patel (sewing),person,individual,Can teach sewing,,,,Gujarati,,,,,,,,,,,52.628000,-1.179000,coordinators,\r\n"
)


def _reset():
    Asset.objects.all().delete()


def _csv_export() -> str:
    return csvfile.text(
        exporters.csv_rows(Asset.objects.select_related("category").order_by("source_id"))
    )


def test_csv_round_trip():
    services.apply_rows(
        importers.read_csv(CSV_FILE.encode(), "a.csv"),
        scope=Asset.objects.all(),
        user=None,
        steward_zone=None,
    )
    exported = _csv_export()
    assert exported == CSV_FILE  # the template's own layout, field for field
    again = services.apply_rows(
        importers.read_csv(exported.encode(), "b.csv"),
        scope=Asset.objects.all(),
        user=None,
        steward_zone=None,
    )
    assert again.as_dict() == {"created": 0, "updated": 0, "unchanged": 3}
    _reset()
    services.apply_rows(
        importers.read_csv(exported.encode(), "b.csv"),
        scope=Asset.objects.all(),
        user=None,
        steward_zone=None,
    )
    assert _csv_export() == exported


def _geojson_export() -> dict:
    return exporters.geojson(Asset.objects.select_related("category").order_by("source_id"))


def _without_local_ids(data: dict) -> dict:
    for item in data["features"]:
        item.pop("id")
        item["properties"].pop("pz:url")
    return data


def test_geojson_round_trip_through_the_openstreetmap_importer():
    source = collection(
        feature(
            "node/1",
            {
                "name": "Trussell Food Bank",
                "amenity": "social_facility",
                "social_facility": "food_bank",
                "opening_hours": "Tu 10:00-12:00",
                "check_date": "2026-05-01",
                "website": "https://example.org/fb",
            },
        ),
        feature(
            "node/2",
            {"name": "The Swan", "amenity": "pub", "addr:postcode": "LE3 1AB", "fee": "no"},
        ),
    )
    services.apply_rows(
        importers.read_osm_geojson(source, "osm.geojson"),
        scope=Asset.objects.all(),
        user=None,
        steward_zone=None,
    )
    exported = _geojson_export()
    assert exported["features"][0]["properties"]["@id"] == "node/1"
    assert exported["features"][0]["properties"]["social_facility"] == "food_bank"
    raw = json.dumps(exported).encode()
    again = services.apply_rows(
        importers.read_osm_geojson(raw, "ours.geojson"),
        scope=Asset.objects.all(),
        user=None,
        steward_zone=None,
    )
    assert again.as_dict() == {"created": 0, "updated": 0, "unchanged": 2}
    _reset()
    services.apply_rows(
        importers.read_osm_geojson(raw, "ours.geojson"),
        scope=Asset.objects.all(),
        user=None,
        steward_zone=None,
    )
    assert _without_local_ids(_geojson_export()) == _without_local_ids(exported)
    assert set(Asset.objects.values_list("source", "source_id")) == {
        (Source.OSM, "node/1"),
        (Source.OSM, "node/2"),
    }


def test_csv_assets_survive_the_geojson_round_trip_too():
    services.apply_rows(
        importers.read_csv(CSV_FILE.encode(), "a.csv"),
        scope=Asset.objects.all(),
        user=None,
        steward_zone=None,
    )
    exported = _geojson_export()
    _reset()
    services.apply_rows(
        importers.read_osm_geojson(json.dumps(exported).encode(), "x.geojson"),
        scope=Asset.objects.all(),
        user=None,
        steward_zone=None,
    )
    assert _csv_export() == CSV_FILE


def _oruk_export() -> dict:
    return exporters.oruk_document(Asset.objects.select_related("category").order_by("source_id"))


def test_openreferral_round_trip():
    second = {
        **ORUK_SERVICE,
        "id": "7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918",
        "name": "Library Plus",
        "attributes": [
            {"id": "a", "taxonomy_term": {"id": "t", "name": "Libraries", "description": ""}}
        ],
        "cost_options": [{"id": "c", "option": "Paid", "amount_description": "£2"}],
    }
    source = json.dumps({"contents": [ORUK_SERVICE, second]}).encode()
    services.apply_rows(
        importers.read_openreferral(source, "s.json"),
        scope=Asset.objects.all(),
        user=None,
        steward_zone=None,
    )
    exported = _oruk_export()
    assert [s["id"] for s in exported["contents"]] == [ORUK_SERVICE["id"], second["id"]]
    raw = json.dumps(exported).encode()
    again = services.apply_rows(
        importers.read_openreferral(raw, "ours.json"),
        scope=Asset.objects.all(),
        user=None,
        steward_zone=None,
    )
    assert again.as_dict() == {"created": 0, "updated": 0, "unchanged": 2}
    _reset()
    services.apply_rows(
        importers.read_openreferral(raw, "ours.json"),
        scope=Asset.objects.all(),
        user=None,
        steward_zone=None,
    )
    assert _oruk_export() == exported
    library = Asset.objects.get(name="Library Plus")
    assert (library.category.slug, library.cost, library.cost_detail) == ("library", "paid", "£2")
