"""Fast bulk inserts: PostgreSQL COPY, or one executemany on SQLite. The caller owns the
transaction, so a failure part-way leaves nothing behind."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models


def bulk_insert(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
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
