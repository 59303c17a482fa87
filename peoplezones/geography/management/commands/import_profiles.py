"""`manage.py import_profiles FILE.csv`: deprivation and populations by LSOA (the English Indices
of Deprivation file, 2019 or 2025, or any CSV with an LSOA code and a population column)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from peoplezones.geography.services import AreaImportError, import_profiles


class Command(BaseCommand):
    help = "Import deprivation scores, ranks, deciles and populations by LSOA (all or nothing)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("path", type=Path)

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        path = options["path"]
        try:
            result = import_profiles(data=path.read_bytes(), name=path.name)
        except (AreaImportError, OSError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{result.rows:,} areas: {', '.join(result.columns)}.")
