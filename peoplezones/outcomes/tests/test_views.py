"""The outcomes pages through the test client: uploading police files (progress kept, each file
all-or-nothing), a Zone's trend with small counts hidden, the CSV download, all Zones together."""

import csv
import io
import random
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peoplezones.outcomes.generate import file_name, street_csv
from peoplezones.outcomes.models import Batch, Crime, Upload, ZoneMonthCount
from peoplezones.outcomes.police import ASB
from tests import factories

pytestmark = pytest.mark.django_db
LON, LAT = factories.BRAUNSTONE
PLACES = [(LON, LAT, "E01013612", "Leicester 032B")]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def staff():
    client = Client()
    client.force_login(factories.StaffFactory())
    return client


def _month(month: date, rows: int = 120, seed: int = 1) -> tuple[str, bytes]:
    data = street_csv(month=month, force_name="Leicestershire Police", rows=rows, places=PLACES,
                      rng=random.Random(seed))  # fmt: skip
    return file_name(month, "leicestershire"), data


def _upload(client, name: str, data: bytes, capture) -> Upload:
    with capture(execute=True):
        response = client.post(
            reverse("outcomes:upload"), {"file": SimpleUploadedFile(name.split("/")[-1], data)}
        )
    assert response.status_code == 302
    return Upload.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])


def test_a_zip_loads_good_months_and_refuses_a_bad_one_naming_the_row(
    staff, django_capture_on_commit_callbacks
):
    buffer = io.BytesIO()
    bad_name, bad = _month(date(2024, 4, 1), seed=2)
    lines = bad.split(b"\r\n")
    lines[7] = lines[7].replace(b",2024-04,", b",2024-13,")
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(*_month(date(2024, 3, 1)))
        archive.writestr(bad_name, b"\r\n".join(lines))
    job = _upload(staff, "download.zip", buffer.getvalue(), django_capture_on_commit_callbacks)
    assert job.status == "done" and (job.files_done, job.files_total) == (2, 2)
    assert [r["state"] for r in job.results] == ["loaded", "refused"]
    assert job.results[1]["problems"] == ["row 7: Month: '2024-13' is not a month like 2024-03"]
    assert list(Batch.objects.values_list("month", flat=True)) == [date(2024, 3, 1)]
    assert not job.file  # the upload itself is not kept
    page = staff.get(reverse("outcomes:upload_job", args=[job.pk])).content.decode()
    assert "refused, nothing stored" in page and "row 7: Month" in page
    status = staff.get(reverse("outcomes:upload_status", args=[job.pk])).json()
    assert status["status"] == "done" and status["percent"] == 100


def test_uploading_a_month_again_changes_nothing(staff, django_capture_on_commit_callbacks):
    name, data = _month(date(2024, 3, 1))
    _upload(staff, name, data, django_capture_on_commit_callbacks)
    again = _upload(staff, name, data, django_capture_on_commit_callbacks)
    assert again.results[0]["state"] == "unchanged" and Crime.objects.count() == 120


def test_only_csv_or_zip_files_are_taken(staff):
    response = staff.post(reverse("outcomes:upload"), {"file": SimpleUploadedFile("x.xlsx", b"x")})
    assert (
        response.status_code == 400 and "Upload a .csv file or a .zip" in response.content.decode()
    )
    assert not Upload.objects.exists()


def test_the_zone_page_and_download_hide_small_counts(staff, django_capture_on_commit_callbacks):
    zone = factories.zone_with_boundary(LON, LAT, launch_date=date(2024, 3, 1))
    _upload(staff, *_month(date(2024, 3, 1), rows=300), django_capture_on_commit_callbacks)
    _upload(staff, *_month(date(2024, 4, 1), rows=3, seed=5), django_capture_on_commit_callbacks)
    page = Client().get(reverse("outcomes:zone", args=[zone.slug])).content.decode()
    assert "fewer than 5" in page and "<svg" in page and "<table" in page
    body = Client().get(reverse("outcomes:zone_csv", args=[zone.slug])).content.decode()
    rows = {r["month"]: r for r in csv.DictReader(io.StringIO(body))}
    assert rows["2024-04"]["count"] == "<5"
    assert int(rows["2024-03"]["count"]) > 250
    programme = Client().get(reverse("outcomes:programme")).content.decode()
    assert zone.name in programme


def test_all_zones_compare_twelve_months_only_when_twenty_four_are_loaded(
    staff, django_capture_on_commit_callbacks
):

    zone = factories.zone_with_boundary(LON, LAT)
    for month, rows in ((date(2024, 3, 1), 300), (date(2024, 4, 1), 200)):
        _upload(staff, *_month(month, rows=rows, seed=rows), django_capture_on_commit_callbacks)
    response = Client().get(reverse("outcomes:programme"))
    (row,) = [r for r in response.context["rows"] if r["zone"] == zone]
    crime, asb = row["figures"]
    in_zone = sum(
        ZoneMonthCount.objects.filter(zone=zone)
        .exclude(category=ASB)
        .values_list("count", flat=True)
    )
    assert crime["last"] == in_zone  # both months, not just the second
    assert crime["change"] is None and asb["change"] is None  # no full year before to compare


def test_outcomes_recorded_for_the_zones_crimes_show_with_small_counts_hidden(client):
    from peoplezones.outcomes import services
    from peoplezones.outcomes.generate import outcomes_csv

    zone = factories.zone_with_boundary(LON, LAT)
    month = date(2024, 3, 1)
    name, data = _month(month, rows=400)
    services.import_police(data, name)
    outcomes = outcomes_csv(data, month=month, rng=random.Random(2))
    services.import_police(outcomes, file_name(month, "leicestershire", "outcomes"))
    page = client.get(reverse("outcomes:zone", args=[zone.slug])).content.decode()
    assert "What happened next" in page and "12 months to March 2024" in page
    counted = ZoneMonthCount.objects.filter(zone=zone, source="outcomes")
    small = [c for c in counted if c.count < 5]
    large = [c for c in counted if c.count >= 5]
    assert large and all(f"<td>{c.count}</td>" in page for c in large)
    assert all(f"<td>{c.count}</td>" not in page for c in small)


def test_all_zones_side_by_side_read_the_same_number_of_times_however_many_zones(
    staff, django_capture_on_commit_callbacks
):
    first = factories.zone_with_boundary(LON, LAT)
    _upload(staff, *_month(date(2024, 3, 1), rows=200), django_capture_on_commit_callbacks)

    def read() -> tuple[int, dict]:
        with CaptureQueriesContext(connection) as queries:
            response = Client().get(reverse("outcomes:programme"))
        figures = {row["zone"].pk: row["figures"] for row in response.context["rows"]}
        return len(queries.captured_queries), figures

    factories.zone_with_boundary(LON + 0.3, LAT)
    read()  # the first reads which data sources are loaded, then keeps that for a minute
    few, figures = read()
    for n in range(1, 4):
        factories.zone_with_boundary(LON + 0.3 + n / 10, LAT)
    many, more_figures = read()
    assert many == few and len(more_figures) == 5, (few, many)
    assert more_figures[first.pk] == figures[first.pk]  # the first Zone's figures unchanged
    assert figures[first.pk][0]["last"] == sum(
        ZoneMonthCount.objects.filter(zone=first)
        .exclude(category=ASB)
        .values_list("count", flat=True)
    )
