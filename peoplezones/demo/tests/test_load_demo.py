"""The demo: every role, Zones at several stages, applications in every state; safe to rerun."""

import pytest
from django.core.management import call_command

from peoplezones.applications.models import Application, Status
from peoplezones.core.models import Role, User
from peoplezones.zones.models import Zone

pytestmark = pytest.mark.django_db


def test_demo_covers_every_role_stage_and_state_and_reruns_cleanly(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "staff@example.org" in out and "demo-zones-2026" in out
    counts = (User.objects.count(), Zone.objects.count(), Application.objects.count())
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert set(Application.objects.values_list("status", flat=True)) == set(Status.values)
    assert len(set(Zone.objects.values_list("stage", flat=True))) >= 4
    call_command("load_demo", "--quiet")
    assert (User.objects.count(), Zone.objects.count(), Application.objects.count()) == counts


def test_totp_code_prints_a_code_for_demo_accounts_only(capsys):
    call_command("load_demo", "--quiet")
    capsys.readouterr()
    call_command("totp_code", "staff@example.org")
    assert capsys.readouterr().out.strip().isdigit()
