"""Background jobs never hang: whatever goes wrong ends the job as failed, with a message a person
can act on, and deletes its uploaded file (which may hold people's details); a job whose worker
died is found and ended by `manage.py fail_stuck_jobs`. Every kind of job registered with core.jobs
is tried; a new kind fails `test_every_kind_of_job_is_tried` until it gets a case here."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from peoplezones.assets import importers
from peoplezones.assets import jobs as asset_jobs
from peoplezones.assets.models import ImportJob
from peoplezones.core import jobs
from peoplezones.outcomes import jobs as upload_jobs
from peoplezones.outcomes import services as outcome_services
from peoplezones.outcomes.models import Upload
from tests import factories

pytestmark = pytest.mark.django_db


def _import_job(status: str = "checking") -> ImportJob:
    return ImportJob.objects.create(
        format="csv", file=ContentFile(b"name,category\nA,library\n", name="a.csv"),
        original_name="a.csv", status=status, created_by=factories.StaffFactory(),
    )  # fmt: skip


def _upload(status: str = "queued") -> Upload:
    return Upload.objects.create(
        file=ContentFile(b"Crime ID,Month\n", name="2026-01-x-street.csv"),
        original_name="2026-01-x-street.csv", status=status, created_by=factories.StaffFactory(),
    )  # fmt: skip


# kind -> (make a job, break its step, run the step)
CASES = {
    asset_jobs.KIND: (
        _import_job,
        lambda monkeypatch: monkeypatch.setitem(importers.READERS, "csv", _explode),
        asset_jobs.check,
    ),
    upload_jobs.KIND: (
        _upload,
        lambda monkeypatch: monkeypatch.setattr(outcome_services, "import_police", _explode),
        upload_jobs.run,
    ),
}


def _explode(*args, **kwargs):
    raise RecursionError("maximum recursion depth exceeded")  # any failure nobody foresaw


def test_every_kind_of_job_is_tried():
    assert {kind.name for kind in jobs.kinds()} == set(CASES)


@pytest.mark.parametrize("kind", sorted(CASES))
def test_a_step_that_fails_in_any_way_ends_the_job_and_deletes_its_file(
    kind, monkeypatch, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    make, breaks, step = CASES[kind]
    job = make()
    stored = job.file.path
    breaks(monkeypatch)
    step(job)  # never raises: a worker carries on with the next task
    job.refresh_from_db()
    assert job.status == "failed"
    assert not job.file and not (tmp_path / stored).exists()
    shown = job.problems if kind == asset_jobs.KIND else job.results[-1]["problems"]
    assert "upload it again" in shown[0] and f"job {job.pk}" in shown[0]
    assert "RecursionError" not in str(shown)


@pytest.mark.parametrize("kind", sorted(CASES))
def test_the_cron_command_ends_jobs_whose_worker_died(kind, settings, tmp_path, capsys):
    settings.MEDIA_ROOT = tmp_path
    make, _breaks, _step = CASES[kind]
    stuck, recent = make(), make()
    model = type(stuck)
    long_ago = timezone.now() - timedelta(minutes=settings.PZ_JOB_STUCK_MINUTES + 1)
    model.objects.filter(pk=stuck.pk).update(created_at=long_ago)
    call_command("fail_stuck_jobs")
    assert f"{kind}: 1 stuck job(s) ended as failed." in capsys.readouterr().out
    stuck.refresh_from_db()
    recent.refresh_from_db()
    assert stuck.status == "failed" and not stuck.file
    assert recent.status != "failed" and recent.file
    call_command("fail_stuck_jobs")
    assert "No stuck jobs." in capsys.readouterr().out
