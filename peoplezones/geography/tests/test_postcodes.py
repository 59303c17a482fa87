"""ONSPD and NSPL postcode files: read by header whichever edition, checked whole (line and
column named), loaded all or nothing, and safe to run again."""

import pytest
from django.core.management import CommandError, call_command

from peoplezones.geography.models import Postcode
from peoplezones.geography.postcodes import lookup

pytestmark = pytest.mark.django_db

ONSPD = (
    "pcd,pcd2,pcds,dointr,doterm,oscty,oslaua,osward,oseast1m,osnrth1m,lsoa21,msoa21,lat,long\n"
    '"LE3 1AA","LE3  1AA","LE3 1AA",200001,,E99999999,E06000016,E05010465,455000,304000,'
    "E01013612,E02002823,52.627000,-1.180000\n"
    '"LE3 1ZZ","LE3  1ZZ","LE3 1ZZ",200001,201203,E99999999,E06000016,E05010465,455000,304000,'
    "E01013612,E02002823,52.628000,-1.181000\n"
    '"GY1 1AA","GY1  1AA","GY1 1AA",200001,,L99999999,L99999999,,,,,,99.999999,0.000000\n'
)
NSPL = (
    "pcd7,pcd8,pcds,dointr,doterm,usertype,lad,lsoa21cd,lat,long\n"
    "LE151AA,LE15 1AA,LE15 1AA,200001,,0,E06000017,E01013700,52.670000,-0.720000\n"
)


def _write(tmp_path, text, name="ONSPD_NOV_2026_UK.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_onspd_loads_by_header_and_again_changes_nothing(tmp_path):
    path = _write(tmp_path, ONSPD)
    call_command("import_postcodes", str(path), verbosity=0)
    call_command("import_postcodes", str(path), verbosity=0)
    assert Postcode.objects.count() == 3
    live = Postcode.objects.get(postcode="LE3 1AA")
    assert (live.lat, live.lon, live.lsoa_code, live.lad_code, live.terminated) == (
        52.627, -1.18, "E01013612", "E06000016", None
    )  # fmt: skip
    assert str(Postcode.objects.get(postcode="LE3 1ZZ").terminated) == "2012-03-01"
    assert Postcode.objects.get(postcode="GY1 1AA").lat is None  # no grid reference
    assert set(lookup(["le31aa", "LE3  1AA", "ZZ9 9ZZ"])) == {"le31aa", "LE3  1AA"}


def test_nspl_column_names_load_too_and_replace_the_directory(tmp_path):
    call_command("import_postcodes", str(_write(tmp_path, ONSPD)), verbosity=0)
    call_command("import_postcodes", str(_write(tmp_path, NSPL, "NSPL.csv")), verbosity=0)
    (rutland,) = Postcode.objects.all()
    assert (rutland.postcode, rutland.lad_code, rutland.lsoa_code) == (
        "LE15 1AA", "E06000017", "E01013700"
    )  # fmt: skip


def test_a_bad_row_refuses_the_file_naming_line_and_column(tmp_path):
    call_command("import_postcodes", str(_write(tmp_path, ONSPD)), verbosity=0)
    bad = (
        ONSPD.replace("52.628000", "52.62B")
        + ONSPD.splitlines()[1].replace("LE3 1AA", "NOPE")
        + "\n"
    )
    with pytest.raises(CommandError) as caught:
        call_command("import_postcodes", str(_write(tmp_path, bad, "bad.csv")), verbosity=0)
    message = str(caught.value)
    assert "bad.csv: refused, nothing changed" in message
    assert "line 3: lat: '52.62B' is not a latitude" in message
    assert "line 5: pcds: 'NOPE' is not a postcode" in message
    assert Postcode.objects.count() == 3  # the earlier directory is untouched


def test_missing_columns_are_named(tmp_path):
    with pytest.raises(CommandError, match=r"missing column lat .one of lat.; lon .one of long"):
        call_command(
            "import_postcodes", str(_write(tmp_path, "pcds,oslaua\nLE3 1AA,E06000016\n")),
            verbosity=0,
        )  # fmt: skip
