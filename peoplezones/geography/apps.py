"""App configuration for statistical geography."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeographyConfig(AppConfig):
    name = "peoplezones.geography"
    label = "geography"
    verbose_name = _("Geography")

    def ready(self) -> None:
        from peoplezones.core import places as core_places
        from peoplezones.geography import places
        from peoplezones.geography.privacy import PRIVACY
        from peoplezones.privacy import register as personal_data

        personal_data.register(self.label, PRIVACY)
        core_places.register("postcodes", places.postcodes, order=10)
        core_places.register("areas", places.areas, order=40)
