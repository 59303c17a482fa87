"""`manage.py restore FILE`: restore a backup into an empty database and media folder.

Run `manage.py migrate` only after restoring (the backup carries its own schema). Nothing is
changed unless every check passes: the archive's checksums, the engine, an empty target.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from peoplezones.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into an empty database."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("backup", type=Path)
        parser.add_argument("--database-url", help="restore into this database instead")
        parser.add_argument("--media-root", type=Path, help="uploaded files folder")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        if not options["backup"].is_file():
            raise CommandError(f"{options['backup']}: no such file.")
        try:
            restore(
                options["backup"], database_url=options["database_url"],
                media_root=options["media_root"], say=self.stdout.write,
            )  # fmt: skip
        except BackupError as error:
            raise CommandError(str(error)) from error
