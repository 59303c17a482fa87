"""Background steps of an import (django-tasks): run at once in development and tests, queued for
a worker in production so long files never hold a web request."""

from django.db import transaction
from django_tasks import task

from peoplezones.assets import jobs
from peoplezones.assets.models import ImportFormat, ImportJob, JobStatus
from peoplezones.core import storage


@task()
def check_import(job_id: int) -> None:
    jobs.check(ImportJob.objects.get(pk=job_id))


@task()
def run_import(job_id: int) -> None:
    jobs.run(ImportJob.objects.get(pk=job_id))


def start(job: ImportJob, step: str) -> None:
    """Queue the step once the job row is committed (the worker must be able to read it)."""
    task = check_import if step == "check" else run_import
    transaction.on_commit(lambda: task.enqueue(job.pk))


def start_import(
    *, file: object, format: str, by: object, zone: object = None, point_set_name: str = ""
) -> ImportJob:
    """The one way an import starts (assets, or residential points): the file is kept, then
    checked in the background; the person sees the preview before anything changes."""
    with storage.kept(ImportJob, "file", file) as name:
        job = ImportJob.objects.create(
            format=format, file=name, original_name=file.name[:255], zone=zone,
            point_set_name=point_set_name if format == ImportFormat.POINTS else "",
            status=JobStatus.CHECKING, created_by=by,
        )  # fmt: skip
    start(job, "check")
    return job


def queue_import(job: ImportJob) -> bool:
    """The person confirmed the preview: the import is queued (False when it is no longer
    waiting for confirmation: imported already, or refused)."""
    queued = ImportJob.objects.filter(pk=job.pk, status=JobStatus.PREVIEWED).update(
        status=JobStatus.QUEUED
    )
    if queued:
        job.status = JobStatus.QUEUED
        start(job, "run")
    return bool(queued)
