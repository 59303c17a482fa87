"""App configuration for statistical geography."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeographyConfig(AppConfig):
    name = "peoplezones.geography"
    label = "geography"
    verbose_name = _("Geography")

    def ready(self) -> None:
        from peoplezones.geography import signals

        signals.connect()
