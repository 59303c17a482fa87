"""Personal data: the register, people's rights (access, erasure, consent) and retention."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "peoplezones.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        from django.core import checks

        @checks.register()
        def retention_rules(**_kwargs: object) -> list[checks.CheckMessage]:
            from django.conf import settings

            from peoplezones.privacy.retention import DEFAULT_DAYS

            unknown = set(getattr(settings, "PZ_RETENTION_DAYS", {})) - set(DEFAULT_DAYS)
            return (
                [
                    checks.Error(
                        f"PZ_RETENTION_DAYS names rules that do not exist: {sorted(unknown)}",
                        hint=f"The rules are: {', '.join(DEFAULT_DAYS)}.",
                        id="privacy.E001",
                    )
                ]
                if unknown
                else []
            )
