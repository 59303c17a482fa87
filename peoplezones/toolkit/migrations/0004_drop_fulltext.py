"""The Tool Kit's own full-text index is gone: options are found through the site's search
index (peoplezones.search), which ranks by meaning as well as words, the same on both
databases."""

from importlib import import_module

from django.db import migrations

search_index = import_module("peoplezones.toolkit.migrations.0002_search_index")


class Migration(migrations.Migration):
    dependencies = [("toolkit", "0003_translations")]

    operations = [
        migrations.RunPython(
            search_index._run(
                {"postgresql": search_index.POSTGRES_REVERSE, "sqlite": search_index.SQLITE_REVERSE}
            ),
            search_index._run(
                {"postgresql": search_index.POSTGRES, "sqlite": search_index.SQLITE}
            ),
        )
    ]
