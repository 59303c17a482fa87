"""`manage.py import_police PATH...`: police.uk street-level files, a folder of months, or the zip
download. Each file is all-or-nothing; a refused file is named with its problems and the others
still load. Importing a month again replaces it; the very same file is skipped."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from peoplezones.outcomes import services
from peoplezones.outcomes.police import Refused, police_files


class Command(BaseCommand):
    help = "Import police.uk street-level crime files (CSV, folders of them, or zip downloads)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("paths", nargs="+", type=Path)

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        sources = []
        for path in options["paths"]:
            if path.is_dir():
                sources += sorted(path.rglob("*-street.csv"))
            elif path.exists():
                sources.append(path)
            else:
                raise CommandError(f"{path}: no such file or folder")
        refused = 0
        for source in sources:
            for name, data in police_files(source, source.read_bytes()):
                bar = tqdm(desc=Path(name).name, unit=" rows", disable=options["verbosity"] == 0)
                try:
                    loaded = services.import_police(
                        data, name, progress=lambda n, bar=bar: bar.update(n - bar.n)
                    )
                except Refused as error:
                    bar.close()
                    refused += 1
                    self.stderr.write(f"{error.name}: refused, nothing stored:")
                    for problem in error.problems:
                        self.stderr.write(f"  {problem}")
                    continue
                bar.close()
                what = (
                    "unchanged (already imported)" if loaded.unchanged
                    else ("replaced the earlier import" if loaded.replaced else "imported")
                )  # fmt: skip
                self.stdout.write(
                    f"{name}: {loaded.force} {loaded.month:%Y-%m}, {loaded.rows:,} rows {what}"
                )
        if refused:
            raise CommandError(f"{refused} file(s) refused; the others were imported")
