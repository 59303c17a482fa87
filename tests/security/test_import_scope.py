"""Imports change only what the importer may change. Every importer is run as the coordinator of
one Zone (Braunstone Park) against every kind of record another Zone (Bell Foundry) holds: each
attempt is refused (403, or the file refused naming the row) and Bell Foundry's records are
exactly as they were. A form taking a file must appear below, so a new importer cannot be added
without being tried the same way."""

import inspect
import json
from datetime import date

import osmium
import pytest
from django import forms
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from peoplezones.assets.models import Asset, ImportJob, JobStatus
from peoplezones.community import ical
from peoplezones.community.models import Event
from peoplezones.outcomes import demand
from peoplezones.outcomes.models import DemandRecord, Upload
from tests import factories
from tests.factories import TOOLKIT_CONTENT

pytestmark = pytest.mark.django_db

BELL = (-1.2006, 52.7712)
AMBULANCE = "East Midlands Ambulance Service"

# Every form that takes a file: the importers tried here, and the rest with why they are not.
IMPORTERS = {
    "assets.ImportForm": "CSV, OpenStreetMap GeoJSON and .pbf, Open Referral UK",
    "assets.PointsImportForm": "residential points: programme staff only",
    "outcomes.UploadForm": "police.uk files: programme staff only",
    "outcomes.DemandUploadForm": "partners' demand figures: their own organisation's only",
    "community.CalendarFileForm": "a group's calendar: its own events only",
    "toolkit.ImportForm": "the Tool Kit exchange format: programme staff only",
}
NOT_IMPORTERS = {
    "toolkit.OptionForm": "an attachment is a new file, matched to nothing already held",
    "zones.BoundaryForm": "replaces the boundary of the Zone being managed, nothing else",
}


def test_every_form_taking_a_file_is_tried_here():
    taking_files = set()
    for config in apps.get_app_configs():
        if not config.name.startswith("peoplezones."):
            continue
        try:
            module = __import__(f"{config.name}.forms", fromlist=["forms"])
        except ModuleNotFoundError:
            continue
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(cls, forms.BaseForm)
                and cls.__module__ == module.__name__
                and any(isinstance(f, forms.FileField) for f in cls.base_fields.values())
            ):
                taking_files.add(f"{config.label}.{name}")
    assert taking_files == set(IMPORTERS) | set(NOT_IMPORTERS)


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    braunstone = factories.zone_with_boundary(name="Braunstone Park")
    bell = factories.zone_with_boundary(*BELL, name="Bell Foundry")
    coordinator = factories.CoordinatorFactory()
    braunstone.coordinators.add(coordinator)
    theirs = {
        source: factories.make_asset(
            "community-centre", *BELL, name=f"Bell {source}", steward_zone=bell, source=source,
            source_id=source_id, visibility="coordinators",
        )
        for source, source_id in (("csv", "bell-1"), ("osm", "node/4242"),
                                  ("openreferral", "svc-bell-1"))
    }  # fmt: skip
    group = factories.make_group(bell, name="Bell Ringers", slug="bell-ringers")
    calendar = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\nBEGIN:VEVENT\r\nUID:practice@bell\r\n"
        "DTSTART:20300105T190000Z\r\nDTEND:20300105T210000Z\r\nSUMMARY:Practice night\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    ical.import_calendar(group, calendar.encode())
    ambulance = factories.PartnerFactory(organisation__name=AMBULANCE)
    fire = factories.PartnerFactory(organisation__name="Leicestershire Fire and Rescue Service")
    demand.import_demand(
        b"Month,LSOA code,Demand type,Count\n2026-01,E01013612,Call-outs,7\n",
        "ambulance.csv", agency=AMBULANCE, by=ambulance,
    )  # fmt: skip
    client = Client()
    client.force_login(coordinator)
    return {
        "client": client, "braunstone": braunstone, "bell": bell, "assets": theirs,
        "group": group, "calendar": calendar, "fire": fire,
    }  # fmt: skip


def snapshot() -> list:
    """Everything Bell Foundry holds that an import could touch."""
    return [
        list(Asset.objects.order_by("pk").values_list(
            "pk", "name", "phone", "visibility", "steward_zone", "source", "source_id")),
        list(Event.objects.order_by("pk").values_list("pk", "title", "cancelled", "group")),
        list(DemandRecord.objects.order_by("pk").values_list("pk", "count", "month")),
    ]  # fmt: skip


def _job(client: Client, zone, fmt: str, name: str, body: bytes) -> ImportJob:
    client.post(
        "/assets/import/", {"format": fmt, "zone": zone.pk, "file": SimpleUploadedFile(name, body)}
    )
    job = ImportJob.objects.latest("pk")
    if job.status == JobStatus.PREVIEWED:
        client.post(f"/assets/import/{job.pk}/run/")
        job.refresh_from_db()
    return job


def _pbf(tmp_path, node_id: int) -> bytes:
    path = tmp_path / f"n{node_id}.osm.pbf"
    with osmium.SimpleWriter(str(path)) as writer:
        writer.add_node(
            osmium.osm.mutable.Node(
                id=node_id, location=BELL,
                tags={"amenity": "community_centre", "name": "Renamed by an import"},
            )
        )  # fmt: skip
    return path.read_bytes()


