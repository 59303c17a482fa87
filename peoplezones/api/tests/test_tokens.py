"""Acceptance 2 (first half): a token scoped to Zone A cannot write to Zone B."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from peoplezones.api.models import Token
from peoplezones.zones.models import ProgressUpdate
from tests import factories

pytestmark = pytest.mark.django_db
URL = "/api/v1/zones/{}/actions/{}/progress/"


@pytest.fixture
def two_zones(db):
    partner = factories.PartnerFactory(email="crm@agency.example")
    actions = []
    for slug in ("zone-a", "zone-b"):
        zone = factories.ZoneFactory(slug=slug, is_published=True)
        factories.PartnershipFactory(zone=zone, organisation=partner.organisation)
        objective = factories.ObjectiveFactory(zone=zone)
        actions.append(factories.ActionFactory(zone=zone, objective=objective,
                                               organisation=partner.organisation))  # fmt: skip
    token, key = Token.issue(name="CRM", user=partner, zones=[actions[0].zone],
                             scopes=["progress"])  # fmt: skip
    return actions, token, key


def _post(key, action, body):
    return Client().post(
        URL.format(action.zone.slug, action.pk), json.dumps(body),
        content_type="application/json", HTTP_AUTHORIZATION=f"Token {key}",
    )  # fmt: skip


def test_a_token_writes_in_its_zone_and_never_in_another(two_zones):
    (in_a, in_b), token, key = two_zones
    done = _post(key, in_a, {"text": "Leaflets delivered to 400 homes", "is_milestone": True})
    assert done.status_code == 201, done.content
    assert ProgressUpdate.objects.get(action=in_a).by == token.user
    refused = _post(key, in_b, {"text": "Should not land"})
    assert refused.status_code == 403 and b"this Zone" in refused.content
    assert not ProgressUpdate.objects.filter(action=in_b).exists()
    Token.objects.filter(pk=token.pk).update(last_used_at=None)
    assert Token.objects.get(pk=token.pk).last_used_at is None


def test_bad_tokens_bodies_and_revocation(two_zones):
    (in_a, _in_b), token, key = two_zones
    assert _post("pz_nonsense", in_a, {"text": "x"}).status_code == 401
    assert Client().post(URL.format("zone-a", in_a.pk), {"text": "x"}).status_code in {401, 403}
    invalid = _post(key, in_a, {"text": "", "status": "nonsense"})
    assert invalid.status_code == 400
    assert b"text" in invalid.content and b"status" in invalid.content  # names each field
    stopped = _post(key, in_a, {"text": "Stopping", "status": "stopped"})
    assert stopped.status_code == 400 and b"Say why" in stopped.content
    Token.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    assert _post(key, in_a, {"text": "After revoking"}).status_code == 401
    assert not ProgressUpdate.objects.exists()


def test_the_token_owner_must_still_be_allowed_on_the_action(two_zones):
    (in_a, _in_b), _token, _key = two_zones
    stranger = factories.UserFactory()
    _token, key = Token.issue(name="x", user=stranger, zones=[in_a.zone], scopes=["progress"])
    assert _post(key, in_a, {"text": "Not mine"}).status_code == 403


def test_tokens_are_issued_and_revoked_by_command(two_zones, capsys):
    call_command("api_token", "crm@agency.example", "--name", "CRM 2", "--zones", "zone-a")
    out = capsys.readouterr().out
    key = out.split("Key (shown once): ")[1].strip()
    token = Token.objects.get(name="CRM 2")
    assert key not in json.dumps(list(Token.objects.values()), default=str)  # only the hash
    (in_a, _b), _t, _k = two_zones
    assert _post(key, in_a, {"text": "From the command's token"}).status_code == 201
    # One key in 64 starts with "-": written with "=", it is never taken for an option.
    call_command("api_token", f"--revoke={token.prefix}")
    assert _post(key, in_a, {"text": "Revoked"}).status_code == 401
    with pytest.raises(CommandError, match="unknown"):
        call_command("api_token", "crm@agency.example", "--zones", "nowhere")


FIRES = (
    "Incident date,Incident type,Latitude,Longitude\r\n"
    "2024-03-02,Deliberate fires,52.6265,-1.1745\r\n"
    "2024-03-09,Deliberate fires,52.6266,-1.1746\r\n"
)


def _send(key, body, **extra):
    return Client().post("/api/v1/demand/uploads/", body, HTTP_AUTHORIZATION=f"Token {key}",
                         **extra)  # fmt: skip


def test_demand_figures_are_sent_with_a_demand_token_and_followed_to_the_end(
    two_zones, settings, tmp_path, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from peoplezones.outcomes.models import Batch

    settings.MEDIA_ROOT = tmp_path
    _actions, progress_token, progress_key = two_zones
    partner = progress_token.user
    _t, key = Token.issue(name="Fire CRM", user=partner, zones=[], scopes=["demand"])
    upload = SimpleUploadedFile("fires.csv", FIRES.encode(), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        sent = _send(key, {"file": upload})
    assert sent.status_code == 202, sent.content
    status_url = json.loads(sent.content)["status_url"]
    done = json.loads(Client().get(status_url, HTTP_AUTHORIZATION=f"Token {key}").content)
    assert done["status"] == "done", done
    assert Batch.objects.get(kind="demand").agency == partner.organisation.name  # their own
    # the progress-only token may not send figures; nor may a resident's demand token
    again = SimpleUploadedFile("fires.csv", FIRES.encode(), content_type="text/csv")
    assert _send(progress_key, {"file": again}).status_code == 403
    _r, resident_key = Token.issue(name="x", user=factories.UserFactory(), zones=[],
                                   scopes=["demand"])  # fmt: skip
    assert _send(resident_key, {"file": again}).status_code == 403
    missing = _send(key, {})
    assert missing.status_code == 400 and b"file" in missing.content
    other_person = factories.PartnerFactory()
    _o, other_key = Token.issue(name="y", user=other_person, zones=[], scopes=["demand"])
    assert Client().get(status_url, HTTP_AUTHORIZATION=f"Token {other_key}").status_code == 404
