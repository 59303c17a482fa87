"""Backups of the database and uploaded files, and their restore into an empty server.

A backup is one .tar.gz: `manifest.json` (when, which engine, the migrations applied, every
table's row count, a SHA-256 of every other member), the database in its engine's own format
(SQLite's online backup; PostgreSQL's pg_dump custom format, taken in the same snapshot as the
row counts) and the uploaded files under `media/`.

Restore checks everything before it changes anything: every checksum, the engine, that the
target database has no tables and that no uploaded file would be overwritten. PostgreSQL is
restored in one transaction; SQLite by moving a complete file into place. Afterwards every
table's row count is compared with the manifest.
"""

import errno
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess  # nosec B404 # runs pg_dump/pg_restore with argument lists, never a shell
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dj_database_url
import psycopg
from django.conf import settings
from django.db import connections
from django.utils import timezone

FORMAT = 1
Say = Callable[[str], None]


class BackupError(Exception):
    """A backup that cannot be made or restored; the message says why."""


@dataclass(frozen=True)
class Target:
    engine: str  # "sqlite" or "postgresql"
    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""

    @classmethod
    def parse(cls, url: str | None) -> "Target":
        config: dict[str, Any] = (
            dj_database_url.parse(url) if url else connections["default"].settings_dict
        )
        engine = config["ENGINE"].rsplit(".", 1)[-1]
        if engine == "sqlite3":
            return cls("sqlite", str(config["NAME"]))
        if engine != "postgresql":
            raise BackupError(f"Backups support SQLite and PostgreSQL, not {engine}.")
        return cls(
            "postgresql", str(config["NAME"]), str(config.get("USER") or ""),
            str(config.get("PASSWORD") or ""), str(config.get("HOST") or ""),
            str(config.get("PORT") or ""),
        )  # fmt: skip

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            PGDATABASE=self.name, PGUSER=self.user, PGPASSWORD=self.password, PGHOST=self.host,
            PGPORT=self.port,
        )  # fmt: skip
        return {key: value for key, value in env.items() if value}

    def connect(self) -> Any:
        if self.engine == "sqlite":
            return sqlite3.connect(self.name, uri=self.name.startswith("file:"))

        return psycopg.connect(
            dbname=self.name, user=self.user or None, password=self.password or None,
            host=self.host or None, port=self.port or None,
        )  # fmt: skip


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_names(cursor: Any, engine: str) -> list[str]:
    if engine == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    else:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname"
        )
    return [row[0] for row in cursor.fetchall()]


def row_counts(cursor: Any, engine: str) -> dict[str, int]:
    counts = {}
    for table in table_names(cursor, engine):
        # Table names come from the database's own catalogue, quoted.
        sql = f"SELECT COUNT(*) FROM {_quote(table)}"  # nosec B608 # noqa: S608 - quoted catalogue name
        cursor.execute(sql)
        counts[table] = int(cursor.fetchone()[0])
    return counts


def _migrations(cursor: Any) -> list[list[str]]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [list(row) for row in cursor.fetchall()]


def _sqlite_source(source: Target) -> Any:
    """The live SQLite database: Django's own connection when it is the default (so a test's
    in-memory database is seen), else a new one."""
    default = connections["default"]
    if default.vendor == "sqlite" and str(default.settings_dict["NAME"]) == source.name:
        default.ensure_connection()
        return default.connection, False
    return source.connect(), True


def _dump_database(source: Target, folder: Path, say: Say) -> tuple[str, dict, list]:
    if source.engine == "sqlite":
        live, own = _sqlite_source(source)
        path = folder / "database.sqlite3"
        copy = sqlite3.connect(path)
        try:
            live.backup(copy)
            cursor = copy.cursor()
            counts, migrations = row_counts(cursor, "sqlite"), _migrations(cursor)
        finally:
            copy.close()
            if own:
                live.close()
        return path.name, counts, migrations
    path = folder / "database.pgdump"
    with source.connect() as conn:
        # One snapshot for the counts and pg_dump, so the manifest describes exactly the dump.
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        cursor = conn.cursor()
        counts, migrations = row_counts(cursor, "postgresql"), _migrations(cursor)
        say(f"  pg_dump of {sum(counts.values()):,} rows in {len(counts)} tables")
        # The server's own client tools, found on PATH; a fixed argument list, no shell.
        command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                   f"--snapshot={snapshot}", f"--file={path}"]  # fmt: skip
        done = subprocess.run(  # nosec B603 # noqa: S603
            command, env=source.env(), capture_output=True, text=True, check=False
        )
        conn.rollback()
    if done.returncode:
        if "No space left on device" in done.stderr:
            raise _DiskFull(done.stderr)
        raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
    return path.name, counts, migrations


