"""The task worker killed (SIGKILL, as a crash or an out-of-memory kill would) in the middle of a
police import, an asset import and a group's calendar import, on PostgreSQL: nothing from the
file is half-stored, and the job's page says what became of it. Police and asset uploads end as
failed once the worker's heartbeat falls silent (core.jobs); a calendar is read again whole at
the next refresh (resumed).

A real worker (`manage.py db_worker`) runs the queued job against the test database; the test
waits until the worker's transaction has written rows, then kills it."""

import http.server
import os
import random
import signal
import subprocess  # nosec B404 # runs our own worker with an argument list
import sys
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from peoplezones.assets import tasks as asset_tasks
from peoplezones.assets.models import Asset, ImportFormat, ImportJob, JobStatus
from peoplezones.community.models import Event
from peoplezones.community.tasks import refresh_calendars
from peoplezones.core.models import JobBeat
from peoplezones.outcomes.generate import street_csv
from peoplezones.outcomes.models import Batch, Crime, UploadStatus
from peoplezones.outcomes.tasks import start_upload
from tests import background, factories

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a worker process on PostgreSQL"),
]
BEAT, SILENT = 0.3, 1.5  # seconds: the worker's heartbeat, and the silence that means it died


@pytest.fixture
def queued(settings):
    """Tasks queued in the database for a worker, as in production."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.PZ_JOB_HEARTBEAT_SECONDS, settings.PZ_JOB_SILENT_SECONDS = BEAT, SILENT
    settings.PZ_FETCH_ALLOW_NETWORKS = ["127.0.0.0/8"]
    return settings


@contextmanager
def worker(settings, log: Path):
    env = dict(
        os.environ, DATABASE_URL=background.database_url(), PZ_VAR_DIR=str(Path(settings.MEDIA_ROOT).parent),
        PZ_TASKS_BACKEND="django_tasks_db.DatabaseBackend", DJANGO_SETTINGS_MODULE="peoplezones.settings",
        PZ_JOB_HEARTBEAT_SECONDS=str(BEAT), PZ_JOB_SILENT_SECONDS=str(SILENT),
        PZ_FETCH_ALLOW_NETWORKS="127.0.0.0/8", OPENBLAS_NUM_THREADS="1",
    )  # fmt: skip
    with log.open("w") as out:
        process = subprocess.Popen(  # nosec B603 # noqa: S603 - our worker, fixed arguments
            [sys.executable, str(ROOT / "manage.py"), "db_worker", "--interval", "0.1",
             "--no-startup-delay", "--no-reload"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            yield process
        finally:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=30)


def _writing(table: str) -> bool:
    """Whether another session's open transaction has written and is working on ``table``."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL AND query ILIKE %s",
            [f"%{table}%"],
        )
        return cursor.fetchone()[0] > 0


def _kill_while_writing(process, table: str, log: Path, within: float = 90) -> None:
    deadline = time.monotonic() + within
    while not _writing(table):
        assert process.poll() is None, log.read_text()[-3000:]
        assert time.monotonic() < deadline, (
            "the worker never began writing:\n" + log.read_text()[-3000:]
        )
        time.sleep(0.01)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    # The server notices the lost connection and rolls its transaction back.
    deadline = time.monotonic() + 30
    while _writing(table):
        assert time.monotonic() < deadline
        time.sleep(0.05)


def _partitions() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_class WHERE relname LIKE 'outcomes_crime_b%%'")
        return cursor.fetchone()[0]


