"""Bulk loads from Arrow tables: every value arrives as it was (on PostgreSQL through binary
COPY, each column at its database column's width), on both databases alike."""

from datetime import date

import pyarrow as pa
import pytest
from django.contrib.auth import get_user_model

from peoplezones.core.bulk import bulk_insert_table
from peoplezones.geography.models import AreaProfile, Postcode

pytestmark = pytest.mark.django_db

COLUMNS = ("postcode", "lat", "lon", "lsoa_code", "lad_code", "terminated")


def _table(n: int) -> pa.Table:
    return pa.table({
        "postcode": [f"P{i:05d}é" for i in range(n)],
        "lat": [None if i % 7 == 0 else 52.6 + i / 1e6 for i in range(n)],
        "lon": [None if i % 7 == 0 else -1.13 - i / 1e6 for i in range(n)],
        "lsoa_code": ["" if i % 5 == 0 else f"E0{i:07d}" for i in range(n)],
        "lad_code": pa.array(["E06000016"] * n).dictionary_encode(),  # as Arrow's reader may give
        "terminated": [date(2020, 1 + i % 12, 1) if i % 3 == 0 else None for i in range(n)],
    })  # fmt: skip


def test_every_value_arrives_as_it_was_nulls_and_empty_strings_apart():
    table = _table(2500)
    seen = []
    assert bulk_insert_table(Postcode, COLUMNS, table, chunk=1000, progress=seen.append) == 2500
    assert seen == [1000, 2000, 2500]  # a step each chunk
    stored = {
        p.postcode: (p.lat, p.lon, p.lsoa_code, p.lad_code, p.terminated)
        for p in Postcode.objects.all()
    }
    assert stored == {
        row["postcode"]: tuple(row[c] for c in COLUMNS[1:]) for row in table.to_pylist()
    }
    assert stored["P00000é"] == (None, None, "", "E06000016", date(2020, 1, 1))
    assert stored["P00001é"][2] == "E00000001"


def test_integers_go_at_their_columns_width_and_one_too_wide_is_refused():
    columns = ("code", "population", "imd_rank", "imd_decile")
    # Arrow's int64 each, going into int4 and int2 columns.
    fits = pa.table({
        "code": ["E01000001", "E01000002"], "population": [1500, None],
        "imd_rank": [2**31 - 1, 1], "imd_decile": [10, None],
    })  # fmt: skip
    bulk_insert_table(AreaProfile, columns, fits)
    assert list(AreaProfile.objects.values_list(*columns)) == [
        ("E01000001", 1500, 2**31 - 1, 10), ("E01000002", None, 1, None)
    ]  # fmt: skip
    too_wide = pa.table({
        "code": ["E01000003", "E01000004"], "population": [1, 2],
        "imd_rank": [1, 2], "imd_decile": [1, 2**15],
    })  # fmt: skip
    with pytest.raises(pa.ArrowInvalid, match="not in range"):
        bulk_insert_table(AreaProfile, columns, too_wide)
    assert AreaProfile.objects.count() == 2


def test_a_column_it_has_no_form_for_is_named_and_nothing_is_stored():
    people = get_user_model()
    with pytest.raises(TypeError, match=r"User\.date_joined"):
        bulk_insert_table(
            people, ("email", "date_joined"),
            pa.table({"email": ["a@example.org"], "date_joined": pa.array([1], pa.int64())}),
        )  # fmt: skip
    assert not people.objects.filter(email="a@example.org").exists()
