"""`manage.py apply_retention`: erase personal data whose retention period has ended.

Run daily from cron. Safe to run twice: the second run finds nothing more to do.
"""

from django.core.management.base import BaseCommand

from peoplezones.privacy import register, retention


class Command(BaseCommand):
    help = "Apply the personal data register's retention periods; print what was done."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        total = len(register.rules())
        step = iter(range(1, total + 1))

        def progress(rule: register.Rule, count: int) -> None:
            self.stdout.write(f"[{next(step)}/{total}] {rule.says}: {count}")

        run = retention.apply(progress=progress)
        changed = sum(run.summary.values())
        self.stdout.write(self.style.SUCCESS(f"Retention applied: {changed} records."))
