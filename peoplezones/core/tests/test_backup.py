"""Issue 9, acceptance 3: the demo backed up, restored into an empty database, every table
compared row for row; and a damaged or misdirected backup changes nothing."""

import tarfile
import time
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from peoplezones.core.backup import BackupError, Target, backup, restore, table_names


def _rows(cursor, table: str) -> list[tuple]:
    cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from the catalogue
    return sorted(cursor.fetchall(), key=repr)


@pytest.fixture
def empty_database(tmp_path):
    """The URL of a new, empty database on the same server as the tests' own."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    source = Target.parse(None)
    name = f"{source.name}_restore"
    admin = psycopg.connect(
        dbname="postgres", user=source.user, password=source.password, host=source.host,
        port=source.port or None, autocommit=True,
    )  # fmt: skip
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    auth = f"{source.user}:{source.password}@" if source.user else ""
    yield f"postgres://{auth}{source.host or 'localhost'}:{source.port or 5432}/{name}"
    for _attempt in range(10):  # autovacuum may visit the new database for a moment
        try:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            break
        except psycopg.errors.InsufficientPrivilege:
            time.sleep(0.5)
    admin.close()


@pytest.mark.django_db(transaction=True)
def test_the_demo_round_trips_table_for_table(tmp_path, settings, empty_database, capsys):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", quiet=True, verbosity=0)
    default_storage.save("toolkit/leaflet.pdf", open(__file__, "rb"))  # noqa: SIM115
    default_storage.save("imports/assets.csv", open(__file__, "rb"))  # noqa: SIM115

    call_command("backup", output=tmp_path / "demo.tar.gz")
    assert "[3/3]" in capsys.readouterr().out  # progress on the command line
    restored_media = tmp_path / "restored-media"
    call_command("restore", tmp_path / "demo.tar.gz", database_url=empty_database,
                 media_root=restored_media)  # fmt: skip

    source, target = Target.parse(None).connect(), Target.parse(empty_database).connect()
    try:
        source_cursor, target_cursor = source.cursor(), target.cursor()
        tables = table_names(source_cursor, Target.parse(None).engine)
        assert tables == table_names(target_cursor, Target.parse(None).engine)
        assert len(tables) > 90
        total = 0
        for table in tables:
            rows = _rows(source_cursor, table)
            assert rows == _rows(target_cursor, table), f"{table} differs after restore"
            total += len(rows)
        assert total > 50_000  # the demo's crimes, surveys, assets and the rest
    finally:
        source.close()
        target.close()
    for name in ("toolkit/leaflet.pdf", "imports/assets.csv"):
        assert (restored_media / name).read_bytes() == Path(__file__).read_bytes()


@pytest.mark.django_db(transaction=True)
def test_a_damaged_or_misdirected_backup_changes_nothing(tmp_path, settings, empty_database):
    settings.MEDIA_ROOT = tmp_path / "media"
    default_storage.save("a.txt", open(__file__, "rb"))  # noqa: SIM115
    good = backup(tmp_path / "good.tar.gz")

    # one byte of a member changed: refused by its checksum, before anything is touched
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(good) as src, tarfile.open(damaged, "w:gz") as out:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name == "media/a.txt":
                data = b"X" + data[1:]
            out.addfile(member, __import__("io").BytesIO(data))
    with pytest.raises(BackupError, match=r"media/a\.txt does not match its checksum"):
        restore(damaged, database_url=empty_database, media_root=tmp_path / "m1")
    assert not (tmp_path / "m1").exists()
    target = Target.parse(empty_database)
    if target.engine == "sqlite":
        assert not Path(target.name).exists()

    # not a backup at all
    (tmp_path / "junk.tar.gz").write_bytes(b"not a tar file")
    with pytest.raises(CommandError, match="not a People Zones backup"):
        call_command("restore", tmp_path / "junk.tar.gz", database_url=empty_database)

    # into a database that is not empty: refused
    if target.engine == "sqlite":
        import sqlite3

        with sqlite3.connect(target.name) as used:
            used.execute("CREATE TABLE kept (x)")
        taken = empty_database
    else:
        taken = None  # the tests' own database
    with pytest.raises(BackupError, match="restore only into an empty database"):
        restore(good, database_url=taken, media_root=tmp_path / "m2")
    assert not (tmp_path / "m2").exists()
