"""`manage.py compile_catalogues`: every locale/*/LC_MESSAGES/django.po to its .mo, keeping
unreviewed strings (core.catalogues). Run after `makemessages` and translating."""

from django.core.management.base import BaseCommand

from peoplezones.core import catalogues


class Command(BaseCommand):
    help = "Compile the message catalogues, unreviewed strings included."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        for path in catalogues.compile_all():
            self.stdout.write(f"Compiled {path}")
        for row in catalogues.progress():
            self.stdout.write(
                f"{row.language}: {row.total} strings, {row.reviewed} reviewed, "
                f"{row.unreviewed} not yet reviewed, {row.untranslated} not translated"
            )
