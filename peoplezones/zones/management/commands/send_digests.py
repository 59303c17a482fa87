"""`manage.py send_digests`: queue the overdue-actions digest (daily); with --weekly, followers'
weekly digest and everyone's weekly list of what needs them (core.tasks).

Run from cron, for example daily at 07:00 and with --weekly on Mondays.
"""

from django.core.management.base import BaseCommand

from peoplezones.core.tasks import send_work_digests
from peoplezones.zones.tasks import send_overdue_action_digests, send_weekly_digests


class Command(BaseCommand):
    help = "Queue the overdue-actions digest, and with --weekly the followers' weekly digest."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--weekly", action="store_true",
            help="Also send followers' weekly digests and each person's list of what needs them.",
        )  # fmt: skip

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        result = send_overdue_action_digests.enqueue()
        self.stdout.write(f"Overdue-actions digest queued ({result.status}).")
        if options["weekly"]:
            result = send_weekly_digests.enqueue()
            self.stdout.write(f"Weekly digest queued ({result.status}).")
            result = send_work_digests.enqueue()
            self.stdout.write(f"Weekly lists of what needs people queued ({result.status}).")
