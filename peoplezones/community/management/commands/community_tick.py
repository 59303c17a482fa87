"""`manage.py community_tick`: queue event reminders, re-read groups' own calendars, and alert
volunteers when a one-to-one visit reaches its expected end (by text when they gave a number),
and alert coordinators to volunteers who have not checked out after the grace period.

Run from cron every 10 minutes: lone-working alerts must be prompt. Reminders go out
PZ_REMINDER_HOURS before a date and each place is reminded once, so running often is harmless."""

from django.core.management.base import BaseCommand

from peoplezones.community.tasks import refresh_calendars, refresh_event_search, send_reminders
from peoplezones.volunteering.tasks import checkout_reminders, lone_working_alerts


class Command(BaseCommand):
    help = "Queue event reminders, calendar refreshes and lone-working alerts."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        jobs = (("Reminders", send_reminders), ("Calendars", refresh_calendars),
                ("Check-out reminders", checkout_reminders),
                ("Lone-working alerts", lone_working_alerts),
                ("Events in the site's search", refresh_event_search))  # fmt: skip
        for name, job in jobs:
            result = job.enqueue()
            self.stdout.write(f"{name} queued ({result.status}).")
