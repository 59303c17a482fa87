"""`manage.py refresh_data` (cron, daily say): refresh whichever sources are due by their interval
(police.uk is looked at weekly and loads only months it does not hold). With -v 0 it is quiet unless
something failed, so cron mails only problems; `--all` refreshes every source now."""

from django.core.management.base import BaseCommand

from peoplezones.datasources import services
from peoplezones.datasources.management.commands._running import load_area, run_all
from peoplezones.datasources.models import Trigger


class Command(BaseCommand):
    help = "Refresh the data sources that are due (for cron)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--area", help="the area file (default: PZ_AREA_FILE)")
        parser.add_argument("--all", action="store_true", help="every source, due or not")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        area = load_area(options["area"])
        ended = services.end_stuck()
        if ended:
            self.stderr.write(
                f"{ended} run(s) that stopped without finishing were ended as failed."
            )
        sources = area.ordered if options["all"] else services.due(area)
        if not sources:
            if options["verbosity"] > 0:
                self.stdout.write("Nothing is due.")
            return
        run_all(
            self,
            area,
            sources,
            Trigger.SCHEDULE,
            quiet=options["verbosity"] == 0,
        )
