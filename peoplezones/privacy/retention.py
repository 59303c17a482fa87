"""Retention: personal data is erased when the register's period for it ends.

Each app registers its rules with the register (privacy.register.Rule); `manage.py
apply_retention` (cron, daily) runs every rule with its cut-off (now less the rule's days, from
PZ_RETENTION_DAYS or the rule's default: the same number the register page prints), logs what
each did in a RetentionRun and the audit trail, and is safe to run twice: a rule only touches rows
still holding what it erases.
"""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from peoplezones.core import audit
from peoplezones.core.models import AuditAction
from peoplezones.privacy import register
from peoplezones.privacy.models import RetentionRun
from peoplezones.privacy.register import Rule

log = logging.getLogger(__name__)


def cutoff(rule: Rule, now: datetime) -> datetime:
    """Records older than this are due: now less the rule's days (now, for a rule without)."""
    days = rule.days()
    return now if days is None else now - timedelta(days=days)


def apply(
    now: datetime | None = None, progress: Callable[[Rule, int], None] | None = None
) -> RetentionRun:
    """Run every rule, each in its own transaction; log and return what was done."""
    now = now or timezone.now()
    run = RetentionRun.objects.create(started_at=timezone.now())
    summary = {}
    for rule in register.rules():
        with transaction.atomic():
            summary[rule.name] = rule.run(cutoff(rule, now))
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
