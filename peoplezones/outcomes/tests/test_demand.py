"""Partners' demand figures: read by header, placed by point, LSOA or postcode, counted per LSOA
and per Zone, replaced month by month, refused whole with row and reason; the page and the jobs."""

import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from peoplezones.geography.models import Postcode
from peoplezones.geography.services import import_areas
from peoplezones.outcomes import demand, jobs, queries
from peoplezones.outcomes.models import (
    Batch,
    DemandRecord,
    LsoaMonthCount,
    Upload,
    ZoneMonthCount,
)
from peoplezones.outcomes.police import Refused
from tests import factories

pytestmark = pytest.mark.django_db
LON, LAT = factories.BRAUNSTONE
FIRE = "Leicestershire Fire and Rescue Service"


@pytest.fixture
def zone(tmp_path):
    zone = factories.zone_with_boundary(LON, LAT, launch_date=date(2024, 1, 15))
    features = [
        {"type": "Feature", "properties": {"LSOA21CD": code, "LSOA21NM": code},
         "geometry": factories.square(lon, LAT, half=0.004)}
        for code, lon in (("E01013612", LON - 0.005), ("E01099999", LON + 0.2))
    ]  # fmt: skip
    path = tmp_path / "lsoa.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    import_areas(path=path)
    Postcode.objects.create(
        postcode="LE3 1AA", lat=LAT, lon=LON - 0.004, lsoa_code="E01013612", lad_code="E06000016"
    )
    return zone


FILE = (
    "Incident date,Incident type,Postcode,Latitude,Longitude,LSOA code\r\n"
    f"2024-03-02,Deliberate fires,,{LAT},{LON - 0.005},\r\n"  # a point: its LSOA from the map
    "15/03/2024,Deliberate fires,le31aa,,,\r\n"  # a postcode
    "2024-03-20,Deliberate fires,,,,E01013612\r\n"  # an LSOA only: in the Zone by its share
    "2024-04-01,Deliberate fires,,,,E01099999\r\n"  # far away
    "2024-04-03,Rubbish fires,,,,E01013612\r\n"
)


def test_rows_are_placed_by_point_postcode_or_lsoa_and_counted(zone):
    loaded = demand.import_demand(FILE.encode(), "fires.csv", agency=FIRE)
    assert (loaded.rows, loaded.first, loaded.last) == (5, date(2024, 3, 1), date(2024, 4, 1))
    assert loaded.types == ["Deliberate fires", "Rubbish fires"]
    lsoa = dict(
        LsoaMonthCount.objects.filter(source="demand", month=date(2024, 3, 1)).values_list(
            "lsoa_code", "count"
        )
    )
    assert lsoa == {"E01013612": 3}  # the point, the postcode and the LSOA row
    in_zone = ZoneMonthCount.objects.filter(zone=zone, source="demand")
    assert sorted(in_zone.values_list("month", "category", "count")) == [
        (date(2024, 3, 1), "leicestershire-fire-and-rescue-service-deliberate-fires", 3),
        (date(2024, 4, 1), "leicestershire-fire-and-rescue-service-rubbish-fires", 1),
    ]
    # Police categories never include partners' figures.
    assert sum(queries.zone_series(zone, "", last=date(2024, 4, 1)).counts) == 0
    category = "demand:leicestershire-fire-and-rescue-service-deliberate-fires"
    series = queries.zone_series(zone, category)
    assert series.label == f"Deliberate fires ({FIRE})" and series.counts == [3, 0]
    assert (category, series.label) in queries.categories_seen(zone)


def test_the_same_file_changes_nothing_and_a_corrected_month_replaces_only_that_month(zone):
    demand.import_demand(FILE.encode(), "fires.csv", agency=FIRE)
    again = demand.import_demand(FILE.encode(), "fires.csv", agency=FIRE)
    assert again.unchanged and DemandRecord.objects.count() == 5
    corrected = "Month,Incident type,LSOA,Count\r\n2024-03,Deliberate fires,E01013612,7\r\n"
    loaded = demand.import_demand(corrected.encode(), "march.csv", agency=FIRE)
    assert loaded.replaced == 1
    march = LsoaMonthCount.objects.filter(source="demand", month=date(2024, 3, 1))
    assert list(march.values_list("count", flat=True)) == [7]
    assert ZoneMonthCount.objects.filter(zone=zone, source="demand").count() == 2  # April kept
    assert Batch.objects.filter(kind="demand").count() == 2
    # The first file again is not "unchanged": its March was replaced since, so it replaces back.
    back = demand.import_demand(FILE.encode(), "fires.csv", agency=FIRE)
    assert not back.unchanged and back.replaced == 3
    assert list(march.values_list("count", flat=True)) == [3]


