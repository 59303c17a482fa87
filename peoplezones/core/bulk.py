"""Fast bulk inserts: PostgreSQL COPY, or one executemany on SQLite. The caller owns the
transaction, so a failure part-way leaves nothing behind."""

import io
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.db import connection, models

if TYPE_CHECKING:
    import pyarrow


def bulk_insert(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
) -> int:
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(model._meta.get_field(c).column) for c in columns)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        else:
            marks = ", ".join(["%s"] * len(columns))
            batch: list[Sequence[Any]] = []
            sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
            for row in rows:
                batch.append(row)
                if len(batch) == 10_000:
                    cursor.executemany(sql, batch)
                    count += len(batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
                count += len(batch)
    return count


def bulk_insert_table(
    model: type[models.Model],
    columns: Sequence[str],
    table: "pyarrow.Table",
    *,
    progress: Callable[[int], None] | None = None,
    chunk: int = 50_000,
) -> int:
    """An Arrow table's columns (in `columns` order) as rows of `model`. On PostgreSQL the table is
    written as CSV by Arrow (in C++, a chunk at a time) straight into COPY, so no Python runs per
    row; empty strings stay empty and nulls become NULL. On SQLite, one executemany."""
    import pyarrow.csv as pa_csv

    done = 0
    if connection.vendor != "postgresql":
        for start in range(0, table.num_rows, chunk):
            part = table.slice(start, chunk)
            done += bulk_insert(
                model, columns, zip(*(c.to_pylist() for c in part.columns), strict=True)
            )
            if progress:
                progress(done)
        return done
    db_table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(model._meta.get_field(c).column) for c in columns)
    options = pa_csv.WriteOptions(include_header=False)
    with connection.cursor() as cursor:
        sql = f"COPY {db_table} ({names}) FROM STDIN WITH (FORMAT csv)"
        with cursor.cursor.copy(sql) as copy:
            for start in range(0, table.num_rows, chunk):
                part = table.slice(start, chunk)
                buffer = io.BytesIO()
                pa_csv.write_csv(part, buffer, options)
                copy.write(buffer.getbuffer())
                done += part.num_rows
                if progress:
                    progress(done)
    return done
