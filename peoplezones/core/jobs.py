"""Background jobs that always end. A job's step runs inside `ending()`: whatever goes wrong, the
job is marked failed with a message a person can act on, and its uploaded file (which may hold
people's details) is deleted. Apps register each kind of job here, so `manage.py fail_stuck_jobs`
(cron) can also end jobs whose worker died mid-way; core knows no app's models."""

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobKind:
    """One kind of background job: its model, the statuses that mean 'still working', the field
    holding when it started, and how to end one as failed (status, message, file deleted)."""

    name: str
    model: type[Model]
    working: tuple[str, ...]
    started_field: str
    fail: Callable[[Any, str], None]
    file_field: str = "file"  # the uploaded file, deleted when the retention period ends
    finished_field: str = "finished_at"


_KINDS: dict[str, JobKind] = {}


def register(kind: JobKind) -> None:
    _KINDS[kind.name] = kind


def kinds() -> list[JobKind]:
    return list(_KINDS.values())


def failure_message(job: Model) -> str:
    return _(
        "Something went wrong while working on this file, so nothing from it was saved. It has "
        "been logged for the programme team (job %(id)s). Check the file and upload it again; "
        "if the same happens, contact the programme team."
    ) % {"id": job.pk}


@contextmanager
def ending(job: Model, kind: str) -> Iterator[None]:
    """Run one step of ``job``: any exception ends it as failed (logged, never re-raised, so a
    worker or a web request carries on)."""
    try:
        yield
    except Exception:
        logger.exception("Background job %s %s failed", kind, job.pk)
        try:
            _KINDS[kind].fail(job, failure_message(job))
        except Exception:  # the database itself may be what failed: cron will end it later
            logger.exception("Could not mark job %s %s as failed", kind, job.pk)


def stuck_after() -> timedelta:
    return timedelta(minutes=settings.PZ_JOB_STUCK_MINUTES)


def fail_stuck(now: Any = None) -> dict[str, int]:
    """End every job still 'working' long after it started (its worker died, or none ran it)."""
    cutoff = (now or timezone.now()) - stuck_after()
    ended: dict[str, int] = {}
    for kind in kinds():
        jobs = kind.model.objects.filter(
            status__in=kind.working, **{f"{kind.started_field}__lt": cutoff}
        )
        for job in jobs:
            kind.fail(
                job,
                _(
                    "This file was still being worked on %(hours)s hours after it was uploaded, "
                    "so it was stopped and nothing from it was saved (the background worker may "
                    "have stopped). Upload the file again."
                )
                % {"hours": f"{stuck_after().total_seconds() / 3600:g}"},
            )
            ended[kind.name] = ended.get(kind.name, 0) + 1
    return ended