def test_a_police_import_killed_mid_way_stores_nothing_and_says_it_failed(queued, tmp_path):
    staff = factories.StaffFactory()
    rng = random.Random(3)
    places = [(-1.2 + rng.random() / 5, 52.6 + rng.random() / 5, f"E01{i:06d}", f"Area {i}")
              for i in range(3000)]  # fmt: skip
    data = street_csv(month=date(2024, 3, 1), force_name="Leicestershire Police", rows=300_000,
                      places=places, rng=rng)  # fmt: skip
    log = tmp_path / "worker.log"
    with worker(queued, log) as process:
        upload = start_upload(
            file=SimpleUploadedFile("2024-03-leicestershire-street.csv", data), by=staff
        )
        _kill_while_writing(process, "outcomes_crime", log)
    assert Batch.objects.count() == 0 and Crime.objects.count() == 0 and _partitions() == 0
    upload.refresh_from_db()
    assert upload.status == UploadStatus.RUNNING  # as the worker left it
    time.sleep(SILENT + 0.2)
    client = Client()
    client.force_login(staff)
    page = client.get(f"/outcomes/police/{upload.pk}/")
    upload.refresh_from_db()
    assert upload.status == UploadStatus.FAILED and not JobBeat.objects.exists()
    assert "The background worker stopped while working on this file" in page.content.decode()
    assert not upload.file  # the uploaded file goes with the job, as with any failure


def test_an_asset_import_killed_mid_way_stores_nothing_and_says_it_failed(queued, tmp_path):
    manager = factories.StaffFactory()
    rows = ["name,category,latitude,longitude,visibility"] + [
        f"Place {i},library,{52.6 + i / 1e6:.6f},{-1.15 - i / 1e6:.6f},public" for i in range(3_000)
    ]
    job = ImportJob.objects.create(
        format=ImportFormat.CSV, file=SimpleUploadedFile("places.csv", "\n".join(rows).encode()),
        original_name="places.csv", status=JobStatus.QUEUED, created_by=manager,
    )  # fmt: skip
    log = tmp_path / "worker.log"
    with worker(queued, log) as process:
        asset_tasks.start(job, "run")
        _kill_while_writing(process, "assets_asset", log)
    assert Asset.objects.count() == 0
    time.sleep(SILENT + 0.2)
    client = Client()
    client.force_login(manager)
    page = client.get(f"/assets/import/{job.pk}/")
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "The background worker stopped while working on this file" in page.content.decode()


class Calendar(http.server.BaseHTTPRequestHandler):
    body = b""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/calendar; charset=utf-8")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


def _calendar(events: int) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//Faults//EN"]
    for i in range(events):
        day = 1 + i % 28
        lines += ["BEGIN:VEVENT", f"UID:session-{i}@example.org", "DTSTAMP:20261101T090000Z",
                  f"DTSTART:2027{1 + i // 28 % 12:02d}{day:02d}T{9 + i % 8:02d}0000Z",
                  f"DTEND:2027{1 + i // 28 % 12:02d}{day:02d}T{10 + i % 8:02d}0000Z",
                  f"SUMMARY:Session {i}", "END:VEVENT"]  # fmt: skip
    return ("\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n").encode()


def test_a_calendar_import_killed_mid_way_stores_nothing_and_is_read_again(queued, tmp_path):
    Calendar.body = _calendar(600)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Calendar)
    background.serve(server)
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/group.ics"
        group = factories.make_group(calendar_url=url)
        log = tmp_path / "worker.log"
        with worker(queued, log) as process:
            refresh_calendars.enqueue()
            _kill_while_writing(process, "community_event", log)
        group.refresh_from_db()
        assert group.events.count() == 0 and group.calendar_checked_at is None
        organiser = factories.UserFactory()
        group.organisers.add(organiser)
        client = Client()
        client.force_login(organiser)
        assert "last read" not in client.get(group.get_absolute_url()).content.decode()
        # The next refresh (the cron's, or a restarted worker's) reads it again, whole.
        with worker(queued, tmp_path / "again.log"):
            refresh_calendars.enqueue()
            deadline = time.monotonic() + 120
            while Event.objects.filter(group=group).count() < 600 or not (
                type(group).objects.get(pk=group.pk).calendar_checked_at
            ):
                assert time.monotonic() < deadline, (tmp_path / "again.log").read_text()[-3000:]
                time.sleep(0.2)
        assert "last read" in client.get(group.get_absolute_url()).content.decode()
    finally:
        server.shutdown()
        server.server_close()
