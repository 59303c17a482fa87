"""police.uk street-level imports: the real quirks load, a month imported twice is replaced (never
duplicated), and a malformed file is refused naming the file, row and reason, storing nothing."""

import io
import random
import re
import zipfile
from collections import Counter
from datetime import date

import pyarrow as pa
import pytest
from django.core.management import CommandError, call_command

from peoplezones.outcomes import services
from peoplezones.outcomes.generate import file_name, outcomes_csv, street_csv
from peoplezones.outcomes.models import (
    Batch,
    Crime,
    CrimeOutcome,
    LsoaMonthCount,
    ZoneMonthCount,
)
from peoplezones.outcomes.police import Refused, read_street
from tests import factories

pytestmark = pytest.mark.django_db

LON, LAT = factories.BRAUNSTONE
PLACES = [
    (LON, LAT, "E01013612", "Leicester 032B"),
    (LON + 0.05, LAT, "E01013700", "Leicester 040A"),
]
MARCH = date(2024, 3, 1)
HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
    "Crime type,Last outcome category,Context"
)


def _file(rows=300, month=MARCH, seed=1):
    data = street_csv(
        month=month, force_name="Leicestershire Police", rows=rows, places=PLACES,
        rng=random.Random(seed),
    )  # fmt: skip
    return data, file_name(month, "leicestershire")


def test_quirks_load_and_counts_are_kept_per_lsoa_and_zone():
    zone = factories.zone_with_boundary(LON, LAT)  # a square of about 1.4 km around the first place
    handmade = (
        "\ufeff" + HEADER + "\r\n"
        ",2024-03,Leicestershire Police,Leicestershire Police,-1.180000,52.627000,"
        '"On or near Shopping Area, High Street",E01013612,Leicester 032B,Anti-social behaviour,,\r\n'
        f"{'a' * 64},2024-03,Leicestershire Police,Leicestershire Police,,,No Location,,,"
        "Burglary,Under investigation,\r\n"
        f"{'b' * 64},2024-03,Leicestershire Police,Leicestershire Police,-1.180100,52.627100,"
        "On or near Park Road,E01013612,Leicester 032B,Burglary,A brand new outcome,\r\n"
    ).encode("utf-8")
    loaded = services.import_police(handmade, "2024-03/2024-03-leicestershire-street.csv")
    assert (loaded.rows, loaded.force, loaded.month) == (3, "Leicestershire Police", MARCH)
    asb = Crime.objects.get(category="anti-social-behaviour")
    assert asb.crime_id == "" and asb.location == "On or near Shopping Area, High Street"
    assert Crime.objects.get(location="No Location").lon is None
    assert Crime.objects.get(crime_id="b" * 64).outcome == "A brand new outcome"
    assert Batch.objects.get().without_location == 1
    assert sorted(LsoaMonthCount.objects.values_list("category", "count")) == [
        ("anti-social-behaviour", 1), ("burglary", 1)
    ]  # fmt: skip
    assert sorted(ZoneMonthCount.objects.filter(zone=zone).values_list("category", "count")) == [
        ("anti-social-behaviour", 1), ("burglary", 1)
    ]  # fmt: skip


def test_a_generated_month_counts_every_row_once():
    zone = factories.zone_with_boundary(LON, LAT)
    data, name = _file(rows=500)
    parsed = read_street(data, name)
    services.import_police(data, name)
    assert Crime.objects.count() == 500
    located = [r for r in parsed.rows if r[5]]
    assert sum(LsoaMonthCount.objects.values_list("count", flat=True)) == len(located)
    in_zone = sum(ZoneMonthCount.objects.filter(zone=zone).values_list("count", flat=True))
    near_first = sum(1 for r in parsed.rows if r[2] is not None and abs(r[2] - LON) < 0.01)
    assert in_zone == near_first  # the second place is 3 km east, outside the Zone


def test_the_same_month_again_replaces_it_and_the_same_file_changes_nothing():
    data, name = _file(rows=200)
    first = services.import_police(data, name)
    again = services.import_police(data, name)
    assert not first.unchanged and again.unchanged and Crime.objects.count() == 200
    corrected, _ = _file(rows=150, seed=2)  # police.uk republishes a month with corrections
    replaced = services.import_police(corrected, name)
    assert replaced.replaced and Crime.objects.count() == 150 and Batch.objects.count() == 1
    assert sum(LsoaMonthCount.objects.values_list("count", flat=True)) <= 150


def _refused(data: bytes, name: str) -> Refused:
    with pytest.raises(Refused) as caught:
        services.import_police(data, name)
    assert Crime.objects.count() == 0 and Batch.objects.count() == 0
    return caught.value


