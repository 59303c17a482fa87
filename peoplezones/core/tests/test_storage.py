"""Uploaded files are written whole or not at all (core.storage), on any file system."""

import errno
import os

import pytest
from django.core.files.base import ContentFile

from peoplezones.core import storage


def test_a_file_is_kept_whole_under_a_free_name_and_nothing_partial_is_left(tmp_path):
    keeper = storage.WholeFileStorage(location=tmp_path)
    first = keeper.save("uploads/report.csv", ContentFile(b"a,b\n1,2\n"))
    second = keeper.save("uploads/report.csv", ContentFile("c,d\n3,4\n"))  # text is written too
    assert first == "uploads/report.csv" and second != first
    assert (tmp_path / first).read_bytes() == b"a,b\n1,2\n"
    assert (tmp_path / second).read_bytes() == b"c,d\n3,4\n"
    assert sorted(p.name for p in (tmp_path / "uploads").iterdir()) == sorted(
        [os.path.basename(first), os.path.basename(second)]
    )


def test_without_hard_links_the_file_is_renamed_into_place(tmp_path, monkeypatch):
    def refused(*_args):
        raise OSError(errno.EPERM, "Operation not permitted")  # as on some network shares

    monkeypatch.setattr(os, "link", refused)
    keeper = storage.WholeFileStorage(location=tmp_path)
    name = keeper.save("x.txt", ContentFile(b"whole"))
    assert (tmp_path / name).read_bytes() == b"whole"
    assert [p.name for p in tmp_path.iterdir()] == ["x.txt"]


def test_a_write_that_fails_part_way_leaves_nothing(tmp_path, monkeypatch):
    class Failing(ContentFile):
        def chunks(self, chunk_size=None):
            yield b"half"
            raise OSError(errno.ENOSPC, "No space left on device")

    keeper = storage.WholeFileStorage(location=tmp_path)
    with pytest.raises(OSError, match="No space"):
        keeper.save("y.txt", Failing(b"ignored", name="y.txt"))
    assert list(tmp_path.iterdir()) == []
