"""Street and outcomes rows are known by (batch, row in the file), and on PostgreSQL each table is
partitioned by batch: a file's rows load into a table of their own with nothing to index, which
then becomes a partition (its key built in one sort); replacing a month drops it. A default
partition takes rows inserted any other way. The earlier tables are dropped, so police files
loaded before this migration must be loaded again (their counts are dropped with them)."""

import django.db.models.deletion
from django.db import migrations, models


def clear_counts(apps, schema_editor):  # type: ignore[no-untyped-def]
    Batch = apps.get_model("outcomes", "Batch")
    for model in ("ZoneMonthCount", "LsoaMonthCount"):
        apps.get_model("outcomes", model).objects.filter(
            source__in=["street", "outcomes"]
        ).delete()
    Batch.objects.filter(kind__in=["street", "outcomes"]).delete()


def partition(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table in ("outcomes_crime", "outcomes_crimeoutcome"):
            cursor.execute(f"ALTER TABLE {table} RENAME TO {table}_plain")
            cursor.execute(
                f"CREATE TABLE {table} (LIKE {table}_plain INCLUDING DEFAULTS INCLUDING"
                " CONSTRAINTS) PARTITION BY LIST (batch_id)"
            )
            cursor.execute(f"DROP TABLE {table}_plain")
            cursor.execute(f"ALTER TABLE {table} ADD PRIMARY KEY (batch_id, \"row\")")
            cursor.execute(f"CREATE TABLE {table}_default PARTITION OF {table} DEFAULT")


def row_field():  # type: ignore[no-untyped-def]
    return models.PositiveIntegerField()


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0002_outcomes_files_and_demand")]

    operations = [
        migrations.RunPython(clear_counts, migrations.RunPython.noop),
        migrations.DeleteModel(name="Crime"),
        migrations.DeleteModel(name="CrimeOutcome"),
        migrations.CreateModel(
            name="Crime",
            fields=[
                ("pk", models.CompositePrimaryKey("batch", "row", blank=True, editable=False, primary_key=True, serialize=False)),
                ("batch", models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name="crimes", to="outcomes.batch")),
                ("row", row_field()),
                ("month", models.DateField()),
                ("crime_id", models.CharField(blank=True, max_length=64)),
                ("category", models.CharField(max_length=40)),
                ("lon", models.FloatField(null=True)),
                ("lat", models.FloatField(null=True)),
                ("location", models.CharField(blank=True, max_length=200)),
                ("lsoa_code", models.CharField(blank=True, max_length=9)),
                ("outcome", models.CharField(blank=True, max_length=120)),
            ],
        ),
        migrations.CreateModel(
            name="CrimeOutcome",
            fields=[
                ("pk", models.CompositePrimaryKey("batch", "row", blank=True, editable=False, primary_key=True, serialize=False)),
                ("batch", models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name="outcome_rows", to="outcomes.batch")),
                ("row", row_field()),
                ("month", models.DateField()),
                ("crime_id", models.CharField(max_length=64)),
                ("outcome", models.CharField(max_length=80)),
                ("lon", models.FloatField(null=True)),
                ("lat", models.FloatField(null=True)),
                ("lsoa_code", models.CharField(blank=True, max_length=9)),
            ],
        ),
        migrations.RunPython(partition, migrations.RunPython.noop),
    ]
