"""Running sources: each run recorded (queued, running with its progress, then loaded, unchanged
or failed with its message), one source at a time, and which sources are due a refresh."""

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from peoplezones.datasources import attribution
from peoplezones.datasources.area import Area, Source
from peoplezones.datasources.client import Client, SourceFailed
from peoplezones.datasources.models import SUCCEEDED, WORKING, RunStatus, SourceRun
from peoplezones.datasources.sources import RUNNERS, Context

logger = logging.getLogger(__name__)
REPORT_EVERY = 1.0  # seconds between progress writes


def client_for(source: Source) -> Client:
    return Client(source.title, per_second=float(source.options.get("requests_per_second", 0)))


def context_for(area: Area, source: Source, report=lambda stage, done, total: None) -> Context:
    folder = Path(settings.PZ_SOURCE_CACHE) / source.key.replace(":", "-")
    folder.mkdir(parents=True, exist_ok=True)
    last = last_success(source.key)
    return Context(area=area, source=source, client=client_for(source), folder=folder,
                   last_digest=last.digest if last else "", report=report)  # fmt: skip


def last_success(key: str) -> SourceRun | None:
    return SourceRun.objects.filter(source=key, status__in=SUCCEEDED).first()


def queue(key: str, trigger: str) -> SourceRun | None:
    """A new run of the source, or None when one is already waiting or running (the database
    allows one at a time, so two asking at once cannot both start)."""
    try:
        with transaction.atomic():
            return SourceRun.objects.create(source=key, trigger=trigger)
    except IntegrityError:
        return None


def execute(area: Area, run: SourceRun, report=None) -> SourceRun:
    """Fetch and load one source for ``run``; the run ends loaded, unchanged or failed."""
    source = area.sources.get(run.source)
    run.status, run.started_at = RunStatus.RUNNING, timezone.now()
    run.save(update_fields=["status", "started_at"])
    if source is None:
        return _end(
            run, RunStatus.FAILED, message=f"{run.source}: the area file no longer has this source."
        )
    last_write = [0.0]

    def progress(stage: str, done: int, total: int) -> None:
        if report:
            report(stage, done, total)
        now = time.monotonic()
        if now - last_write[0] >= REPORT_EVERY or (total and done >= total):
            last_write[0] = now
            SourceRun.objects.filter(pk=run.pk).update(stage=stage[:200], done=done, total=total)

    context = context_for(area, source, progress)
    try:
        outcome = RUNNERS[source.kind](context)
    except SourceFailed as failed:
        return _end(run, RunStatus.FAILED, message=str(failed))
    except Exception:  # a defect, not the publisher: logged in full, said plainly
        logger.exception("Source %s failed", run.source)
        return _end(run, RunStatus.FAILED, message=(
            f"{source.title}: something went wrong on our side (logged as run {run.pk}); nothing "
            "was changed. If it happens again, tell the platform's maintainers."))  # fmt: skip
    # No change: what is held is what was last loaded.
    digest = outcome.digest or (context.last_digest if outcome.unchanged else "")
    return _end(
        run, RunStatus.UNCHANGED if outcome.unchanged else RunStatus.DONE,
        rows=outcome.rows, changed=outcome.changed[:500], version=outcome.version[:300],
        digest=digest, problems="\n".join(outcome.problems or []),
    )  # fmt: skip


def _end(run: SourceRun, status: str, **fields: object) -> SourceRun:
    run.status, run.finished_at = status, timezone.now()
    for name, value in fields.items():
        setattr(run, name, value)
    run.stage = ""
    run.save()
    attribution.forget_loaded()
    return run


def run_now(area: Area, key: str, trigger: str, report=None) -> SourceRun | None:
    """Run the source here and now (None when another run of it is under way)."""
    run = queue(key, trigger)
    return execute(area, run, report) if run else None


def due(area: Area, now: datetime | None = None) -> list[Source]:
    """Sources never loaded, or whose refresh interval has passed since the last success, and
    not already waiting or running."""
    now = now or timezone.now()
    working = set(SourceRun.objects.filter(status__in=WORKING).values_list("source", flat=True))
    result = []
    for source in area.ordered:
        if source.key in working:
            continue
        last = last_success(source.key)
        if last is None or last.finished_at + timedelta(days=source.refresh_days) <= now:
            result.append(source)
    return result


def end_stuck(now: datetime | None = None) -> int:
    """Runs still 'running' long after they started: their worker died. Each is ended as failed
    (the source's transaction was never committed, so nothing of it was stored)."""
    cutoff = (now or timezone.now()) - timedelta(minutes=settings.PZ_JOB_STUCK_MINUTES)
    return SourceRun.objects.filter(status__in=WORKING, queued_at__lt=cutoff).update(
        status=RunStatus.FAILED, finished_at=timezone.now(), stage="",
        message="The run stopped without finishing (its worker may have stopped); nothing of it "
        "was stored. It will be tried again at the next refresh.",
    )  # fmt: skip


@dataclass
class State:
    source: Source
    last: SourceRun | None  # the latest run, whatever its end
    success: SourceRun | None  # the latest that loaded or found no change
    next_due: datetime | None

    @property
    def error(self) -> str:
        """The latest failure, when nothing has succeeded since."""
        if self.last and self.last.status == RunStatus.FAILED:
            return self.last.message
        return ""


def states(area: Area) -> list[State]:
    """Each source's latest run and latest success (two indexed reads a source: a yearly source's
    last success may be far behind the daily runs of others)."""
    result = []
    for source in area.ordered:
        runs = SourceRun.objects.filter(source=source.key)
        last = runs.first()
        success = last if last and last.status in SUCCEEDED else last_success(source.key)
        next_due = success.finished_at + timedelta(days=source.refresh_days) if success else None
        result.append(State(source, last, success, next_due))
    return result
