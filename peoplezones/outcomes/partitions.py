"""Raw rows a batch at a time. On PostgreSQL, Crime and CrimeOutcome are partitioned by batch
(migration 0003): a file's rows are copied into a new table with nothing to index, which then
becomes the batch's partition, its key built in one sort. Replacing a month drops the partition
instead of deleting its rows one by one. Everything happens inside the caller's transaction, so
a refused or failed load leaves no table behind. On SQLite the rows simply go into the table."""

from collections.abc import Callable, Sequence
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
            " INCLUDING CONSTRAINTS)"
        )
    return name


def attach(model: type[models.Model], name: str, batch_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"ALTER TABLE {connection.ops.quote_name(model._meta.db_table)} ATTACH PARTITION "
            f"{connection.ops.quote_name(name)} FOR VALUES IN ({int(batch_id)})"
        )


def load(
    model: type[models.Model],
    batch_id: int,
    columns: Sequence[str],
    table: "pyarrow.Table",
    progress: Callable[[int], None] | None = None,
) -> None:
    if not _partitioned():
        bulk_insert_table(model, columns, table, progress=progress)
        return
    name = new_partition(model, batch_id)
    bulk_insert_table(model, columns, table, progress=progress, into=name)
    attach(model, name, batch_id)


def drop(model: type[models.Model], batch_id: int) -> None:
    """A batch's rows gone: its partition dropped, and any rows that reached the default one."""
    if _partitioned():
        with connection.cursor() as cursor:
            name = connection.ops.quote_name(partition_name(model, batch_id))
            cursor.execute(f"DROP TABLE IF EXISTS {name}")
    model.objects.filter(batch_id=batch_id).delete()
