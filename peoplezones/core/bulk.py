"""Fast bulk inserts: PostgreSQL COPY, or one executemany on SQLite. The caller owns the
transaction, so a failure part-way leaves nothing behind."""

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
    encoded by pgpq (in Rust, a chunk at a time) in COPY's binary format, so no Python runs per
    row and the server parses no text; each column is first cast to its database column's width
    (a value that does not fit is refused). Nulls become NULL and empty strings stay empty. On
    SQLite, one executemany. `into` names another table shaped like the model's (a partition
    being loaded, say)."""
    import pyarrow as pa  # loaded on the first bulk load: Arrow is heavy to import

    schema = pa.schema([(c, _arrow_type(model, c)) for c in columns])

    def typed(part: "pyarrow.Table") -> "pyarrow.Table":
        """Cast to the database's columns, on either database, so a table that will not load on
        one is refused on both."""
        return pa.Table.from_arrays(
            [column.cast(field.type) for column, field in zip(part.columns, schema, strict=True)],
            schema=schema,
        )

    chunks = [table.slice(start, chunk) for start in range(0, table.num_rows, chunk)]
    done = 0
    if connection.vendor != "postgresql":
        for part in chunks:
            done += bulk_insert(
                model, columns, zip(*(c.to_pylist() for c in typed(part).columns), strict=True)
            )
            if progress:
                progress(done)
        return done
    from pgpq import ArrowToPostgresBinaryEncoder  # with Arrow, heavy: loaded on the first load

    db_table = connection.ops.quote_name(into or model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(model._meta.get_field(c).column) for c in columns)

    def encoded(part: "pyarrow.Table") -> list[bytes]:
        encoder = ArrowToPostgresBinaryEncoder(schema)
        return [
            encoder.write_header(),
            *(encoder.write_batch(batch) for batch in typed(part).to_batches()),
            encoder.finish(),
        ]

    sql = f"COPY {db_table} ({names}) FROM STDIN WITH (FORMAT binary)"
    # One COPY per chunk: between them the connection is free, so `progress` may use it (to
    # record how far a load has got, say). The next chunk is encoded while the server takes this
    # one.
    with connection.cursor() as cursor, ThreadPoolExecutor(1) as encoder:
        upcoming = encoder.submit(encoded, chunks[0]) if chunks else None
        for i, part in enumerate(chunks):
            data = upcoming.result()
            upcoming = encoder.submit(encoded, chunks[i + 1]) if i + 1 < len(chunks) else None
            with cursor.cursor.copy(sql) as copy:
                for piece in data:
                    copy.write(piece)
            done += part.num_rows
            if progress:
                progress(done)
    return done


def _arrow_type(model: type[models.Model], name: str) -> "pyarrow.DataType":
    """The Arrow type whose binary form is the PostgreSQL column's: binary COPY takes each value
    at its column's exact width (an int4 column refuses eight bytes)."""
    import pyarrow as pa  # heavy to import: loaded on the first bulk load

    field = model._meta.get_field(name)
    while field.is_relation:  # a foreign key is stored as the key it points to
        field = field.target_field
    kind = field.get_internal_type()
    types = {
        "SmallIntegerField": pa.int16(), "PositiveSmallIntegerField": pa.int16(),
        "SmallAutoField": pa.int16(), "IntegerField": pa.int32(),
        "PositiveIntegerField": pa.int32(), "AutoField": pa.int32(),
        "BigIntegerField": pa.int64(), "PositiveBigIntegerField": pa.int64(),
        "BigAutoField": pa.int64(), "FloatField": pa.float64(), "BooleanField": pa.bool_(),
        "DateField": pa.date32(), "CharField": pa.string(), "TextField": pa.string(),
        "SlugField": pa.string(), "EmailField": pa.string(),
    }  # fmt: skip
    if kind not in types:
        raise TypeError(f"bulk_insert_table cannot load {model.__name__}.{name} ({kind})")
    return types[kind]
