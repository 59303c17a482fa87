"""App configuration for Zones."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ZonesConfig(AppConfig):
    name = "peoplezones.zones"
    label = "zones"
    verbose_name = _("Zones")

    def ready(self) -> None:
        from peoplezones.core import places as core_places
        from peoplezones.zones import places

        core_places.register("zones", places.zones, order=20)
