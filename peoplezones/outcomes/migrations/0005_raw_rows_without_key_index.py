"""Raw street and outcomes rows keep no primary-key index on PostgreSQL. Nothing ever reads a row
by its key: pages and comparisons read the counts, a boundary change scans rows by position, and
rows arrive and leave a whole batch at a time (a partition each). The key, (batch, row in the
file), is given by the importer, which numbers the rows; building its index cost a sort of every
file's rows (a third of a second for a national month) and a gigabyte of disk per 20 million
rows, for no reader. The model keeps the key, as Django needs one."""

from django.db import migrations


def drop_key_indexes(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table in ("outcomes_crime", "outcomes_crimeoutcome"):
            cursor.execute(
                "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'p'",
                [table],
            )
            for (name,) in cursor.fetchall():
                cursor.execute(
                    f"ALTER TABLE {table} DROP CONSTRAINT {schema_editor.quote_name(name)}"
                )


def add_key_indexes(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table in ("outcomes_crime", "outcomes_crimeoutcome"):
            cursor.execute(f'ALTER TABLE {table} ADD PRIMARY KEY (batch_id, "row")')


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0004_lsoa_counts_keyed_by_batch")]

    operations = [migrations.RunPython(drop_key_indexes, add_key_indexes)]
