"""The disk full while an upload or a backup is written: a clear error, nothing half-written and
nothing else changed. The disk is a real one that fills: a tmpfs of a few hundred kilobytes
mounted for the test (root only, as in CI)."""

import hashlib
import os
import shutil
import subprocess  # nosec B404 # mount and umount with argument lists
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from peoplezones.core import backup
from peoplezones.outcomes.models import Upload
from tests import factories

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        os.geteuid() != 0 or not shutil.which("mount"), reason="mounting a small disk needs root"
    ),
]


@pytest.fixture
def small_disk(tmp_path):
    where = tmp_path / "disk"
    where.mkdir()
    mounted = subprocess.run(  # nosec B603 B607 # noqa: S603 - fixed arguments
        [shutil.which("mount"), "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(where)],
        capture_output=True, check=False,
    )  # fmt: skip
    if mounted.returncode:
        pytest.skip(f"cannot mount a small disk here: {mounted.stderr.decode().strip()}")
    try:
        yield where
    finally:
        subprocess.run([shutil.which("umount"), str(where)], check=False)  # nosec B603 # noqa: S603


def _files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_an_upload_to_a_full_disk_says_so_and_keeps_nothing(small_disk, settings, staff_client):
    settings.MEDIA_ROOT = small_disk
    kept = small_disk / "kept.txt"
    kept.write_bytes(b"an earlier upload\n")
    big = SimpleUploadedFile("2024-03-leicestershire-street.csv", b"x" * 600_000)
    answer = staff_client.post("/outcomes/police/", {"file": big})
    assert answer.status_code == 507
    assert "The server has no room to keep your file" in answer.content.decode()
    assert "nothing else was changed" in answer.content.decode()
    assert Upload.objects.count() == 0
    assert _files(small_disk) == ["kept.txt"]  # no partial file beside it
    assert kept.read_bytes() == b"an earlier upload\n"


def test_a_file_that_fits_is_written_whole(small_disk, settings, staff_client):
    settings.MEDIA_ROOT = small_disk
    data = b"Crime ID,Month\n" * 1000
    answer = staff_client.post(
        "/outcomes/police/", {"file": SimpleUploadedFile("2024-03-leicestershire-street.csv", data)}
    )
    assert answer.status_code == 302
    (stored,) = [p for p in small_disk.rglob("*") if p.is_file()]
    assert stored.read_bytes() == data and not stored.name.startswith(".partial-")


@pytest.mark.django_db(transaction=True)  # a backup reads the database as another session would
def test_a_backup_to_a_full_disk_says_so_and_leaves_earlier_backups(small_disk, tmp_path):
    factories.UserFactory.create_batch(3)
    earlier = small_disk / "peoplezones-earlier.tar.gz"
    earlier.write_bytes(os.urandom(150_000))
    digest = hashlib.sha256(earlier.read_bytes()).hexdigest()
    media = tmp_path / "media"
    media.mkdir()
    (media / "photo.jpg").write_bytes(os.urandom(300_000))  # does not compress: cannot fit
    with pytest.raises(backup.BackupError, match="No space left on the disk holding"):
        backup.backup(small_disk / "peoplezones-new.tar.gz", media_root=media)
    assert _files(small_disk) == ["peoplezones-earlier.tar.gz"]
    assert hashlib.sha256(earlier.read_bytes()).hexdigest() == digest
