"""`manage.py api_token EMAIL --name NAME --zones SLUG,... [--scope progress]`: issue a token.

The key is printed once; only its hash is kept. `--revoke=PREFIX` revokes one.
"""

from django.core.management.base import BaseCommand, CommandError

from peoplezones.api import services
from peoplezones.api.models import Scope
from peoplezones.core.models import User
from peoplezones.zones.models import Zone


class Command(BaseCommand):
    help = "Issue (or revoke) an API token for a person, limited to named Zones and scopes."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("email", nargs="?")
        parser.add_argument("--name", default="API token")
        parser.add_argument("--zones", default="", help="Zone slugs, comma separated")
        parser.add_argument("--scope", action="append", choices=Scope.values, default=[])
        parser.add_argument(
            "--revoke",
            metavar="PREFIX",
            help="Revoke the live token starting PREFIX; write --revoke=PREFIX, as a prefix may "
            "start with '-'.",
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        if options["revoke"]:
            done = services.revoke_by_prefix(options["revoke"])
            if not done:
                raise CommandError(f"No live token starts {options['revoke']}.")
            self.stdout.write(f"Revoked {options['revoke']}.")
            return
        user = User.objects.filter(email__iexact=options["email"] or "").first()
        if user is None:
            raise CommandError(f"No account has the email {options['email']!r}.")
        slugs = [s.strip() for s in options["zones"].split(",") if s.strip()]
        zones = list(Zone.objects.filter(slug__in=slugs))
        missing = set(slugs) - {z.slug for z in zones}
        if not zones or missing:
            raise CommandError(f"Name the token's Zones with --zones; unknown: {sorted(missing)}")
        token, key = services.issue_token(
            name=options["name"], user=user, zones=zones, scopes=options["scope"] or ["progress"]
        )
        self.stdout.write(f"Token {token} for {user.email} in {', '.join(slugs)}.")
        self.stdout.write(f"Key (shown once): {key}")
