"""`manage.py setup_area [--area FILE] [--dry-run] [--only SOURCE ...]`: fetch and load every source
the area file names, in order (boundaries first), each with a progress bar, then a summary
table. Run again, it changes nothing that has not changed at the source."""

from django.core.management.base import BaseCommand, CommandError

from peoplezones.datasources import plan, services
from peoplezones.datasources.client import SourceFailed
from peoplezones.datasources.management.commands._running import load_area, run_all
from peoplezones.datasources.models import Trigger


class Command(BaseCommand):
    help = "Fetch and load every data source of the programme area (see docs/new-area.md)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--area", help="the area file (default: PZ_AREA_FILE)")
        parser.add_argument("--dry-run", action="store_true",
                            help="say what would be fetched and roughly how big; change nothing")  # fmt: skip
        parser.add_argument("--only", action="append", default=[], metavar="SOURCE",
                            help="only these sources (repeatable), e.g. police or oruk:leicester")  # fmt: skip

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        area = load_area(options["area"])
        sources = area.ordered
        if options["only"]:
            unknown = set(options["only"]) - set(area.sources)
            if unknown:
                raise CommandError(f"no such source: {', '.join(sorted(unknown))} (the area has "
                                   f"{', '.join(area.sources)})")  # fmt: skip
            sources = [s for s in sources if s.key in options["only"]]
        self.stdout.write(f"{area.name}: {len(area.local_authorities)} local authorities, "
                          f"police force {', '.join(area.forces)}, {len(sources)} sources")  # fmt: skip
        if options["dry_run"]:
            for source in sources:
                context = services.context_for(area, source)
                try:
                    what, size = plan.describe(context)
                except SourceFailed as failed:
                    what, size = f"cannot tell: {failed}", ""
                self.stdout.write(f"  {source.title}: {what}" + (f" ({size})" if size else ""))
                self.stdout.write(f"      from {source.url or '(no address set)'}, {source.licence}, "
                                  f"refreshed every {source.refresh_days} days")  # fmt: skip
            self.stdout.write("Dry run: nothing was fetched or changed.")
            return
        run_all(self, area, sources, Trigger.SETUP, quiet=options["verbosity"] == 0)
