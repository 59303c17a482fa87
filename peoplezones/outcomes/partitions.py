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
