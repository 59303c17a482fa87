"""App configuration for statistical geography."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeographyConfig(AppConfig):
    name = "peoplezones.geography"
    label = "geography"
    verbose_name = _("Geography")

    def ready(self) -> None:
        from peoplezones.core import places as core_places
        from peoplezones.geography import places, signals

        signals.connect()
        core_places.register("postcodes", places.postcodes, order=10)
        core_places.register("areas", places.areas, order=40)
