"""Asset pages: who sees which assets on the map, list and downloads; the web import from upload
to preview to result; adding, checking and removing an asset."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from peoplezones.assets.models import Asset, ImportJob, PointSet
from tests import factories

pytestmark = pytest.mark.django_db


def client_for(user=None) -> Client:
    client = Client()
    if user:
        client.force_login(user)
    return client


@pytest.fixture
def places():
    zone = factories.zone_with_boundary()
    coordinator = factories.CoordinatorFactory()
    zone.coordinators.add(coordinator)
    partner = factories.PartnerFactory()
    factories.PartnershipFactory(zone=zone, organisation=partner.organisation)
    public = factories.make_asset("library", name="Open Library")
    partners_only = factories.make_asset(
        "support-group", name="Recovery Group", visibility="partners"
    )
    private = factories.make_asset(
        "person", name="Mr Singh, carpenter", kind="individual", visibility="coordinators"
    )
    return zone, coordinator, partner, (public, partners_only, private)


def names(response) -> set[str]:
    return {
        f["properties"]["name"]
        for f in json.loads(b"".join(response.streaming_content))["features"]
    }


def test_each_person_sees_only_the_assets_their_role_allows(places):
    _zone, coordinator, partner, _assets = places
    everyone = {"Open Library"}
    assert names(client_for().get("/assets/map.geojson")) == everyone
    assert names(client_for(factories.UserFactory()).get("/assets/map.geojson")) == everyone
    assert names(client_for(partner).get("/assets/map.geojson")) == everyone | {"Recovery Group"}
    assert names(client_for(coordinator).get("/assets/map.geojson")) == everyone | {
        "Recovery Group",
        "Mr Singh, carpenter",
    }
    assert names(client_for(factories.CoordinatorFactory()).get("/assets/map.geojson")) == everyone
    listing = client_for().get("/assets/").content.decode()
    assert "Open Library" in listing and "Recovery Group" not in listing
    rows = list(
        csv.DictReader(
            io.StringIO(
                b"".join(client_for().get("/assets/download.csv").streaming_content).decode()
            )
        )
    )
    assert [r["name"] for r in rows] == ["Open Library"]
    assert client_for().get(f"/assets/{_assets[2].pk}/").status_code == 404


def test_filters_are_shared_by_map_list_and_downloads(places):
    zone, _coordinator, *_ = places
    factories.make_asset("library", name="Faraway Library", lon=-1.0, lat=52.7)
    query = f"?zone={zone.slug}&category=library"
    assert names(client_for().get("/assets/map.geojson" + query)) == {"Open Library"}
    download = json.loads(
        b"".join(client_for().get("/assets/download.geojson" + query).streaming_content)
    )
    assert [f["properties"]["name"] for f in download["features"]] == ["Open Library"]
    page = client_for().get("/assets/" + query).content.decode()
    assert "Open Library" in page and "Faraway Library" not in page
    assert f"download.csv?zone={zone.slug}&amp;category=library" in page
    oruk = client_for().get("/assets/download.openreferral.json" + query).json()
    assert [s["name"] for s in oruk["contents"]] == ["Open Library"]


def test_stale_assets_are_flagged_and_can_be_checked(places):
    _zone, coordinator, _partner, (public, *_rest) = places
    Asset.objects.filter(pk=public.pk).update(
        last_verified=timezone.localdate() - timedelta(days=400)
    )
    client = client_for(coordinator)
    assert "Needs a check" in client.get("/assets/").content.decode()
    assert "Open Library" in client.get("/assets/?stale=on").content.decode()
    client.post(f"/assets/{public.pk}/verify/")
    public.refresh_from_db()
    assert public.last_verified == timezone.localdate() and not public.is_stale
    assert "Open Library" not in client.get("/assets/?stale=on").content.decode()


def test_coordinator_adds_edits_and_removes_an_asset(places):
    zone, coordinator, *_ = places
    client = client_for(coordinator)
    data = {
        "name": "Bell Foundry Hall",
        "category": factories_category("community-centre"),
        "kind": "space",
        "visibility": "public",
        "lat": "52.627",
        "lon": "-1.181",
    }
    response = client.post("/assets/new/", data)
    asset = Asset.objects.get(name="Bell Foundry Hall")
    assert (
        response.status_code == 302
        and asset.steward_zone == zone
        and list(asset.zones.all()) == [zone]
    )
    bad = client.post(f"/assets/{asset.pk}/edit/", {**data, "lat": "-1.181", "lon": "52.627"})
    assert bad.status_code == 400 and "outside the UK" in bad.content.decode()
    private = client.post(
        "/assets/new/",
        {
            **data,
            "name": "A neighbour",
            "kind": "individual",
            "category": factories_category("person"),
        },
    )
    assert "cannot be public" in private.content.decode()
    other = client_for(factories.CoordinatorFactory())
    assert other.get(f"/assets/{asset.pk}/edit/").status_code == 403
    client.post(f"/assets/{asset.pk}/delete/")
    assert not Asset.objects.filter(pk=asset.pk).exists()


def factories_category(slug):
    from peoplezones.assets.models import Category

    return Category.objects.get(slug=slug).pk


BAD_CSV = (
    "id,name,category,latitude,longitude,email\n"
    "1,Library,library,52.627,-1.180,\n"
    "2,Cafe,cafe,52.627,-1.181,\n"
    "3,Hall,community-centre,52.628,-1.179,hall(at)example\n"
)


def upload(client, text, zone, fmt="csv", name="assets.csv"):
    response = client.post(
        "/assets/import/",
        {"format": fmt, "zone": zone.pk, "file": SimpleUploadedFile(name, text.encode())},
    )
    return ImportJob.objects.latest("id"), response


def test_web_import_previews_refuses_and_then_imports_once(places):
    zone, coordinator, *_ = places
    client = client_for(coordinator)
    job, response = upload(client, BAD_CSV, zone)
    assert response.url == f"/assets/import/{job.pk}/"
    page = client.get(response.url).content.decode()
    assert "Nothing was imported: the file has 2 problems" in page
    assert "Line 3, category: &#x27;cafe&#x27; is not a category" in page
    assert "Line 4, email: Enter a valid email address" in page
    job.refresh_from_db()
    assert not job.file  # a refused upload is not kept either
    assert client.post(f"/assets/import/{job.pk}/run/").status_code == 302
    assert Asset.objects.count() == 3  # the three from the fixture, nothing more

    fixed = BAD_CSV.replace(",cafe,", ",cafe-restaurant,").replace(
        "hall(at)example", "hall@example.org"
    )
    job, response = upload(client, fixed, zone)
    page = client.get(response.url).content.decode()
    assert "What this file will do" in page and job.preview["new"] == 3
    client.post(f"/assets/import/{job.pk}/run/")
    job.refresh_from_db()
    assert job.status == "done" and job.result["created"] == 3 and job.rows_done == job.rows_total
    assert not job.file  # the upload is deleted once imported; the summary stays
    assert "3 added, 0 updated, 0 unchanged." in client.get(response.url).content.decode()
    assert (
        client.post(f"/assets/import/{job.pk}/run/").status_code == 302
    )  # a second click does nothing
    assert Asset.objects.count() == 6

    job, _ = upload(client, fixed, zone)
    client.post(f"/assets/import/{job.pk}/run/")
    job.refresh_from_db()
    assert job.result == {"created": 0, "updated": 0, "unchanged": 3, "skipped": 0}
    assert Asset.objects.count() == 6
    status = client.get(f"/assets/import/{job.pk}/status.json").json()
    assert status["status"] == "done" and status["percent"] == 100
    assert (
        client_for(factories.CoordinatorFactory()).get(f"/assets/import/{job.pk}/").status_code
        == 403
    )


def test_coordinators_import_only_into_their_own_zones(places):
    _zone, coordinator, *_ = places
    other_zone = factories.zone_with_boundary()
    response = client_for(coordinator).post(
        "/assets/import/",
        {
            "format": "csv",
            "zone": other_zone.pk,
            "file": SimpleUploadedFile("a.csv", b"name,category\n"),
        },
    )
    assert "Select a valid choice" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_staff_import_residential_points_on_the_page():
    staff = factories.StaffFactory()
    client = client_for(staff)
    text = "pcds,lat,long,population\nLE3 1AB,52.627,-1.18,35\nLE3 1AD,52.628,-1.179,20\n"
    response = client.post(
        "/assets/points/",
        {"name": "Census 2021 postcodes", "file": SimpleUploadedFile("p.csv", text.encode())},
    )
    job = ImportJob.objects.get()
    assert "55 residents" in client.get(response.url).content.decode()
    client.post(f"/assets/import/{job.pk}/run/")
    point_set = PointSet.objects.get()
    assert (point_set.point_count, point_set.total, point_set.unit) == (2, 55, "residents")


def test_management_commands_import_and_export(tmp_path, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    path = tmp_path / "a.csv"
    path.write_text(BAD_CSV)
    with pytest.raises(CommandError, match="2 problem"):
        call_command("import_assets", str(path))
    path.write_text(
        BAD_CSV.replace(",cafe,", ",cafe-restaurant,").replace(
            "hall(at)example", "hall@example.org"
        )
    )
    call_command("import_assets", str(path))
    call_command("import_assets", str(path))
    assert "0 added, 0 updated, 3 unchanged" in capsys.readouterr().out
    out = tmp_path / "out.csv"
    call_command("export_assets", "csv", "--output", str(out))
    assert out.read_text().count("\n") == 4


def test_a_running_import_shows_its_progress(places):
    zone, coordinator, *_ = places
    job = ImportJob.objects.create(
        format="csv", file=SimpleUploadedFile("big.csv", b"name,category\n"), original_name="big.csv",
        zone=zone, status="running", rows_total=40_000, rows_done=10_000, phase="reading",
        created_by=coordinator,
    )  # fmt: skip
    client = client_for(coordinator)
    page = client.get(f"/assets/import/{job.pk}/").content.decode()
    assert 'max="40000" value="10000"' in page and "import-progress.js" in page
    assert client.get(f"/assets/import/{job.pk}/status.json").json()["percent"] == 25


def test_check_reports_progress_while_reading_a_long_file(places, monkeypatch):
    from peoplezones.assets import jobs

    zone, coordinator, *_ = places
    rows = "".join(f"r{i},Shop {i},shop,52.62{i % 10},-1.18{i % 7}\n" for i in range(1200))
    job = ImportJob.objects.create(
        format="csv", file=SimpleUploadedFile("long.csv", ("id,name,category,latitude,longitude\n" + rows).encode()),
        original_name="long.csv", zone=zone, status="checking", created_by=coordinator,
    )  # fmt: skip
    seen = []
    real = jobs._reporter

    def spy(job_, phase):
        report = real(job_, phase)

        def wrapped(done, total):
            seen.append((done, total))
            report(done, total)

        return wrapped

    monkeypatch.setattr(jobs, "_reporter", spy)
    jobs.check(job)
    assert job.status == "previewed" and job.preview["new"] == 1200
    assert len(seen) >= 3 and seen[-1][0] == seen[-1][1]
