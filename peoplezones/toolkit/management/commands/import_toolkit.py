"""Import Tool Kit options from a file in the exchange format (all-or-nothing, safe to repeat)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from peoplezones.toolkit import exchange

SEED = Path(__file__).resolve().parents[2] / "seed" / "options.json"


class Command(BaseCommand):
    help = "Import Tool Kit options from a JSON file (docs/toolkit-format.md). Without a file, the seed options."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", nargs="?", default=str(SEED))
        parser.add_argument("--source", default="People Zones Tool Kit")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"{path}: no such file")
        try:
            data = exchange.parse(path.read_bytes(), filename=path.name)
        except exchange.ImportError_ as error:
            raise CommandError("Nothing was imported:\n  " + "\n  ".join(error.problems)) from None
        total = len(data["options"])
        self.stdout.write(f"Importing {total} options from {path.name} ...")
        result = exchange.import_options(data, source=options["source"])
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(result.added)} added, {len(result.changed)} changed, "
                f"{len(result.unchanged)} unchanged, "
                f"{len(result.kept_local)} kept as edited here."
            )
        )
