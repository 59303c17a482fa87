"""Official and open data kept current without a person: the programme area's definition
(area.toml), the sources it names, `setup_area` and `refresh_data`, and the Data sources page."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DatasourcesConfig(AppConfig):
    name = "peoplezones.datasources"
    label = "datasources"
    verbose_name = _("Data sources")

    def ready(self) -> None:
        from peoplezones.datasources import attribution
        from peoplezones.datasources.privacy import PRIVACY
        from peoplezones.privacy import register as personal_data

        personal_data.register(self.label, PRIVACY)
        attribution.register()
