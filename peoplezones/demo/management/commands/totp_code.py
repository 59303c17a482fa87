"""Print the current sign-in code for a demo account (the demo's stand-in for an authenticator app)."""

import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.core.management.base import BaseCommand, CommandError

from peoplezones.demo.data import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Show the current six-digit code for a demo account's authenticator."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("email")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        authenticator = Authenticator.objects.filter(
            user__email=options["email"].lower(), type=Authenticator.Type.TOTP
        ).first()
        if authenticator is None:
            raise CommandError(f"{options['email']} has no authenticator.")
        secret = decrypt(authenticator.data["secret"])
        if secret != DEMO_TOTP_SECRET:
            raise CommandError("Only demo accounts' codes can be shown here.")
        counter = int(time.time()) // mfa_settings.TOTP_PERIOD
        self.stdout.write(format_hotp_value(hotp_value(secret, counter)))
