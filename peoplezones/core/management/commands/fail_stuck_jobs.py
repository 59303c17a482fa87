"""End background jobs whose worker died mid-way (cron, every 15 minutes): each job still working
PZ_JOB_STUCK_MINUTES after it started is marked failed with a message for the person who started
it, and its uploaded file is deleted. Every app's jobs take part (core.jobs)."""

from typing import Any

from django.core.management.base import BaseCommand

from peoplezones.core import jobs


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args: Any, **options: Any) -> None:
        ended = jobs.fail_stuck()
        if not ended:
            self.stdout.write("No stuck jobs.")
        for kind, count in sorted(ended.items()):
            self.stdout.write(f"{kind}: {count} stuck job(s) ended as failed.")
