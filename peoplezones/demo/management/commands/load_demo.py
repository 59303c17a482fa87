"""`manage.py load_demo`: build the fictional demo (safe to run again) and print the logins."""

from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import override_settings

from peoplezones.demo.data import DEMO_PASSWORD, DEMO_TOTP_SECRET, PEOPLE, SEED, load_demo


class Command(BaseCommand):
    help = "Load fictional demo data for Leicester, Leicestershire and Rutland (idempotent)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--seed", type=int, default=SEED)
        parser.add_argument("--quiet", action="store_true", help="Do not print the demo logins.")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        # Demo updates and invitations would otherwise email fictional people on the console.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            created = load_demo(seed=options["seed"])
        if connection.vendor == "postgresql":
            # Tables just filled have no statistics: until autovacuum next looks (up to a
            # minute) the planner guesses, and the load test's first half-minute was slow.
            tables = connection.introspection.django_table_names(only_existing=True)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE " + ", ".join(map(connection.ops.quote_name, tables)))
        self.stdout.write(f"Demo data ready ({len(created)} new accounts).")
        if options["quiet"]:
            return
        self.stdout.write(f"\nDemo sign-ins (password for all: {DEMO_PASSWORD})")
        for email, name, role, organisation, zones in PEOPLE:
            extra = organisation or ", ".join(zones)
            self.stdout.write(
                f"  {role.label:<22} {email:<34} {name}{' - ' + extra if extra else ''}"
            )
        self.stdout.write(
            "\nStaff, coordinators and partners sign in with a second step. Add this key to any "
            f"authenticator app: {DEMO_TOTP_SECRET}\nor get the current code with: "
            ".venv/bin/python manage.py totp_code EMAIL"
        )
