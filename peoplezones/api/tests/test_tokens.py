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
    call_command("api_token", "--revoke", token.prefix)
    assert _post(key, in_a, {"text": "Revoked"}).status_code == 401
    with pytest.raises(CommandError, match="unknown"):
        call_command("api_token", "crm@agency.example", "--zones", "nowhere")
