"""Counts per LSOA are known by (batch, running number) and, on PostgreSQL, partitioned by batch
like the raw rows (0003): a file's counts load into a table of their own and their index is built
in one sort when it becomes a partition, instead of being grown one entry (and one WAL record) at
a time. As for raw rows (0005), the key (batch, row) has no index there: nothing reads a count
by it, and rows arrive and leave a batch at a time. Counts already held are kept: each batch's
are numbered in their old order."""

import django.db.models.deletion
from django.db import migrations, models

TABLE = "outcomes_lsoamonthcount"
COLUMNS = "batch_id, source, lsoa_code, month, category, count"


def set_old_table_aside(apps, schema_editor):  # type: ignore[no-untyped-def]
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("DROP INDEX lsoa_count_area_month")
        cursor.execute(f"ALTER TABLE {TABLE} RENAME TO {TABLE}_old")


def create_and_fill(apps, schema_editor):  # type: ignore[no-untyped-def]
    schema_editor.create_model(apps.get_model("outcomes", "LsoaMonthCount"))
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor != "postgresql":
            cursor.execute(
                f'INSERT INTO {TABLE} ("row", {COLUMNS}) SELECT row_number() OVER (PARTITION BY'
                f" batch_id ORDER BY id), {COLUMNS} FROM {TABLE}_old"
            )
            cursor.execute(f"DROP TABLE {TABLE}_old")
            return
        # The model's index is created at the end of the migration (the schema editor defers it),
        # on the partitioned table by then, and so on every partition.
        cursor.execute(f"ALTER TABLE {TABLE} RENAME TO {TABLE}_plain")
        cursor.execute(
            f"CREATE TABLE {TABLE} (LIKE {TABLE}_plain INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"
            " PARTITION BY LIST (batch_id)"
        )
        cursor.execute(f"DROP TABLE {TABLE}_plain")
        cursor.execute(f"CREATE TABLE {TABLE}_default PARTITION OF {TABLE} DEFAULT")
        cursor.execute(f"SELECT DISTINCT batch_id FROM {TABLE}_old ORDER BY batch_id")
        for (batch,) in cursor.fetchall():
            part = f"{TABLE}_b{int(batch)}"
            cursor.execute(
                f"CREATE TABLE {part} (LIKE {TABLE} INCLUDING DEFAULTS INCLUDING CONSTRAINTS,"
                f" CHECK (batch_id = {int(batch)}))"
            )
            cursor.execute(
                f'INSERT INTO {part} ("row", {COLUMNS}) SELECT row_number() OVER (ORDER BY id),'
                f" {COLUMNS} FROM {TABLE}_old WHERE batch_id = %s",
                [batch],
            )
            cursor.execute(f"ALTER TABLE {TABLE} ATTACH PARTITION {part} FOR VALUES IN ({int(batch)})")
        cursor.execute(f"DROP TABLE {TABLE}_old")


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0003_rows_keyed_by_batch")]

    operations = [
        migrations.RunPython(set_old_table_aside),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="LsoaMonthCount"),
                migrations.CreateModel(
                    name="LsoaMonthCount",
                    fields=[
                        ("pk", models.CompositePrimaryKey("batch", "row", blank=True, editable=False, primary_key=True, serialize=False)),
                        ("batch", models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name="lsoa_counts", to="outcomes.batch")),
                        ("row", models.PositiveIntegerField()),
                        ("source", models.CharField(choices=[("street", "Street-level crime and anti-social behaviour"), ("outcomes", "Police outcomes"), ("demand", "Partner demand")], default="street", max_length=10)),
                        ("lsoa_code", models.CharField(max_length=9)),
                        ("month", models.DateField()),
                        ("category", models.CharField(max_length=80)),
                        ("count", models.PositiveIntegerField()),
                    ],
                    options={
                        "indexes": [models.Index(fields=["lsoa_code", "month"], name="lsoa_count_area_month")],
                    },
                ),
            ],
        ),
        migrations.RunPython(create_and_fill),
    ]