def _media_files(root: Path) -> Iterator[Path]:
    if root.exists():
        for path in sorted(root.rglob("*")):
            if path.is_file():
                yield path


def backup(
    output: Path | None = None, *, database_url: str | None = None,
    media_root: Path | None = None, say: Say = lambda _line: None,
) -> Path:  # fmt: skip
    """Write a backup and return its path."""
    source = Target.parse(database_url)
    media = Path(media_root or settings.MEDIA_ROOT)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    output = Path(output or Path(settings.VAR_DIR) / "backups" / f"peoplezones-{stamp}.tar.gz")
    output.parent.mkdir(parents=True, exist_ok=True)
    try:
        _write_backup(output, source, media, say)
    except (OSError, sqlite3.OperationalError, _DiskFull) as error:
        if not _disk_full(error):
            raise
        # The partial archive went with its temporary folder; earlier backups are untouched.
        raise BackupError(
            f"No space left on the disk holding {output.parent}: the backup was not written, "
            "and earlier backups are as they were. Free some space (or name another place with "
            "--output) and run it again."
        ) from None
    return output


class _DiskFull(Exception):
    """pg_dump could not write its file: no space left."""


def _disk_full(error: Exception) -> bool:
    if isinstance(error, _DiskFull):
        return True
    if isinstance(error, sqlite3.OperationalError):  # SQLite's own copy: "database or disk is full"
        return getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
    return isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT)


def _write_backup(output: Path, source: Target, media: Path, say: Say) -> None:
    with tempfile.TemporaryDirectory(dir=output.parent) as work:
        folder = Path(work)
        say(f"[1/3] Database ({source.engine})")
        db_member, counts, migrations = _dump_database(source, folder, say)
        files = {db_member: _sha256(folder / db_member)}
        media_files = list(_media_files(media))
        say(f"[2/3] Uploaded files: {len(media_files)}")
        for path in media_files:
            files["media/" + path.relative_to(media).as_posix()] = _sha256(path)
        manifest = {
            "format": FORMAT, "created_at": timezone.now().isoformat(), "engine": source.engine,
            "migrations": migrations, "tables": counts, "files": files,
        }  # fmt: skip
        say(f"[3/3] Writing {output.name}")
        partial = folder / "backup.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size, info.mtime = len(data), int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
            archive.add(folder / db_member, arcname=db_member)
            for path in media_files:
                archive.add(path, arcname="media/" + path.relative_to(media).as_posix())
        os.replace(partial, output)
    say(
        f"Backup written: {output} ({output.stat().st_size:,} bytes, {sum(counts.values()):,} rows)"
    )


@contextmanager
def _opened(path: Path) -> Iterator[tarfile.TarFile]:
    try:
        archive = tarfile.open(path, "r:gz")  # noqa: SIM115 - closed by the with below
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{path}: not a People Zones backup ({error}).") from error
    with archive:
        yield archive


def _read_manifest(archive: tarfile.TarFile, path: Path) -> dict[str, Any]:
    try:
        handle = archive.extractfile("manifest.json")
        manifest = json.loads(handle.read()) if handle else None
    except (KeyError, ValueError) as error:
        raise BackupError(f"{path}: manifest.json is missing or unreadable.") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: manifest.json is not a format {FORMAT} manifest.")
    return manifest


