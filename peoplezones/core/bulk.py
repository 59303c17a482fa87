"""Fast bulk inserts: PostgreSQL COPY, or one executemany on SQLite. The caller owns the
transaction, so a failure part-way leaves nothing behind."""

import io
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
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
            sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # nosec B608 # noqa: S608
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
    into: str | None = None,
) -> int:
    """An Arrow table's columns (in `columns` order) as rows of `model`. On PostgreSQL the table is
    written as CSV by Arrow (in C++, a chunk at a time) straight into COPY, so no Python runs per
    row; empty strings stay empty and nulls become NULL. On SQLite, one executemany. `into` names
    another table shaped like the model's (a partition being loaded, say)."""
    import pyarrow.csv as pa_csv  # loaded on the first bulk load: Arrow is heavy to import

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
    db_table = connection.ops.quote_name(into or model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(model._meta.get_field(c).column) for c in columns)
    options = pa_csv.WriteOptions(include_header=False)
    chunks = [table.slice(start, chunk) for start in range(0, table.num_rows, chunk)]

    def as_csv(part: "pyarrow.Table") -> memoryview:
        buffer = io.BytesIO()
        pa_csv.write_csv(part, buffer, options)  # in C++, without the GIL
        return buffer.getbuffer()

    sql = f"COPY {db_table} ({names}) FROM STDIN WITH (FORMAT csv)"
    # One COPY per chunk: between them the connection is free, so `progress` may use it (to
    # record how far a load has got, say). The next chunk is written out while the server takes
    # this one.
    with connection.cursor() as cursor, ThreadPoolExecutor(1) as writer:
        upcoming = writer.submit(as_csv, chunks[0]) if chunks else None
        for i, part in enumerate(chunks):
            data = upcoming.result()
            upcoming = writer.submit(as_csv, chunks[i + 1]) if i + 1 < len(chunks) else None
            with cursor.cursor.copy(sql) as copy:
                copy.write(data)
            done += part.num_rows
            if progress:
                progress(done)
    return done
