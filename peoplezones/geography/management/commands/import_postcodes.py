"""`manage.py import_postcodes FILE.csv`: the ONS Postcode Directory (ONSPD) or the National
Statistics Postcode Lookup (NSPL), read by header, checked whole and loaded all or nothing,
replacing the postcodes held before (so running it again is safe)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from peoplezones.geography.postcodes import PostcodeImportError, load


class Command(BaseCommand):
    help = "Import an ONSPD or NSPL postcode file (CSV), replacing the postcodes held."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("path", type=Path)

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        path = options["path"]
        quiet = options["verbosity"] == 0
        bar = tqdm(desc="postcodes stored", unit=" rows", disable=quiet)
        try:
            loaded = load(
                path,
                progress=lambda n: bar.update(n - bar.n),
                stage=(lambda text: None) if quiet else self.stdout.write,
            )
        except (PostcodeImportError, OSError) as error:
            bar.close()
            if isinstance(error, PostcodeImportError):
                raise CommandError(
                    f"{error.name}: refused, nothing changed:\n  " + "\n  ".join(error.problems)
                ) from None
            raise CommandError(str(error)) from None
        bar.close()
        kept = ", ".join(f"{key} from '{column}'" for key, column in loaded.columns.items())
        self.stdout.write(f"{loaded.rows:,} postcodes ({loaded.live:,} live): {kept}.")
