"""Rows a batch at a time. On PostgreSQL, Crime, CrimeOutcome (migration 0003) and LsoaMonthCount
(0004) are partitioned by batch: a file's rows are copied into a new table with nothing to index,
which then becomes the batch's partition, its indexes built in one sort each (the table is made
with the partition's CHECK, so attaching it needs no scan). Replacing a month drops the partition
instead of deleting its rows one by one. Everything happens inside the caller's transaction, so
a refused or failed load leaves no table behind. On SQLite the rows simply go into the table."""

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.db import connection, models

from peoplezones.core.bulk import bulk_insert_table
from peoplezones.outcomes.models import Batch, Crime, CrimeOutcome, LsoaMonthCount

if TYPE_CHECKING:
    import pyarrow


def _partitioned() -> bool:
    return connection.vendor == "postgresql"


def partition_name(model: type[models.Model], batch_id: int) -> str:
    return f"{model._meta.db_table}_b{int(batch_id)}"


def new_partition(model: type[models.Model], batch_id: int) -> str:
    """A table shaped like the model's, for one batch's rows, not yet part of it."""
    name = partition_name(model, batch_id)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {connection.ops.quote_name(name)} "
            f"(LIKE {connection.ops.quote_name(model._meta.db_table)} INCLUDING DEFAULTS"
            f" INCLUDING CONSTRAINTS, CHECK (batch_id = {int(batch_id)}))"
        )
    return name


def attach(model: type[models.Model], name: str, batch_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"ALTER TABLE {connection.ops.quote_name(model._meta.db_table)} ATTACH PARTITION "
            f"{connection.ops.quote_name(name)} FOR VALUES IN ({int(batch_id)})"
        )


@contextmanager
def filling(model: type[models.Model], batch_id: int) -> Iterator[str | None]:
    """The table to copy a batch's rows into (None: the model's own), attached as the batch's
    partition once they are all in."""
    if not _partitioned():
        yield None
        return
    name = new_partition(model, batch_id)
    yield name
    attach(model, name, batch_id)


def load(
    model: type[models.Model],
    batch_id: int,
    columns: Sequence[str],
    table: "pyarrow.Table",
    progress: Callable[[int], None] | None = None,
) -> None:
    with filling(model, batch_id) as into:
        bulk_insert_table(model, columns, table, progress=progress, into=into)


def drop(model: type[models.Model], batch_id: int) -> None:
    """A batch's rows gone: its partition dropped, and any rows that reached the default one."""
    if _partitioned():
        with connection.cursor() as cursor:
            name = connection.ops.quote_name(partition_name(model, batch_id))
            cursor.execute(f"DROP TABLE IF EXISTS {name}")
    model.objects.filter(batch_id=batch_id).delete()


def drop_orphans(**_signal: object) -> int:
    """Partitions whose batch is gone: a flush (`manage.py flush`, and every test that commits)
    empties the batch table but leaves DDL behind, and a later batch given the same number would
    find its table already there. Run after every migrate and flush (post_migrate)."""
    if not _partitioned():
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = ANY(%s)",
            [[m._meta.db_table for m in _partitioned_models()]],
        )
        attached = [row[0] for row in cursor.fetchall()]
        kept = set(Batch.objects.values_list("id", flat=True))
        orphans = [
            name for name in attached
            if name.rsplit("_b", 1)[-1].isdigit() and int(name.rsplit("_b", 1)[-1]) not in kept
        ]  # fmt: skip
        if orphans:
            cursor.execute("DROP TABLE " + ", ".join(connection.ops.quote_name(n) for n in orphans))
    return len(orphans)


def _partitioned_models() -> list[type[models.Model]]:
    return [Crime, CrimeOutcome, LsoaMonthCount]
