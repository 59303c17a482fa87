"""The area file: both examples load; each mistake is named by file, line or key."""

from pathlib import Path

import pytest
from django.conf import settings

from peoplezones.datasources import area as areas
from peoplezones.datasources.catalogue import CATALOGUE

EXAMPLES = Path(settings.BASE_DIR) / "areas"


def test_both_example_areas_load_with_every_source_from_its_publisher():
    llr = areas.load(EXAMPLES / "leicester-leicestershire-rutland.toml")
    assert len(llr.local_authorities) == 9 and llr.forces == ("leicestershire",)
    assert [s.key for s in llr.ordered][:6] == [
        "boundaries", "wards", "populations", "deprivation", "postcodes", "police"]  # fmt: skip
    assert llr.sources["police"].url == "https://data.police.uk/api"
    assert llr.sources["boundaries"].url.startswith("https://services1.arcgis.com/")
    assert {"osm:leicestershire", "osm:rutland"} <= set(llr.sources)
    west = areas.load(EXAMPLES / "west-yorkshire.toml")
    assert "wards" not in west.sources and west.forces == ("west-yorkshire",)
    assert west.sources["police"].options["tile_degrees"] == 0.05
    assert set(west.local_authorities) != set(llr.local_authorities)
    for source in [*llr.sources.values(), *west.sources.values()]:
        assert source.licence and source.attribution and source.refresh_days >= 1
        assert source.publisher == CATALOGUE[source.kind].publisher


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('name = "X"\nslug = "xy"\n[local_authorities\n', "not valid TOML: "),
        ('slug = "xy"\n[local_authorities]\nE06000016 = "L"\n', "name: the area's name is needed"),
        ('name = "X"\nslug = "X Y"\n[local_authorities]\nE06000016 = "L"\n', "slug: 'X Y' must be"),
        (
            'name = "X"\nslug = "xy"\n[local_authorities]\nLeicester = "L"\n',
            "local_authorities.Leicester: not a local authority code",
        ),
        ('name = "X"\nslug = "xy"\n[local_authorities]\n', "name at least one local authority"),
        (
            'name = "X"\nslug = "xy"\n[local_authorities]\nE06000016 = "L"\n[police]\nforces = ["Leics Police"]\n',
            "police.forces: 'Leics Police' is not a police.uk force id",
        ),
        (
            'name = "X"\nslug = "xy"\n[local_authorities]\nE06000016 = "L"\n[police]\nforces = []\nmonths = 0\n',
            "police.months: 0 must be between 1 and 60",
        ),
        (
            'name = "X"\nslug = "xy"\n[local_authorities]\nE06000016 = "L"\n[police]\nforces = ["leicestershire"]\n[sources.weather]\n',
            "sources.weather: no such source",
        ),
        (
            'name = "X"\nslug = "xy"\n[local_authorities]\nE06000016 = "L"\n[police]\nforces = ["leicestershire"]\n[sources.police]\nrefresh_days = "weekly"\n',
            "sources.police.refresh_days: a whole number of days",
        ),
        (
            'name = "X"\nslug = "xy"\n[local_authorities]\nE06000016 = "L"\n[police]\nforces = ["leicestershire"]\n[sources.police]\nurl = "ftp://x"\n',
            "sources.police.url: 'ftp://x' is not an http(s) address",
        ),
        (
            'name = "X"\nslug = "xy"\n[local_authorities]\nE06000016 = "L"\n[police]\nforces = ["leicestershire"]\n[sources.police]\ncolour = 1\n',
            "sources.police.colour: not a setting of this source",
        ),
        (
            'name = "X"\nslug = "xy"\n[local_authorities]\nE06000016 = "L"\n[police]\nforces = ["leicestershire"]\n[sources.police]\ntile_degrees = "big"\n',
            "sources.police.tile_degrees: a number (found 'big')",
        ),
        (
            'name = "X"\nslug = "xy"\n[local_authorities]\nE06000016 = "L"\n[police]\nforces = ["leicestershire"]\n[sources.oruk.city]\nurl = "https://x.example/api"\nmax_pages = 0\n',
            "sources.oruk.city.max_pages: 0 must be more than 0",
        ),
    ],
)
def test_each_mistake_is_named(tmp_path, text, says):
    path = tmp_path / "mine.toml"
    path.write_text(text)
    with pytest.raises(areas.AreaRefused) as refused:
        areas.load(path)
    assert str(refused.value).startswith("mine.toml: ") and says in str(refused.value)


def test_a_toml_mistake_names_its_line(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text('name = "X"\nslug = "xy"\n\n[local_authorities]\nE06000016 = \n')
    with pytest.raises(areas.AreaRefused, match=r"line 5"):
        areas.load(path)
    with pytest.raises(areas.AreaRefused, match="no such area file"):
        areas.load(tmp_path / "missing.toml")
