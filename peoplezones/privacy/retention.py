"""Retention: personal data is erased when the register's period for it ends.

`manage.py apply_retention` (cron, daily) runs every rule, logs what each did in a RetentionRun
and the audit trail, and is safe to run twice: a rule only touches rows still holding what it
erases. Periods are in days, from PZ_RETENTION_DAYS (settings).
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.db.models import Max, Q
from django.utils import timezone

from peoplezones.core import audit
from peoplezones.core.models import AuditAction
from peoplezones.privacy.models import RetentionRun
from peoplezones.privacy.register import BY_MODEL
from peoplezones.privacy.services import ERASED_NAME, erase_rows

log = logging.getLogger(__name__)

DEFAULT_DAYS = {
    "declined_applications": 365,
    "closed_help_requests": 365,
    "visit_notes": 365,
    "group_messages": 730,
    "closed_concerns": 6 * 365,
    "dbs_numbers": 365,
    "audit_addresses": 365,
    "admin_log": 365,
    "task_results": 30,
    "uploaded_files": 90,
}


def days(rule: str) -> int:
    return int(getattr(settings, "PZ_RETENTION_DAYS", {}).get(rule, DEFAULT_DAYS[rule]))


def _erase(label: str, rows: models.QuerySet) -> int:
    return erase_rows(BY_MODEL[label], rows.iterator())


def declined_applications(now: datetime) -> int:
    from peoplezones.applications.models import Application, Event, Message, Status

    done = Application.objects.filter(
        status__in=[Status.DECLINED, Status.WITHDRAWN],
        status_changed_at__lt=now - timedelta(days=days("declined_applications")),
    ).exclude(name=ERASED_NAME)
    ids = list(done.values_list("pk", flat=True))
    _erase("applications.Event", Event.objects.filter(application__in=ids).exclude(note=""))
    _erase("applications.Message", Message.objects.filter(application__in=ids).exclude(body=""))
    return _erase("applications.Application", Application.objects.filter(pk__in=ids))


def closed_help_requests(now: datetime) -> int:
    from peoplezones.volunteering.models import HelpRequest, MatchStatus, RequestStatus

    before = now - timedelta(days=days("closed_help_requests"))
    rows = (
        HelpRequest.objects.filter(status=RequestStatus.CLOSED, created_at__lt=before)
        .exclude(name=ERASED_NAME)
        .exclude(matches__status=MatchStatus.ACTIVE)
        .annotate(last_ended=Max("matches__ended_at"))
        .filter(Q(last_ended__isnull=True) | Q(last_ended__lt=before))
    )
    return _erase("volunteering.HelpRequest", rows)


def visit_notes(now: datetime) -> int:
    from peoplezones.volunteering.models import Visit

    before = now - timedelta(days=days("visit_notes"))
    return Visit.objects.filter(match__ended_at__lt=before).exclude(notes="").update(notes="")


def group_messages(now: datetime) -> int:
    from peoplezones.community.models import GroupMessage, Membership

    before = now - timedelta(days=days("group_messages"))
    return GroupMessage.objects.filter(created_at__lt=before).exclude(body="").update(
        body=""
    ) + Membership.objects.filter(created_at__lt=before).exclude(message="").update(message="")


def closed_concerns(now: datetime) -> int:
    from peoplezones.volunteering.models import Concern, ConcernStatus

    before = now - timedelta(days=days("closed_concerns"))
    rows = Concern.objects.filter(status=ConcernStatus.CLOSED, created_at__lt=before)
    return rows.exclude(what="").update(what="")


def dbs_numbers(now: datetime) -> int:
    from peoplezones.volunteering.models import DbsCheck

    before = (now - timedelta(days=days("dbs_numbers"))).date()
    rows = DbsCheck.objects.filter(renew_by__lt=before).exclude(certificate_number="")
    return rows.update(certificate_number="")


def audit_addresses(now: datetime) -> int:
    return audit.redact_ip_addresses(now - timedelta(days=days("audit_addresses")))


def admin_log(now: datetime) -> int:
    deleted, _ = LogEntry.objects.filter(
        action_time__lt=now - timedelta(days=days("admin_log"))
    ).delete()
    return deleted


def sessions(now: datetime) -> int:
    deleted, _ = Session.objects.filter(expire_date__lt=now).delete()
    return deleted


def task_results(now: datetime) -> int:
    from django_tasks_db.models import DBTaskResult

    before = now - timedelta(days=days("task_results"))
    deleted, _ = DBTaskResult.objects.filter(finished_at__lt=before).delete()
    return deleted


def uploaded_files(now: datetime) -> int:
    """Import files are kept 90 days after the import, then the file goes; its results stay."""
    from peoplezones.assets.models import ImportJob
    from peoplezones.outcomes.models import Upload

    before = now - timedelta(days=days("uploaded_files"))
    count = 0
    for model in (ImportJob, Upload):
        for row in model.objects.filter(finished_at__lt=before).exclude(file="").iterator():
            row.file.delete(save=False)
            model.objects.filter(pk=row.pk).update(file="")
            count += 1
    return count


@dataclass(frozen=True)
class Rule:
    name: str
    says: str
    run: Callable[[datetime], int]


RULES = [
    Rule("declined_applications", "Declined or withdrawn applications: contact details and "
         "answers erased", declined_applications),
    Rule("closed_help_requests", "Closed requests for help: the person's details erased",
         closed_help_requests),
    Rule("visit_notes", "Visit notes of ended matches erased", visit_notes),
    Rule("group_messages", "Messages to group organisers erased", group_messages),
    Rule("closed_concerns", "Closed safeguarding concerns: what was written erased",
         closed_concerns),
    Rule("dbs_numbers", "DBS certificate numbers of lapsed checks erased", dbs_numbers),
    Rule("audit_addresses", "IP addresses in the audit trail redacted", audit_addresses),
    Rule("admin_log", "Admin site change log entries deleted", admin_log),
    Rule("sessions", "Expired sign-in sessions deleted", sessions),
    Rule("task_results", "Finished background task records deleted", task_results),
    Rule("uploaded_files", "Uploaded import files deleted", uploaded_files),
]  # fmt: skip


def apply(
    now: datetime | None = None, progress: Callable[[Rule, int], None] | None = None
) -> RetentionRun:
    """Run every rule, each in its own transaction; log and return what was done."""
    now = now or timezone.now()
    run = RetentionRun.objects.create(started_at=timezone.now())
    summary = {}
    for rule in RULES:
        with transaction.atomic():
            summary[rule.name] = rule.run(now)
        if progress is not None:
            progress(rule, summary[rule.name])
        if summary[rule.name]:
            log.info("retention: %s: %d", rule.name, summary[rule.name])
    run.summary = summary
    run.finished_at = timezone.now()
    run.save(update_fields=["summary", "finished_at"])
    done = ", ".join(f"{name} {n}" for name, n in summary.items() if n)
    audit.record(
        actor=None, action=AuditAction.ERASED, target=run,
        detail=f"retention: {done or 'nothing due'}",
    )  # fmt: skip
    return run