def _refused(text: str, **kwargs) -> Refused:
    with pytest.raises(Refused) as caught:
        demand.import_demand(text.encode(), "bad.csv", **kwargs)
    assert not DemandRecord.objects.exists() and not Batch.objects.exists()
    return caught.value


def test_a_bad_file_is_refused_naming_row_column_and_reason(zone):
    bad = (
        "Date,Agency,Type,Postcode,Count\r\n"
        f"2024-03-02,{FIRE},Deliberate fires,LE3 1AA,2\r\n"
        f"2024-13-02,{FIRE},Deliberate fires,LE3 1AA,2\r\n"
        f"2024-03-04,{FIRE},Deliberate fires,ZZ9 9ZZ,1\r\n"
        f"2024-03-05,{FIRE},Deliberate fires,LE3 1AA,two\r\n"
        f"2099-03-05,{FIRE},Deliberate fires,LE3 1AA,1\r\n"
        f"2024-03-06,{FIRE},Deliberate fires,,1\r\n"
    )
    assert _refused(bad).problems == [
        "row 2: Date: '2024-13-02' is not a date like 2024-03-15",
        "row 3: Postcode: 'ZZ9 9ZZ' is not in the postcode directory loaded",
        "row 4: Count: 'two' is not a whole number of 0 or more",
        "row 5: 2099-03 is in the future",
        "row 6: no place: give Latitude and Longitude, an LSOA code or a Postcode",
    ]
    missing = _refused("Type,Count\r\nDeliberate fires,1\r\n").problems[0]
    assert "a date or a month column" in missing and "a place" in missing
    assert "an Agency column" in missing
    two = _refused("Month,Agency,Type,LSOA\r\n2024-03,A,x,E01013612\r\n2024-03,B,x,E01013612\r\n")
    assert two.problems == ["rows from more than one agency (A, B); send one file per agency"]


def test_a_partner_sends_their_own_figures_on_the_page_and_sees_only_their_jobs(client, zone):
    partner = factories.PartnerFactory()
    client.force_login(partner)
    page = client.get(reverse("outcomes:demand_upload"))
    assert page.status_code == 200 and partner.organisation.name in page.content.decode()
    file = SimpleUploadedFile("fires.csv", FILE.encode(), content_type="text/csv")
    response = client.post(
        reverse("outcomes:demand_upload"), {"file": file, "agency": "Someone Else"}
    )
    job = Upload.objects.get()
    assert response.status_code == 302 and job.kind == "demand"
    jobs.run(job)
    job.refresh_from_db()
    assert job.status == "done" and job.results[0]["state"] == "loaded"
    assert set(Batch.objects.values_list("agency", flat=True)) == {partner.organisation.name}
    assert client.get(reverse("outcomes:upload_job", args=[job.pk])).status_code == 200
    client.force_login(factories.PartnerFactory())
    assert client.get(reverse("outcomes:upload_job", args=[job.pk])).status_code == 403
    assert client.get(reverse("outcomes:upload_status", args=[job.pk])).status_code == 403


def test_figures_placed_by_lsoa_alone_follow_lsoa_boundaries_loaded_later(tmp_path):
    zone = factories.zone_with_boundary(LON, LAT)
    demand.import_demand(
        b"Month,LSOA,Type,Count\r\n2024-03,E01013612,Deliberate fires,4\r\n", "f.csv", agency=FIRE
    )
    assert not ZoneMonthCount.objects.filter(zone=zone).exists()  # no boundaries: not placed
    features = [{"type": "Feature", "properties": {"LSOA21CD": "E01013612", "LSOA21NM": "x"},
                 "geometry": factories.square(LON, LAT, half=0.004)}]  # fmt: skip
    path = tmp_path / "lsoa.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    import_areas(path=path)
    counted = ZoneMonthCount.objects.filter(zone=zone, source="demand")
    assert list(counted.values_list("count", flat=True)) == [4]