def test_asset_imports_in_every_format_refuse_rows_naming_another_zones_assets(world, tmp_path):
    before = snapshot()
    client, braunstone = world["client"], world["braunstone"]
    lat, lon = BELL[1], BELL[0]
    csv_rows = (
        "id,name,category,latitude,longitude,visibility\n"
        f"new-1,A new hall,community-centre,52.627,-1.18,public\n"
        f"bell-1,Renamed,community-centre,{lat},{lon},public\n"
    )
    feature = {
        "type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {"name": "Renamed", "amenity": "community_centre"},
    }  # fmt: skip
    by_tags = {**feature, "properties": {**feature["properties"], "pz:source": "openreferral",
                                         "pz:source_id": "svc-bell-1"}}  # fmt: skip
    by_osm_id = {**feature, "id": "node/4242"}
    service = {
        "id": "svc-bell-1", "name": "Renamed", "status": "active",
        "locations": [{"latitude": lat, "longitude": lon}],
    }  # fmt: skip
    attempts = [
        ("csv", "a.csv", csv_rows.encode(), "Line 3, id:", "bell-1"),
        ("osm_geojson", "a.geojson", _fc(by_tags), "Feature 1", "svc-bell-1"),
        ("osm_geojson", "b.geojson", _fc(by_osm_id), "Feature 1", "node/4242"),
        ("osm_pbf", "c.osm.pbf", _pbf(tmp_path, 4242), "node/4242", "node/4242"),
        ("openreferral", "d.json", json.dumps([service]).encode(), "Service 1", "svc-bell-1"),
    ]
    for fmt, name, body, where, named in attempts:
        job = _job(client, braunstone, fmt, name, body)
        assert job.status == JobStatus.REFUSED, (fmt, job.problems)
        assert any(p.startswith(where) and named in p for p in job.problems), (fmt, job.problems)
    assert not Asset.objects.filter(name="A new hall").exists()  # all or nothing
    assert snapshot() == before


def _fc(*features) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def test_staff_only_importers_refuse_a_coordinator(world):
    before = snapshot()
    client = world["client"]
    police = b"Crime ID,Month\n"
    toolkit = json.dumps({"format": "peoplezones-toolkit", "version": 1, "options": [
        {"slug": "x", **TOOLKIT_CONTENT}]}).encode()  # fmt: skip
    for url, data in (
        ("/assets/points/", {"name": "Bell", "file": SimpleUploadedFile("p.csv", b"pcds\n")}),
        ("/outcomes/police/", {"file": SimpleUploadedFile("2026-01-x-street.csv", police)}),
        ("/toolkit/import/", {"source": "x", "file": SimpleUploadedFile("t.json", toolkit)}),
        ("/outcomes/demand/", {"file": SimpleUploadedFile("d.csv", b"Month\n")}),
    ):
        assert client.post(url, data).status_code == 403, url
    assert not Upload.objects.exists()
    assert snapshot() == before


def test_a_calendar_import_reaches_only_its_own_groups_events(world):
    before = snapshot()
    client = world["client"]
    bell_group = world["group"]
    calendar = world["calendar"].replace("Practice night", "Cancelled by an import")
    upload = {"file": SimpleUploadedFile("c.ics", calendar.encode())}
    assert client.post(f"/community/groups/{bell_group.slug}/calendar/", upload).status_code == 403
    own = factories.make_group(world["braunstone"], name="Braunstone Walkers")
    own.organisers.add(*world["braunstone"].coordinators.all())
    upload = {"file": SimpleUploadedFile("c.ics", calendar.encode())}  # the same UIDs, own group
    assert client.post(f"/community/groups/{own.slug}/calendar/", upload).status_code == 302
    assert own.events.get().title == "Cancelled by an import"
    after = snapshot()
    assert [e for e in after[1] if e[3] == bell_group.pk] == [
        e for e in before[1] if e[3] == bell_group.pk
    ]


def test_a_partner_sends_only_their_own_organisations_demand_figures(world):
    before = snapshot()
    fire = world["fire"]
    client = Client()
    client.force_login(fire)
    figures = (
        f"Month,LSOA code,Agency,Demand type,Count\n2026-01,E01013612,{AMBULANCE},Call-outs,0\n"
    )
    client.post("/outcomes/demand/", {"file": SimpleUploadedFile("d.csv", figures.encode())})
    upload = Upload.objects.get()
    assert upload.results[0]["state"] == "refused"
    assert (
        "row 1: Agency: 'East Midlands Ambulance Service' is not your organisation"
        in (upload.results[0]["problems"][0])
    )
    assert snapshot() == before
    # The same figures under their own name are theirs to send.
    own = figures.replace(AMBULANCE, fire.organisation.name)
    client.post("/outcomes/demand/", {"file": SimpleUploadedFile("e.csv", own.encode())})
    assert Upload.objects.latest("pk").results[0]["state"] == "loaded"


def test_a_demand_token_sends_only_its_owners_organisations_figures(world):
    from peoplezones.api.models import Token

    before = snapshot()
    fire = world["fire"]
    _token, key = Token.issue(name="CAD", user=fire, zones=[world["braunstone"]], scopes=["demand"])
    figures = (
        f"Month,LSOA code,Agency,Demand type,Count\n2026-01,E01013612,{AMBULANCE},Call-outs,0\n"
    )
    response = Client().post(
        "/api/v1/demand/uploads/",
        {"file": SimpleUploadedFile("d.csv", figures.encode())},
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert response.status_code in (201, 202), response.content
    upload = Upload.objects.get()
    assert upload.results[0]["state"] == "refused"
    assert snapshot() == before
    assert date(2026, 1, 1) in {r[2] for r in snapshot()[2]}
