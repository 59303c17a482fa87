"""`manage.py send_messages` (cron, every few minutes): try again the messages whose first try
failed for a passing reason (GOV.UK Notify or the mail server busy or down), each after its wait
(1, 5, 30, 120 then 480 minutes); after the last it is marked failed for staff to see."""

from django.core.management.base import BaseCommand

from peoplezones.core import messaging


class Command(BaseCommand):
    help = "Send the messages waiting to be tried again."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        tried = messaging.send_due()
        if options["verbosity"] > 0:
            self.stdout.write(f"{tried} message(s) tried again.")
