"""The CSV template import: per-row problems with line numbers, all or nothing, idempotent."""

import pytest

from peoplezones.assets import importers, points, services
from peoplezones.assets.importers import FileRefused
from peoplezones.assets.models import Asset, PointSet, ResidentialPoint, Source
from tests import factories

pytestmark = pytest.mark.django_db

HEADER = "id,name,category,postcode,latitude,longitude,email,cost,last_verified\n"
GOOD = (
    "lib-1,Braunstone Library,library,le31ab,52.6270,-1.1800,lib@example.org,free,2026-10-01\n"
    "fb-1,Community Food Hub,Food bank,,52.6300,-1.1750,,,\n"
)


def read(text: str, name: str = "assets.csv"):
    return importers.read_csv(text.encode(), name)


def test_good_rows_are_checked_and_cleaned():
    parsed = read(HEADER + GOOD)
    assert not parsed.problems
    library, food = parsed.rows
    assert library.source_id == "lib-1"
    assert library.values["postcode"] == "LE3 1AB"
    assert library.values["category"].slug == "library"
    assert food.values["category"].slug == "food-bank"  # matched by its name, any case
    assert food.values["kind"] == "service"  # the category's usual kind when none is given


def test_bad_rows_are_named_by_line_and_field_and_nothing_is_kept():
    text = (
        HEADER
        + GOOD
        + (
            "x-1,Bad category,allotment,,52.63,-1.17,,,\n"
            "x-2,Bad email,park,,52.63,-1.17,not-an-email,,\n"
            "x-3,Nowhere,park,,,,,,\n"
            "x-4,Swapped,park,,-1.17,52.63,,,\n"
        )
    )
    parsed = read(text)
    messages = [str(p) for p in parsed.problems]
    assert messages[0].startswith("Line 4, category: 'allotment' is not a category")
    assert messages[1].startswith("Line 5, email: Enter a valid email address")
    assert messages[2].startswith("Line 6, latitude/longitude: no location")
    assert "Line 7" in messages[3] and "swapped" in messages[3]
    assert parsed.rows == []  # a file with problems yields nothing to apply
    with pytest.raises(ValueError):
        services.apply_rows(parsed, scope=Asset.objects.all(), user=None, steward_zone=None)
    assert not Asset.objects.exists()


def test_missing_and_unknown_columns_refuse_the_file():
    with pytest.raises(FileRefused, match="missing the column"):
        read("id,title\n1,x\n")
    with pytest.raises(FileRefused, match="do not know: colour"):
        read("name,category,colour\nA,park,green\n")


def test_byte_order_mark_and_crlf_are_read():
    parsed = importers.read_csv(("\ufeff" + HEADER + GOOD).replace("\n", "\r\n").encode(), "x.csv")
    assert not parsed.problems and len(parsed.rows) == 2


def test_duplicate_identifiers_in_one_file_are_refused():
    parsed = read(HEADER + GOOD + "lib-1,Again,library,,52.62,-1.18,,,\n")
    assert "already used at Line 2" in str(parsed.problems[0])


def test_import_is_idempotent_and_updates_in_place():
    zone = factories.zone_with_boundary()
    first = services.apply_rows(
        read(HEADER + GOOD), scope=Asset.objects.all(), user=None, steward_zone=zone
    )
    assert first.as_dict() == {"created": 2, "updated": 0, "unchanged": 0}
    again = services.apply_rows(
        read(HEADER + GOOD), scope=Asset.objects.all(), user=None, steward_zone=zone
    )
    assert again.as_dict() == {"created": 0, "updated": 0, "unchanged": 2}
    changed = services.apply_rows(
        read(HEADER + GOOD.replace("Community Food Hub", "Food Hub")),
        scope=Asset.objects.all(),
        user=None,
        steward_zone=zone,
    )
    assert changed.as_dict() == {"created": 0, "updated": 1, "unchanged": 1}
    assert Asset.objects.count() == 2
    assert Asset.objects.get(source=Source.CSV, source_id="fb-1").name == "Food Hub"
    # Both points fall inside the Zone's boundary, so both belong to it.
    assert set(zone.assets.values_list("source_id", flat=True)) == {"lib-1", "fb-1"}


def test_rows_without_an_id_are_matched_by_name_and_place():
    text = "name,category,latitude,longitude\nThe Park,park,52.63,-1.17\n"
    services.apply_rows(read(text), scope=Asset.objects.all(), user=None, steward_zone=None)
    services.apply_rows(read(text), scope=Asset.objects.all(), user=None, steward_zone=None)
    assert Asset.objects.count() == 1


def test_a_postcode_alone_places_a_row_when_postcodes_are_imported():
    point_set = PointSet.objects.create(name="postcodes")
    ResidentialPoint.objects.create(
        point_set=point_set, code="LE3 1AB", lon=-1.181, lat=52.628, x=0, y=0
    )
    parsed = read("name,category,postcode\nHall,community-centre,LE3 1AB\nElsewhere,park,LE9 9ZZ\n")
    assert [str(p) for p in parsed.problems] == [
        "Line 3, latitude/longitude: no location: give latitude and longitude, or a postcode from the imported postcode file."
    ]
    parsed = read("name,category,postcode\nHall,community-centre,LE3 1AB\n")
    assert parsed.rows[0].values["lat"] == 52.628


def test_moving_a_zone_boundary_moves_its_assets():
    from peoplezones.zones import services as zone_services

    zone = factories.zone_with_boundary()
    asset = factories.make_asset("park")
    assert list(asset.zones.all()) == [zone]
    far = factories.square(-1.0, 52.7)
    import json

    zone_services.set_boundary_from_geojson(zone=zone, geojson=json.dumps(far))
    assert not asset.zones.exists()


def test_a_line_no_csv_reader_can_take_refuses_the_file_naming_the_line():
    huge = "x" * 200_000  # past the csv module's field limit
    with pytest.raises(FileRefused, match=r"assets.csv, line 2: this line could not be read"):
        read(HEADER + f"a,{huge},library,,52.63,-1.17,,,\n")
    with pytest.raises(FileRefused, match=r"points.csv, line 3: this line could not be read"):
        points.read_points(
            f"postcode,lat,long\nLE3 1AB,52.6,-1.2\n{huge},52.6,-1.2\n".encode(), "points.csv"
        )