def test_a_malformed_file_is_refused_with_file_row_and_reason():
    data, name = _file(rows=5000)
    lines = data.split(b"\r\n")
    fields = lines[4512].split(b",")
    fields[4] = b"-1.18O2"  # a letter O typed for a zero, on data row 4,512
    lines[4512] = b",".join(fields)
    error = _refused(b"\r\n".join(lines), name)
    assert error.name == name
    assert error.problems == [
        "row 4,512: Longitude, Latitude: '-1.18O2', '" + fields[5].decode() + "' are not numbers"
    ]


@pytest.mark.parametrize("dense_up_to", [None, 0])  # a tally of every pair, or of those found
def test_counts_per_lsoa_and_category_are_every_rows_in_order(dense_up_to):
    rng = random.Random(4)
    lsoas = [f"{rng.choice('EW')}0{rng.randrange(10**7):07d}" for _ in range(300)]
    categories = ["burglary", "anti-social-behaviour", "drugs", "Vehicle crime", "ünusual"]
    rows = [(rng.choice(lsoas), rng.choice(categories)) for _ in range(20_000)]
    table = pa.table({"lsoa_code": [r[0] for r in rows], "category": [r[1] for r in rows]})
    found, kinds, counts = services.counted_in_order(table, dense_up_to=dense_up_to)
    got = list(zip(found.to_pylist(), kinds.to_pylist(), counts.tolist(), strict=True))
    assert got == [(*pair, n) for pair, n in sorted(Counter(rows).items())]
    empty = pa.table(
        {"lsoa_code": pa.array([], pa.string()), "category": pa.array([], pa.string())}
    )
    assert [len(c) for c in services.counted_in_order(empty, dense_up_to=dense_up_to)] == [0, 0, 0]


def test_a_file_read_in_pieces_is_the_file_read_whole():
    from peoplezones.outcomes import police

    data, name = _file(rows=3000, seed=8)
    lines = data.split(b"\r\n")
    plain = [i for i, line in enumerate(lines[1:-1], start=1) if b'"' not in line]
    for i in plain[700::700]:  # quoted commas and quotes, which a cut must never split
        fields = lines[i].split(b",")
        fields[6] = b'"On or near ""The Square"", Market Place"'
        lines[i] = b",".join(fields)
    data = b"\r\n".join(lines)
    layout = police.layout_for(data, name)
    whole = police._read_columns(data, name, layout)
    parts = list(police.read_pieces(data, name, layout, size=10_000))
    assert len(parts) > 20
    assert [row for part in parts for row in part.rows] == whole.rows
    assert {(p.month, p.force_slug, p.force_name) for p in parts} == {
        (whole.month, whole.force_slug, whole.force_name)
    }
    assert police._piece_end(b'a\n"b\nc"\nd\n', 0, 3) == 8  # not inside the quoted "b\nc"


def test_a_problem_in_a_later_piece_undoes_the_pieces_already_stored(monkeypatch):
    from django.db import connection

    from peoplezones.outcomes import police

    monkeypatch.setattr(police, "PIECE_BYTES", 50_000)  # the file in about 20 pieces
    monkeypatch.setattr(police, "FIRST_PIECE_BYTES", 50_000)
    stored = []
    store = services.bulk_insert_table
    monkeypatch.setattr(
        services, "bulk_insert_table", lambda *a, **k: stored.append(store(*a, **k))
    )
    data, name = _file(rows=5000)
    lines = data.split(b"\r\n")
    fields = lines[4512].split(b",")
    fields[5] = b"152.6"  # a latitude on the other side of the world, on data row 4,512
    lines[4512] = b",".join(fields)
    error = _refused(b"\r\n".join(lines), name)
    assert error.problems == [
        f"row 4,512: Longitude, Latitude: {float(fields[4])}, 152.6 is not in the United Kingdom"
    ]
    assert len(stored) > 10  # pieces before row 4,512 had been stored, and were undone
    assert LsoaMonthCount.objects.count() == 0
    tables = connection.introspection.table_names()
    assert not [t for t in tables if re.fullmatch(r"outcomes_\w+_b\d+", t)]
    # A file in a second month's data, found only in a later piece, is refused the same way.
    mixed = data.replace(b",2024-03,", b",2024-04,").split(b"\r\n")
    mixed = b"\r\n".join(data.split(b"\r\n")[:3000] + mixed[3000:])
    assert "rows from more than one month (2024-03, 2024-04)" in " ".join(
        _refused(mixed, name).problems
    )


def test_a_missing_column_or_an_older_layout_is_refused_naming_the_columns():
    old = b"Month,Reported by,Falls within,Easting,Northing,Location,Crime type,Context\r\n"
    error = _refused(
        old + b"2011-05,Leicestershire Police,Leicestershire Police,1,2,x,Burglary,\r\n", "old.csv"
    )
    assert "missing columns 'Crime ID', 'Longitude', 'Latitude', 'LSOA code'" in error.problems[0]
    no_context = HEADER.rsplit(",", 1)[0].encode() + b"\r\n"
    assert "missing column 'Context'" in _refused(no_context, "x.csv").problems[0]


