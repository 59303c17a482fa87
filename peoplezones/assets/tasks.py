"""Background steps of an import (django-tasks): run at once in development and tests, queued for
a worker in production so long files never hold a web request."""

from django.db import transaction
from django_tasks import task

from peoplezones.assets import jobs
from peoplezones.assets.models import ImportJob


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