def _check_members(archive: tarfile.TarFile, manifest: dict[str, Any], path: Path) -> None:
    expected = dict(manifest["files"])
    for member in archive.getmembers():
        if member.name == "manifest.json":
            continue
        if member.name not in expected:
            raise BackupError(f"{path}: {member.name} is not listed in the manifest.")
        if not member.isfile():
            raise BackupError(f"{path}: {member.name} is not a plain file.")
        digest = hashlib.file_digest(archive.extractfile(member), "sha256")  # type: ignore[arg-type]
        if digest.hexdigest() != expected.pop(member.name):
            raise BackupError(f"{path}: {member.name} does not match its checksum (damaged).")
    if expected:
        raise BackupError(f"{path}: missing from the archive: {', '.join(sorted(expected))}.")


def _check_empty(target: Target) -> None:
    if target.engine == "sqlite":
        if target.name.startswith("file:") or target.name == ":memory:":
            raise BackupError("Restore SQLite into a database file, not into memory.")
        if not Path(target.name).exists():
            return
    conn = target.connect()
    try:
        tables = table_names(conn.cursor(), target.engine)
    finally:
        conn.close()
    if tables:
        raise BackupError(
            f"The target database {target.name} already has {len(tables)} tables: restore only "
            "into an empty database."
        )


def restore(
    path: Path, *, database_url: str | None = None, media_root: Path | None = None,
    say: Say = lambda _line: None,
) -> dict[str, int]:  # fmt: skip
    """Restore a backup into an empty database and media folder; return the row counts."""
    path = Path(path)
    target = Target.parse(database_url)
    media = Path(media_root or settings.MEDIA_ROOT)
    with _opened(path) as archive:
        say("[1/4] Checking the backup")
        manifest = _read_manifest(archive, path)
        _check_members(archive, manifest, path)
        if manifest["engine"] != target.engine:
            raise BackupError(
                f"{path} is a {manifest['engine']} backup; the target is {target.engine}."
            )
        _check_empty(target)
        media_members = [m for m in archive.getmembers() if m.name.startswith("media/")]
        clashes = [m.name for m in media_members if (media / m.name[len("media/") :]).exists()]
        if clashes:
            raise BackupError(f"Uploaded files already exist in {media}: {clashes[0]} ...")
        say(f"[2/4] Database: {sum(manifest['tables'].values()):,} rows")
        with tempfile.TemporaryDirectory() as work:
            folder = Path(work)
            db_member = next(name for name in manifest["files"] if name.startswith("database."))
            archive.extract(db_member, folder, filter="data")
            _restore_database(target, folder / db_member)
            say(f"[3/4] Uploaded files: {len(media_members)}")
            if media_members:
                staging = Path(
                    tempfile.mkdtemp(dir=media.parent if media.parent.exists() else None)
                )
                try:
                    archive.extractall(staging, members=media_members, filter="data")
                    for member in media_members:
                        final = media / member.name[len("media/") :]
                        final.parent.mkdir(parents=True, exist_ok=True)
                        shutil.move(staging / member.name, final)
                finally:
                    shutil.rmtree(staging, ignore_errors=True)
    say("[4/4] Comparing row counts with the manifest")
    conn = target.connect()
    try:
        counts = row_counts(conn.cursor(), target.engine)
    finally:
        conn.close()
    if counts != manifest["tables"]:
        wrong = sorted(t for t in set(counts) | set(manifest["tables"])
                       if counts.get(t) != manifest["tables"].get(t))  # fmt: skip
        raise BackupError(f"Restored, but row counts differ from the backup in: {wrong}.")
    say(f"Restored {sum(counts.values()):,} rows in {len(counts)} tables from {path.name}.")
    return counts


def _restore_database(target: Target, dump: Path) -> None:
    if target.engine == "sqlite":
        final = Path(target.name)
        final.parent.mkdir(parents=True, exist_ok=True)
        staged = final.with_name(final.name + ".restoring")
        shutil.copyfile(dump, staged)
        for leftover in ("-wal", "-shm"):  # an empty database's journal must not replay
            final.with_name(final.name + leftover).unlink(missing_ok=True)
        os.replace(staged, final)
        return
    command = ["pg_restore", "--single-transaction", "--exit-on-error", "--no-owner",
               "--no-privileges", f"--dbname={target.name}", str(dump)]  # fmt: skip
    done = subprocess.run(  # nosec B603 # noqa: S603 - a fixed argument list, no shell
        command, env=target.env(), capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise BackupError(f"pg_restore failed, nothing was restored: {done.stderr.strip()}")
