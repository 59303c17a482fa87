"""Staff's translations of an option's title and summary (core.translation).

On SQLite, adding a column with a check rebuilds the option table, which drops the triggers that
feed the full-text index (0002): they are made again here and the index rebuilt."""

from importlib import import_module

from django.db import migrations, models

search_index = import_module("peoplezones.toolkit.migrations.0002_search_index")
TRIGGERS = [s for s in search_index.SQLITE if "CREATE TRIGGER" in s]
DROP = [s for s in search_index.SQLITE_REVERSE if "DROP TRIGGER" in s]
REBUILD = "INSERT INTO toolkit_option_fts(toolkit_option_fts) VALUES ('rebuild')"


def remake_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in [*DROP, *TRIGGERS, REBUILD]:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("toolkit", "0002_search_index")]

    operations = [
        migrations.AddField(
            model_name="option",
            name="translations",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(remake_triggers, migrations.RunPython.noop),
    ]
