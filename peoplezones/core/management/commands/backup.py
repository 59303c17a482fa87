"""`manage.py backup [--output FILE]`: the database and uploaded files in one .tar.gz."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from peoplezones.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database and uploaded files (default: var/backups/peoplezones-<time>.tar.gz)."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--output", type=Path, help="where to write the backup")
        parser.add_argument("--database-url", help="back up this database instead of the site's")
        parser.add_argument("--media-root", type=Path, help="uploaded files folder")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            backup(
                options["output"], database_url=options["database_url"],
                media_root=options["media_root"], say=self.stdout.write,
            )  # fmt: skip
        except BackupError as error:
            raise CommandError(str(error)) from error
