"""Import jobs: check a stored upload (preview or refusal with every problem), then apply it.
Both steps report progress on the job row, which the page and the command line read."""

from collections.abc import Callable
from pathlib import Path

from django.db.models import QuerySet
from django.utils import timezone

from peoplezones.assets import importers, points, services
from peoplezones.assets.importers import FileRefused, Parsed
from peoplezones.assets.models import Asset, ImportFormat, ImportJob, JobStatus
from peoplezones.assets.permissions import editable_assets
from peoplezones.core import jobs
from peoplezones.zones.permissions import zones_managed_by

MAX_SHOWN_PROBLEMS = 200


def _reporter(job: ImportJob, phase: str) -> Callable[[int, int], None]:
    def report(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(
            rows_done=done, rows_total=max(total, done), phase=phase
        )

    return report


def parse(
    fmt: str, path: Path, name: str, progress: Callable[[int, int], None] | None = None
) -> Parsed:
    if fmt == ImportFormat.OSM_PBF:
        return importers.read_osm_pbf(path, name, progress)
    return importers.READERS[fmt](path.read_bytes(), name, progress)


def _discard_file(job: ImportJob) -> None:
    """An upload may hold people's details: once the job has ended, only its summary is kept."""
    if job.file:
        job.file.delete(save=False)


def _refuse(job: ImportJob, problems: list[str]) -> ImportJob:
    _discard_file(job)
    job.status = JobStatus.REFUSED
    job.problems = problems[:MAX_SHOWN_PROBLEMS]
    job.result = {"problem_count": len(problems)}
    job.finished_at = timezone.now()
    job.save()
    return job


def _read(job: ImportJob, phase: str) -> Parsed | points.ParsedPoints:
    path = Path(job.file.path)
    report = _reporter(job, phase)
    if job.format == ImportFormat.POINTS:
        return points.read_points(path.read_bytes(), job.original_name, report)
    return parse(job.format, path, job.original_name, report)


KIND = "assets.import"


def fail(job: ImportJob, message: str) -> None:
    """End a job as failed: nothing imported, the message shown, the file deleted."""
    _discard_file(job)
    job.status, job.phase = JobStatus.FAILED, ""
    job.problems = [message]
    job.finished_at = timezone.now()
    job.save()


def check(job: ImportJob) -> ImportJob:
    """Read the file and store a preview, or refuse it listing every problem found; whatever
    else happens ends the job as failed (core.jobs)."""
    with jobs.ending(job, KIND):
        _check(job)
    return job


def _check(job: ImportJob) -> ImportJob:
    job.status, job.phase = JobStatus.CHECKING, "checking"
    job.save(update_fields=["status", "phase"])
    try:
        parsed = _read(job, "checking")
    except FileRefused as error:
        return _refuse(job, [str(error)])
    if parsed.problems:
        return _refuse(job, [str(p) for p in parsed.problems])
    if isinstance(parsed, points.ParsedPoints):
        job.preview = {
            "points": len(parsed.counts),
            "total": int(sum(parsed.counts)),
            "unit": "residents" if parsed.has_counts else "postcodes",
            "terminated": parsed.terminated,
            "unlocated": parsed.unlocated,
        }
    else:
        try:
            job.preview = services.preview(parsed, scope=scope(job))
        except services.OutsideScope as outside:
            return _refuse(job, [str(p) for p in outside.problems])
    job.status, job.phase = JobStatus.PREVIEWED, ""
    job.rows_total = job.rows_done = _finished_count(job)
    job.save()
    return job


def scope(job: ImportJob) -> QuerySet[Asset]:
    """What this job may change: what its uploader may edit, as they may now (the run checks
    again); nothing if they no longer manage the Zone the records are to be looked after by."""
    person = job.created_by
    if person is None or (
        job.zone_id and not zones_managed_by(person).filter(pk=job.zone_id).exists()
    ):
        return Asset.objects.none()
    return editable_assets(person)


def _finished_count(job: ImportJob) -> int:
    """Progress reported while working is on the row, not on this object: read it back."""
    reported = ImportJob.objects.values_list("rows_total", flat=True).get(pk=job.pk)
    return max(reported, 1)


def run(job: ImportJob) -> ImportJob:
    """Apply a previewed file. The file is read again: what is written is what the file says now,
    and if it cannot be applied nothing is (whatever goes wrong ends the job as failed)."""
    with jobs.ending(job, KIND):
        _run(job)
    return job


def _run(job: ImportJob) -> ImportJob:
    job.status, job.phase, job.rows_done = JobStatus.RUNNING, "reading", 0
    job.save(update_fields=["status", "phase", "rows_done"])
    try:
        parsed = _read(job, "reading")
        if parsed.problems:
            return _refuse(job, [str(p) for p in parsed.problems])
        ImportJob.objects.filter(pk=job.pk).update(phase="saving")
        if isinstance(parsed, points.ParsedPoints):
            point_set = points.store_points(
                parsed, name=job.point_set_name, source_note=job.original_name
            )
            job.result = {
                "points": point_set.point_count,
                "total": point_set.total,
                "unit": point_set.unit,
            }
        else:
            outcome = services.apply_rows(
                parsed, scope=scope(job), user=job.created_by, steward_zone=job.zone
            )
            job.result = {**outcome.as_dict(), "skipped": parsed.skipped}
    except FileRefused as error:
        return _refuse(job, [str(error)])
    except services.OutsideScope as outside:
        return _refuse(job, [str(p) for p in outside.problems])
    _discard_file(job)
    job.status, job.phase, job.finished_at = JobStatus.DONE, "", timezone.now()
    job.rows_total = job.rows_done = _finished_count(job)
    job.save()
    return job
