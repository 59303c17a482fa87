"""Retention: each rule erases what is due and nothing else, and a second run changes nothing."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone

from peoplezones.applications.models import Application, Status
from peoplezones.assets.models import ImportJob
from peoplezones.community.models import GroupMessage
from peoplezones.core import audit
from peoplezones.core.models import AuditEvent
from peoplezones.privacy import register, retention
from peoplezones.privacy.models import RetentionRun
from peoplezones.volunteering import services as volunteering
from peoplezones.volunteering.models import (
    Concern,
    ConcernStatus,
    DbsCheck,
    HelpRequest,
    Match,
    MatchStatus,
    RequestStatus,
    Visit,
)
from tests import factories

LONG_AGO = timezone.now() - timedelta(days=800)
RECENT = timezone.now() - timedelta(days=20)


@pytest.fixture
def due_and_not_due(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    zone = factories.zone_with_boundary()
    old = factories.ApplicationFactory(status=Status.DECLINED, name="Old Applicant")
    Application.objects.filter(pk=old.pk).update(status_changed_at=LONG_AGO)
    factories.ApplicationFactory(status=Status.DECLINED, name="Recent Applicant")
    factories.ApplicationFactory(status=Status.ACCEPTED, name="Accepted Applicant")
    Application.objects.filter(name="Accepted Applicant").update(status_changed_at=LONG_AGO)
    volunteer = factories.VolunteerFactory()
    factories.make_offer(zone, volunteer=volunteer)
    DbsCheck.objects.create(volunteer=volunteer, level=3, certificate_number="001234567890",
                            seen_on="2020-01-01", renew_by="2023-01-01")  # fmt: skip
    DbsCheck.objects.create(volunteer=volunteer, level=3, certificate_number="001234567891",
                            seen_on="2026-01-01", renew_by="2029-01-01")  # fmt: skip
    ended_request = factories.make_help_request(zone, name="Ended Neighbour")
    match = volunteering.confirm_match(ended_request, volunteer, by=factories.StaffFactory())
    visit = volunteering.check_in(match)
    volunteering.check_out(visit, notes="Old note")
    Match.objects.filter(pk=match.pk).update(status=MatchStatus.ENDED, ended_at=LONG_AGO)
    HelpRequest.objects.filter(pk=ended_request.pk).update(
        status=RequestStatus.CLOSED, created_at=LONG_AGO
    )
    factories.make_help_request(zone, name="Open Neighbour")
    concern = Concern.objects.create(zone=zone, what="Old worry", status=ConcernStatus.CLOSED)
    Concern.objects.filter(pk=concern.pk).update(created_at=LONG_AGO - timedelta(days=6 * 365))
    Concern.objects.create(zone=zone, what="Current worry", status=ConcernStatus.NEW)
    group = factories.make_group(zone)
    GroupMessage.objects.create(group=group, sender=volunteer, body="Old message")
    GroupMessage.objects.filter(body="Old message").update(created_at=LONG_AGO)
    GroupMessage.objects.create(group=group, sender=volunteer, body="New message")
    job = ImportJob.objects.create(
        format="csv", file=ContentFile(b"name\n", name="a.csv"), original_name="a.csv",
        status="done", finished_at=LONG_AGO,
    )  # fmt: skip
    seen = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")
    entry = audit.record(actor=volunteer, action="viewed", target=ended_request, request=seen)
    return {"job": job, "entry": entry}


def test_each_rule_erases_only_what_is_due_and_a_second_run_changes_nothing(due_and_not_due):
    run = retention.apply()
    assert run.summary["declined_applications"] == 1
    names = set(Application.objects.values_list("name", flat=True))
    assert names == {"Erased", "Recent Applicant", "Accepted Applicant"}
    assert set(HelpRequest.objects.values_list("name", flat=True)) == {"Erased", "Open Neighbour"}
    assert list(Visit.objects.values_list("notes", flat=True)) == [""]
    assert set(Concern.objects.values_list("what", flat=True)) == {"", "Current worry"}
    assert set(DbsCheck.objects.values_list("certificate_number", flat=True)) == {"",
                                                                                 "001234567891"}  # fmt: skip
    assert set(GroupMessage.objects.values_list("body", flat=True)) == {"", "New message"}
    job = ImportJob.objects.get(pk=due_and_not_due["job"].pk)
    assert not job.file
    assert run.summary["uploaded_files"] == 1
    assert AuditEvent.objects.get(pk=due_and_not_due["entry"].pk).ip_address == "203.0.113.9"
    assert register.rule("audit_addresses").run(timezone.now() + timedelta(days=40)) >= 1
    assert AuditEvent.objects.get(pk=due_and_not_due["entry"].pk).ip_address is None
    assert audit.verify().ok

    again = retention.apply()
    assert sum(again.summary.values()) == 0
    assert RetentionRun.objects.count() == 2


def test_the_command_shows_progress_and_the_total(due_and_not_due, capsys):
    call_command("apply_retention")
    out = capsys.readouterr().out
    assert f"[1/{len(register.rules())}]" in out and "Retention applied:" in out
    call_command("apply_retention")
    assert "Retention applied: 0 records." in capsys.readouterr().out
