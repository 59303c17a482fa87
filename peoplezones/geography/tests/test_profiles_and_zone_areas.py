"""Deprivation and populations by LSOA, read by header; each Zone's LSOAs with the share inside."""

import json

import pytest

from peoplezones.geography.models import AreaProfile, ZoneArea
from peoplezones.geography.services import AreaImportError, import_areas, import_profiles
from tests import factories

pytestmark = pytest.mark.django_db

IOD_2019 = (
    "LSOA code (2011),LSOA name (2011),Index of Multiple Deprivation (IMD) Score,"
    "Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived),"
    "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs),"
    "Total population: mid 2015 (excluding prisoners)\r\n"
    'E01013612,Leicester 032B,52.3,"1,204",1,"1,650"\r\n'
    "E01013700,Leicester 040A,12.1,20500,7,1480\r\n"
)


def test_the_indices_of_deprivation_file_loads_by_header_and_again_updates():
    result = import_profiles(data=("\ufeff" + IOD_2019).encode(), name="File_7.csv")
    assert result.rows == 2
    area = AreaProfile.objects.get(code="E01013612")
    assert (area.imd_score, area.imd_rank, area.imd_decile, area.population) == (
        52.3,
        1204,
        1,
        1650,
    )
    import_profiles(data=b"code,population\nE01013612,1700\n", name="pop.csv")
    area.refresh_from_db()
    assert area.population == 1700 and area.imd_rank == 1204 and AreaProfile.objects.count() == 2


def test_a_bad_value_refuses_the_whole_file_naming_row_and_column():
    bad = IOD_2019.replace("12.1,20500", "twelve,20500")
    with pytest.raises(
        AreaImportError, match=r"row 2, Index of Multiple Deprivation \(IMD\) Score: 'twelve'"
    ):
        import_profiles(data=bad.encode(), name="File_7.csv")
    assert AreaProfile.objects.count() == 0
    with pytest.raises(AreaImportError, match="needs an 'LSOA code' column"):
        import_profiles(data=b"name,score\nx,1\n", name="x.csv")


def test_a_zone_knows_its_lsoas_and_the_share_of_each_inside(tmp_path):
    lon, lat = factories.BRAUNSTONE
    zone = factories.zone_with_boundary(lon, lat)  # a square 0.02 degrees across
    features = [
        {"type": "Feature", "properties": {"LSOA21CD": "E01000001", "LSOA21NM": "Inside 001A"},
         "geometry": factories.square(lon, lat, half=0.005)},
        {"type": "Feature", "properties": {"LSOA21CD": "E01000002", "LSOA21NM": "Half 001B"},
         "geometry": factories.square(lon + 0.01, lat, half=0.005)},
        {"type": "Feature", "properties": {"LSOA21CD": "E01000003", "LSOA21NM": "Outside 001C"},
         "geometry": factories.square(lon + 0.1, lat, half=0.005)},
    ]  # fmt: skip
    path = tmp_path / "lsoa.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    import_areas(path=path)
    shares = {link.area.code: link.share_inside for link in ZoneArea.objects.filter(zone=zone)}
    assert set(shares) == {"E01000001", "E01000002"}
    assert shares["E01000001"] == pytest.approx(1.0)
    assert shares["E01000002"] == pytest.approx(0.5, abs=0.01)
