"""Import residential points for gap analysis: an ONS postcode directory (ONSPD/NSPL) or any CSV
of points with counts. Replaces the named set; any bad row refuses the whole file."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from peoplezones.assets.importers import FileRefused
from peoplezones.assets.management.commands._progress import progress_bar
from peoplezones.assets.points import read_points, store_points


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--name", required=True, help="name of the point set, e.g. 'ONSPD May 2026'"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"{path} does not exist.")
        try:
            with progress_bar(f"Reading {path.name}", "lines") as report:
                parsed = read_points(path.read_bytes(), path.name, report)
        except FileRefused as error:
            raise CommandError(str(error)) from None
        if parsed.problems:
            for problem in parsed.problems:
                self.stderr.write(f"{path.name}: {problem}")
            raise CommandError(f"Problems in {path.name}; nothing was imported.")
        point_set = store_points(parsed, name=options["name"], source_note=path.name)
        self.stdout.write(self.style.SUCCESS(
            f"{point_set.point_count} points holding {point_set.total} {point_set.unit} "
            f"({parsed.terminated} terminated and {parsed.unlocated} unlocated left out)."
        ))  # fmt: skip
