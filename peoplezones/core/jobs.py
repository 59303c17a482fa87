"""Background jobs that always end. A job's step runs inside `ending()`: whatever goes wrong, the
job is marked failed with a message a person can act on, and its uploaded file (which may hold
people's details) is deleted. Apps register each kind of job here, so `manage.py fail_stuck_jobs`
(cron) can also end jobs whose worker died mid-way; core knows no app's models."""

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from peoplezones.core.models import JobBeat

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
    worker or a web request carries on). While it runs, its worker's heartbeat is kept."""
    try:
        with _beating(kind, job.pk):
            yield
    except Exception:
        logger.exception("Background job %s %s failed", kind, job.pk)
        try:
            _KINDS[kind].fail(job, failure_message(job))
        except Exception:  # the database itself may be what failed: cron will end it later
            logger.exception("Could not mark job %s %s as failed", kind, job.pk)


@contextmanager
def _beating(kind: str, job_id: int) -> Iterator[None]:
    """A thread writing the job's beat every PZ_JOB_HEARTBEAT_SECONDS on its own connection
    (the job's own transaction, which may hold the job's row, never holds the beat back), and
    the beat removed when the step ends, however it ends. A worker killed mid-way leaves its
    last beat behind, which is how `fail_stuck` and the job's page know it died.

    On SQLite a second connection cannot write while a job's transaction holds the database, so
    no beat is kept there: a stopped job is found by its age alone."""
    if connection.vendor == "sqlite":
        yield
        return
    stop = threading.Event()

    def beat() -> None:
        try:
            while True:
                JobBeat.objects.update_or_create(
                    kind=kind, job_id=job_id, defaults={"beat_at": timezone.now()}
                )
                if stop.wait(settings.PZ_JOB_HEARTBEAT_SECONDS):
                    break
        except Exception:  # a lost beat is found as silence; never stop the job over it
            logger.exception("Heartbeat of job %s %s stopped", kind, job_id)
        finally:
            JobBeat.objects.filter(kind=kind, job_id=job_id).delete()
            connection.close()  # this thread's own connection

    beating = threading.Thread(target=beat, name=f"beat-{kind}-{job_id}", daemon=True)
    beating.start()
    try:
        yield
    finally:
        stop.set()
        beating.join()


def _silent_beats(kind: str, now: Any = None) -> Any:
    """Beats of ``kind`` older than PZ_JOB_SILENT_SECONDS (one is written every
    PZ_JOB_HEARTBEAT_SECONDS): workers that stopped beating."""
    cutoff = (now or timezone.now()) - timedelta(seconds=settings.PZ_JOB_SILENT_SECONDS)
    return JobBeat.objects.filter(kind=kind, beat_at__lt=cutoff)


def _end_silent(kind: JobKind, job: Model) -> None:
    kind.fail(job, worker_stopped_message())
    JobBeat.objects.filter(kind=kind.name, job_id=job.pk).delete()


def worker_stopped_message() -> str:
    return _(
        "The background worker stopped while working on this file (it may have been restarted), "
        "so what it was loading was not saved: each file is saved whole or not at all. Upload "
        "the file again."
    )


def settle(job: Model, kind: str) -> bool:
    """End ``job`` as failed (the object itself, as a kind's `fail` does) if its worker died
    while working on it (its beat has gone silent); a page showing the job calls this, so it
    says so at once. True when it was ended."""
    registered = _KINDS[kind]
    if getattr(job, "status", None) not in registered.working:
        return False
    if not _silent_beats(kind).filter(job_id=job.pk).exists():
        return False
    _end_silent(registered, job)
    return True


def stuck_after() -> timedelta:
    return timedelta(minutes=settings.PZ_JOB_STUCK_MINUTES)


def fail_stuck(now: Any = None) -> dict[str, int]:
    """End every job still 'working' whose worker died while working on it (its beat went
    silent), or long after it started (its worker died, or none ran it)."""
    cutoff = (now or timezone.now()) - stuck_after()
    ended: dict[str, int] = {}
    for kind in kinds():
        silent_ids = list(_silent_beats(kind.name, now).values_list("job_id", flat=True))
        for job in kind.model.objects.filter(status__in=kind.working, pk__in=silent_ids):
            _end_silent(kind, job)
            ended[kind.name] = ended.get(kind.name, 0) + 1
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
