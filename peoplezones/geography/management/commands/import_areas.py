"""`manage.py import_areas FILE.geojson`: load statistical area boundaries (ONS GeoJSON of LSOAs,
wards or parishes)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from peoplezones.geography.models import AreaKind
from peoplezones.geography.services import AreaImportError, import_areas


class Command(BaseCommand):
    help = "Import statistical areas from a GeoJSON FeatureCollection (all or nothing)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("path", type=Path)
        parser.add_argument("--kind", default="lsoa21", choices=AreaKind.values)

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            result = import_areas(path=options["path"], kind=options["kind"])
        except (AreaImportError, OSError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{result.created} areas created, {result.updated} updated.")
