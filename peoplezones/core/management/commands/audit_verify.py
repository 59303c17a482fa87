"""Check the audit trail's hash chain from the first entry to the last.

Prints the number of entries and the latest hash. Keep that hash somewhere else (the monthly
report, an email to the data protection officer): a later run that still reaches it proves
nothing before it was changed, removed or reordered. Exits 1 if the chain is broken.
"""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from peoplezones.core import audit
from peoplezones.core.models import AuditEvent


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain; print the latest hash."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--expect-head", default="", help="a hash printed by an earlier run")

    def handle(self, *args: object, **options: object) -> None:
        total = AuditEvent.objects.count()
        with tqdm(total=total, unit="entries", disable=total < 10_000) as bar:

            def ticks():  # type: ignore[no-untyped-def]
                while True:
                    bar.update()
                    yield

            result = audit.verify(ticks())
        if not result.ok:
            raise CommandError(
                f"The audit chain is broken at entry {result.broken_at}: {result.problem}."
            )
        expected = str(options["expect_head"])
        if expected and not AuditEvent.objects.filter(hash=expected).exists():
            raise CommandError(f"No entry has the hash {expected}: entries were removed.")
        self.stdout.write(f"Audit chain holds: {result.entries} entries; latest hash {result.head}")
