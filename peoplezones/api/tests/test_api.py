"""The public API: a valid OpenAPI schema, public things only, paging and filters, and never
personal data (every response scanned for every personal value the register declares)."""

import json
import re
from pathlib import Path

import jsonschema
import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import models
from django.test import Client
from rest_framework.test import APIRequestFactory
from rest_framework.throttling import AnonRateThrottle

from peoplezones.assets.models import Asset, Visibility
from peoplezones.community.models import Event
from peoplezones.core.models import User
from peoplezones.core.ratelimit import client_ip
from peoplezones.privacy import register
from peoplezones.toolkit import services as toolkit_services
from peoplezones.zones.models import ProgressUpdate
from tests import factories
from tests.factories import TOOLKIT_CONTENT

pytestmark = pytest.mark.django_db


def test_the_schema_validates(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yaml"))
    schema = Client().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = json.loads(schema.content)["paths"]
    assert {"/api/v1/zones/", "/api/v1/assets/", "/api/v1/events/",
            "/api/v1/toolkit/options/"} <= set(paths)  # fmt: skip


def test_the_docs_page_is_served_by_us_alone(client):
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    hosts = set(re.findall(rb'(?:src|href)="(https?://[^/"]+)', page.content))
    assert not hosts, f"the docs page loads from {hosts}"


@pytest.fixture
def world(db):
    """Public and hidden things, with a person's details in every field the register declares
    personal that can sit near them."""
    coordinator = factories.CoordinatorFactory(name="Zelda Quarrington", email="zq@example.org")
    partner = factories.PartnerFactory(name="Yusuf Partnerman", email="yp@example.org")
    zone = factories.zone_with_boundary(name="Braunstone", slug="braunstone", is_published=True)
    zone.coordinators.add(coordinator)
    hidden = factories.ZoneFactory(name="Hidden Zone", slug="hidden", is_published=False)
    objective = factories.ObjectiveFactory(zone=zone, published_by=coordinator)
    action = factories.ActionFactory(zone=zone, objective=objective, owner=partner,
                                     organisation=partner.organisation)  # fmt: skip
    ProgressUpdate.objects.create(action=action, by=partner, text="Lights fixed on Hinckley Road")
    factories.make_asset("library", name="Braunstone Library", steward_zone=zone,
                         phone="0116 496 0777", email="librarian.jones@example.org",
                         created_by=coordinator)  # fmt: skip
    factories.make_asset("library", name="Secret Refuge", visibility=Visibility.PARTNERS)
    toolkit_services.publish_directly(content=TOOLKIT_CONTENT, credit="Credit Personname",
                                      change_note="", slug="befriending")  # fmt: skip
    group = factories.make_group(zone, organisers=[coordinator],
                                 public_contact="Ring Olu Organiser on 0116 496 0888")  # fmt: skip
    factories.make_event(zone, group, title="Coffee morning", created_by=coordinator)
    factories.make_event(hidden, title="Hidden meeting")
    resident = factories.UserFactory(name="Wilhelmina Residentova", email="wr@example.org")
    factories.make_help_request(zone, requester=resident, name="Wilhelmina Residentova")
    return zone, hidden


def _get_all(client: Client, url: str) -> list[bytes]:
    bodies = []
    while url:
        page = client.get(url)
        assert page.status_code == 200, url
        bodies.append(page.content)
        url = json.loads(page.content).get("next")
    return bodies


def test_lists_and_details_hold_public_things_only(world, client):
    assert world[1].slug == "hidden"
    zones = json.loads(client.get("/api/v1/zones/").content)
    assert [z["slug"] for z in zones["results"]] == ["braunstone"]
    detail = json.loads(client.get("/api/v1/zones/braunstone/").content)
    assert detail["boundary"]["type"] in {"Polygon", "MultiPolygon"}
    progress = detail["objectives"][0]["actions"][0]["progress"]
    assert progress[0]["text"] == "Lights fixed on Hinckley Road"
    assert client.get("/api/v1/zones/hidden/").status_code == 404
    names = [a["name"] for a in json.loads(client.get("/api/v1/assets/").content)["results"]]
    assert "Braunstone Library" in names and "Secret Refuge" not in names
    secret = Asset.objects.get(name="Secret Refuge")
    assert client.get(f"/api/v1/assets/{secret.uid}/").status_code == 404
    events = json.loads(client.get("/api/v1/events/").content)["results"]
    assert [e["title"] for e in events] == ["Coffee morning"]
    hidden_event = Event.objects.get(title="Hidden meeting")
    assert client.get(f"/api/v1/events/{hidden_event.pk}/").status_code == 404
    options = json.loads(client.get("/api/v1/toolkit/options/").content)["results"]
    assert [o["slug"] for o in options] == ["befriending"]


def test_paging_and_filters(world, client, settings):
    for n in range(60):
        factories.make_asset("park", name=f"Park {n:02d}")
    first = json.loads(client.get("/api/v1/assets/").content)
    assert first["count"] == 61 and len(first["results"]) == 50 and first["next"]
    parks = json.loads(client.get("/api/v1/assets/?category=park").content)
    assert parks["count"] == 60
    assert json.loads(client.get("/api/v1/events/?zone=braunstone").content)["count"] == 1
    assert json.loads(client.get("/api/v1/events/?zone=elsewhere").content)["count"] == 0
    bad = client.get("/api/v1/zones/?stage=nonsense")
    assert bad.status_code == 400 and b"stage" in bad.content  # names what is wrong


# Logs whose labels copy other records' names (an asset's, a Zone's): their personal parts are
# the people, whose names and emails are scanned for below.
MIRRORS = {"core.AuditEvent", "admin.LogEntry"}


def _personal_values() -> set[str]:
    """Every value, held anywhere, of every field the register declares personal (text of six
    characters or more), and every account's name and email."""
    found: set[str] = set()
    for holding in register.holdings():
        if holding.model in MIRRORS:
            continue
        model = apps.get_model(holding.model)
        for name in holding.fields:
            field = model._meta.get_field(name)
            if isinstance(field, models.CharField | models.TextField | models.EmailField):
                for value in model._default_manager.values_list(name, flat=True):
                    if isinstance(value, str) and len(value.strip()) >= 6:
                        found.add(value.strip())
    for name, email in User.objects.values_list("name", "email"):
        found |= {v for v in (name, email) if len(v) >= 6}
    return found


def test_public_api_has_no_personal_data(world, client):
    personal = _personal_values()
    assert {"0116 496 0777", "librarian.jones@example.org", "Wilhelmina Residentova",
            "Zelda Quarrington", "Ring Olu Organiser on 0116 496 0888"} <= personal  # fmt: skip
    urls = ["/api/v1/zones/", "/api/v1/assets/", "/api/v1/events/", "/api/v1/toolkit/options/",
            "/api/v1/zones/braunstone/", f"/api/v1/assets/{Asset.objects.first().uid}/",
            f"/api/v1/events/{Event.objects.get(title='Coffee morning').pk}/",
            "/api/v1/toolkit/options/befriending/", "/api/v1/openreferral/services/",
            "/api/v1/openreferral/"]  # fmt: skip
    for url in urls:
        text = b"".join(_get_all(client, url)).decode()
        leaked = sorted(value for value in personal if value in text)
        assert not leaked, f"{url} returns personal data: {leaked}"


def test_responses_carry_an_etag_and_an_unchanged_one_is_not_sent_again(world, client):
    first = client.get("/api/v1/zones/braunstone/")
    etag = first["ETag"]
    again = client.get("/api/v1/zones/braunstone/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    changed = client.get("/api/v1/zones/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200


def test_the_zone_page_lists_its_open_data_and_every_link_works(world, client):
    page = client.get("/zones/braunstone/").content.decode()
    assert "Open Government Licence v3.0" in page
    section = page[page.index('id="open-data"') :]
    links = re.findall(r'href="(/[^"]+)"', section)
    assert len(links) >= 7
    for link in links:
        got = client.get(link.replace("&amp;", "&"))
        assert got.status_code == 200, link


SERVICE_SCHEMA = json.loads(
    (Path(__file__).parents[2] / "assets" / "schema" / "openreferral-uk-service.json").read_text()
)


def test_open_referral_services_are_paged_valid_and_carry_no_personal_contacts(world, client):
    for n in range(3):
        factories.make_asset("park", name=f"Park {n}", email=f"ranger{n}@example.org",
                             phone="0116 496 0999")  # fmt: skip
    root = json.loads(client.get("/api/v1/openreferral/").content)
    assert root["version"] == "3.0" and root["openapi_url"].endswith("/api/v1/schema/")
    first = json.loads(client.get("/api/v1/openreferral/services/?per_page=2").content)
    assert (first["total_items"], first["total_pages"], first["first_page"]) == (4, 2, True)
    second = json.loads(client.get("/api/v1/openreferral/services/?per_page=2&page=2").content)
    assert second["last_page"] and len(second["contents"]) == 2
    services = first["contents"] + second["contents"]
    assert "Secret Refuge" not in json.dumps(services)  # partners-only assets are not services
    for service in services:
        jsonschema.validate(service, SERVICE_SCHEMA, format_checker=jsonschema.FormatChecker())
        assert "email" not in service and "phones" not in service
    one = client.get(f"/api/v1/openreferral/services/{services[0]['id']}/")
    assert json.loads(one.content)["name"] == services[0]["name"]
    assert client.get("/api/v1/openreferral/services/nope/").status_code == 404
    assert client.get("/api/v1/openreferral/services/?per_page=5000").status_code == 400


POLICE_HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
    "Crime type,Last outcome category,Context\r\n"
)


def _police_month(month: str, crimes: int) -> bytes:
    rows = "".join(
        f"{n:064x},{month},Leicestershire Police,Leicestershire Police,-1.174500,52.626500,"
        f"On or near Park Road,E01013612,Leicester 032B,Burglary,,\r\n"
        for n in range(crimes)
    )
    return (POLICE_HEADER + rows).encode()


def test_outcome_figures_are_published_with_small_numbers_suppressed(world, client):
    from peoplezones.outcomes.services import import_police

    import_police(_police_month("2024-03", 2), "2024-03/2024-03-leicestershire-street.csv")
    import_police(_police_month("2024-04", 7), "2024-04/2024-04-leicestershire-street.csv")
    got = client.get("/api/v1/zones/braunstone/outcomes/")
    assert got.status_code == 200, got.content
    months = {m["month"]: m for m in json.loads(got.content)["months"]}
    assert months["2024-03"]["count"] is None and months["2024-03"]["suppressed"]
    assert months["2024-04"]["count"] == 7 and not months["2024-04"]["suppressed"]
    assert b'"2"' not in got.content.replace(b'"2024', b"")  # the small count appears nowhere
    bad = client.get("/api/v1/zones/braunstone/outcomes/?category=nonsense")
    assert bad.status_code == 400 and b"category" in bad.content


def test_public_experiences_of_an_option(world, client):
    from peoplezones.toolkit.models import Experience, Option

    option = Option.objects.get(slug="befriending")
    zone = world[0]
    for visibility, what in (("public", "Weekly visits began"), ("partnership", "Internal")):
        Experience.objects.create(option=option, zone=zone, what_they_did=what,
                                  what_happened="It helped", visibility=visibility,
                                  started_on="2026-01-01")  # fmt: skip
    got = json.loads(client.get("/api/v1/toolkit/options/befriending/experiences/").content)
    assert [e["what_they_did"] for e in got["results"]] == ["Weekly visits began"]


@pytest.mark.parametrize(
    "path",
    ["/api/v1/nothing/", "/api/v1/zones/a%0Ab%0Dc/actions/1/progress/", "/api/v1/%0A/"],
)
def test_an_address_the_api_does_not_have_is_answered_in_json(client, path):
    # Line breaks included: the catch-all once stopped at one and the site's HTML page answered.
    for method in (client.get, client.post):
        response = method(path)
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")
        assert "detail" in response.json()


@pytest.mark.parametrize(("proxies", "seen"), [(0, "203.0.113.9"), (1, "198.51.100.7")])
def test_the_api_s_limit_counts_callers_by_the_address_the_flood_limits_use(
    settings, proxies, seen
):
    """A caller's own X-Forwarded-For is trusted only behind the configured proxies: otherwise
    anyone could name a new address on every request and never meet the limit."""
    settings.PZ_TRUSTED_PROXY_COUNT = proxies
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": proxies}
    request = APIRequestFactory().get(
        "/api/v1/zones/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.7"
    )
    assert AnonRateThrottle().get_ident(request) == client_ip(request) == seen


def test_the_api_s_setting_follows_the_proxies_configured():
    assert django_settings.REST_FRAMEWORK["NUM_PROXIES"] == django_settings.PZ_TRUSTED_PROXY_COUNT
