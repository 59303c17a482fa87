"""Full-text search over options, kept in step by the database itself.

PostgreSQL: a stored, generated tsvector column (English stemming; the title weighs most) with a GIN
index. SQLite: an FTS5 table with the Porter stemmer, fed by triggers on the option table.
"""

from django.db import migrations

POSTGRES = [
    """
    ALTER TABLE toolkit_option ADD COLUMN search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(summary, '')), 'B') ||
        setweight(to_tsvector('english', coalesce(search_body, '')), 'C')
    ) STORED
    """,
    "CREATE INDEX toolkit_option_search ON toolkit_option USING GIN (search)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS toolkit_option_search",
    "ALTER TABLE toolkit_option DROP COLUMN IF EXISTS search",
]
SQLITE = [
    """
    CREATE VIRTUAL TABLE toolkit_option_fts USING fts5(
        title, summary, search_body,
        content='toolkit_option', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER toolkit_option_fts_insert AFTER INSERT ON toolkit_option BEGIN
        INSERT INTO toolkit_option_fts(rowid, title, summary, search_body)
        VALUES (new.id, new.title, new.summary, new.search_body);
    END
    """,
    """
    CREATE TRIGGER toolkit_option_fts_delete AFTER DELETE ON toolkit_option BEGIN
        INSERT INTO toolkit_option_fts(toolkit_option_fts, rowid, title, summary, search_body)
        VALUES ('delete', old.id, old.title, old.summary, old.search_body);
    END
    """,
    """
    CREATE TRIGGER toolkit_option_fts_update AFTER UPDATE ON toolkit_option BEGIN
        INSERT INTO toolkit_option_fts(toolkit_option_fts, rowid, title, summary, search_body)
        VALUES ('delete', old.id, old.title, old.summary, old.search_body);
        INSERT INTO toolkit_option_fts(rowid, title, summary, search_body)
        VALUES (new.id, new.title, new.summary, new.search_body);
    END
    """,
    "INSERT INTO toolkit_option_fts(toolkit_option_fts) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS toolkit_option_fts_insert",
    "DROP TRIGGER IF EXISTS toolkit_option_fts_delete",
    "DROP TRIGGER IF EXISTS toolkit_option_fts_update",
    "DROP TABLE IF EXISTS toolkit_option_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("toolkit", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]
