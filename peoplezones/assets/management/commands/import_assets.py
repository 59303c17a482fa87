"""Import assets from a file: the CSV template, an OpenStreetMap extract (.geojson or .osm.pbf) or
Open Referral UK JSON. Checks every row first; any problem refuses the whole file."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from peoplezones.assets import jobs, services
from peoplezones.assets.importers import FileRefused
from peoplezones.assets.management.commands._progress import progress_bar
from peoplezones.assets.models import Asset, ImportFormat
from peoplezones.zones.models import Zone

FORMATS = [f for f in ImportFormat.values if f != ImportFormat.POINTS]


def guess_format(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(".osm.pbf") or name.endswith(".pbf"):
        return ImportFormat.OSM_PBF
    if name.endswith(".csv"):
        return ImportFormat.CSV
    if name.endswith(".geojson"):
        return ImportFormat.OSM_GEOJSON
    raise CommandError(
        f"Cannot tell the format of {path.name}: give --format ({', '.join(FORMATS)})."
    )


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=FORMATS)
        parser.add_argument(
            "--zone", help="slug of the Zone whose coordinators look after the records"
        )
        parser.add_argument("--dry-run", action="store_true", help="check and preview only")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"{path} does not exist.")
        fmt = options["format"] or guess_format(path)
        zone = None
        if options["zone"]:
            zone = Zone.objects.filter(slug=options["zone"]).first()
            if zone is None:
                raise CommandError(f"No Zone with the slug {options['zone']!r}.")
        try:
            with progress_bar(f"Checking {path.name}") as report:
                parsed = jobs.parse(fmt, path, path.name, report)
        except FileRefused as error:
            raise CommandError(str(error)) from None
        if parsed.problems:
            for problem in parsed.problems:
                self.stderr.write(f"{path.name}: {problem}")
            raise CommandError(
                f"{len(parsed.problems)} problem(s) in {path.name}; nothing was imported."
            )
        everything = Asset.objects.all()  # the command line may change any record
        try:
            preview = services.preview(parsed, scope=everything)
        except services.OutsideScope as outside:  # never, with this scope: kept for safety
            raise CommandError(str(outside)) from None
        self.stdout.write(
            f"{path.name}: {preview['new']} new, {preview['changed']} changed, "
            f"{preview['unchanged']} unchanged, {preview['skipped']} skipped."
        )
        if options["dry_run"]:
            return
        with progress_bar("Saving") as report:
            outcome = services.apply_rows(
                parsed, scope=everything, user=None, steward_zone=zone, progress=report
            )
        self.stdout.write(self.style.SUCCESS(
            f"Imported: {outcome.created} added, {outcome.updated} updated, {outcome.unchanged} unchanged."
        ))  # fmt: skip
