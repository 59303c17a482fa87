"""`manage.py community_tick`: queue event reminders and re-read groups' own calendars.

Run from cron every hour (reminders go out PZ_REMINDER_HOURS before a date; each place is
reminded once, so running it more often is harmless)."""

from django.core.management.base import BaseCommand

from peoplezones.community.tasks import refresh_calendars, send_reminders


class Command(BaseCommand):
    help = "Queue event reminders and re-read groups' own calendars."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        for name, job in (("Reminders", send_reminders), ("Calendars", refresh_calendars)):
            result = job.enqueue()
            self.stdout.write(f"{name} queued ({result.status}).")