def test_a_bad_month_or_a_month_that_disagrees_with_the_file_name_is_refused():
    data, name = _file(rows=20)
    bad = data.replace(b",2024-03,", b",March 2024,", 1)
    assert _refused(bad, name).problems == [
        "row 1: Month: 'March 2024' is not a month like 2024-03"
    ]
    other_name = name.replace("2024-03", "2024-04")
    assert (
        "the rows are for 2024-03 but the file name says 2024-04"
        in _refused(data, other_name).problems
    )


def test_the_zip_download_and_the_command_load_every_month(tmp_path, capsys):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for month in (date(2024, 3, 1), date(2024, 4, 1)):
            data, name = _file(rows=100, month=month)
            archive.writestr(name, data)
        archive.writestr(
            file_name(month, "leicestershire", "outcomes"),
            outcomes_csv(data, month=month, rng=random.Random(3)),
        )
        archive.writestr("2024-04/2024-04-leicestershire-stop-and-search.csv", b"ignored")
    path = tmp_path / "download.zip"
    path.write_bytes(buffer.getvalue())
    call_command("import_police", str(path), verbosity=0)
    assert sorted(Batch.objects.values_list("kind", "month")) == [
        ("outcomes", date(2024, 4, 1)), ("street", date(2024, 3, 1)), ("street", date(2024, 4, 1)),
    ]  # fmt: skip
    outcomes = CrimeOutcome.objects.count()
    assert 30 < outcomes < 100 and not CrimeOutcome.objects.filter(crime_id="").exists()
    assert (
        sum(LsoaMonthCount.objects.filter(source="outcomes").values_list("count", flat=True))
        == CrimeOutcome.objects.exclude(lsoa_code="").count()
    )
    call_command("import_police", str(path), verbosity=0)
    assert Crime.objects.count() == 200 and CrimeOutcome.objects.count() == outcomes
    assert "unchanged (already imported)" in capsys.readouterr().out
    broken = tmp_path / "2024-05-leicestershire-street.csv"
    broken.write_bytes(b"Crime ID,Month\r\n")
    with pytest.raises(CommandError, match="1 file"):
        call_command("import_police", str(broken), verbosity=0)
    assert "missing columns" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["street", "outcomes"])
def test_the_columnar_and_the_row_by_row_readers_agree(kind):
    from peoplezones.outcomes import police

    data, name = _file(rows=2000, seed=4)
    if kind == "outcomes":
        data, name = (
            outcomes_csv(data, month=MARCH, rng=random.Random(5)),
            name.replace("street", "outcomes"),
        )
    layout = police.layout_for(data, name)
    assert layout.kind == kind
    fast = police._read_columns(data, name, layout)
    slow = police._read_rows(data, name, layout)
    assert fast is not None  # a well-formed file never needs the slow reader
    assert (fast.month, fast.force_slug, fast.force_name) == (
        slow.month, slow.force_slug, slow.force_name
    )  # fmt: skip
    assert fast.rows == slow.rows and len(fast.rows) > 500


def test_an_outcome_without_a_crime_id_is_refused():
    data, name = _file(rows=50, seed=6)
    outcomes = outcomes_csv(data, month=MARCH, rng=random.Random(7), share=1)
    lines = outcomes.split(b"\r\n")
    lines[3] = b"," + lines[3].split(b",", 1)[1]
    with pytest.raises(Refused) as caught:
        services.import_police(b"\r\n".join(lines), name.replace("street", "outcomes"))
    assert caught.value.problems == ["row 3: Crime ID: empty (every outcome belongs to a crime)"]
    assert not CrimeOutcome.objects.exists()


def test_partitions_left_by_a_flush_are_dropped_after_it():
    """A flush empties the batch table but keeps its partitions (DDL); post_migrate, sent after
    every flush, drops those whose batch is gone, so a later batch of the same number loads."""
    from django.db import connection

    from peoplezones.outcomes import partitions

    services.import_police(*_file(rows=50))
    services.import_police(*_file(rows=40, seed=3, month=date(2024, 2, 1)))
    kept, gone = Batch.objects.get(month=MARCH), Batch.objects.get(month=date(2024, 2, 1))
    Batch.objects.filter(pk=gone.pk).delete()  # what a flush does to the batch table
    dropped = partitions.drop_orphans()
    if connection.vendor == "postgresql":

        def exists(name: str) -> bool:
            with connection.cursor() as cursor:
                cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [name])
                return cursor.fetchone()[0]

        assert dropped == 2  # the street rows' and the LSOA counts' tables of that batch
        assert not exists(partitions.partition_name(Crime, gone.pk))
        assert exists(partitions.partition_name(Crime, kept.pk))
    else:
        assert dropped == 0  # nothing is partitioned on SQLite
    assert Crime.objects.filter(batch=kept).count() == 50
