"""App configuration for applications."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "peoplezones.applications"
    label = "applications"
    verbose_name = _("Applications")

    def ready(self) -> None:
        from peoplezones.applications import panels, work
        from peoplezones.applications.privacy import PRIVACY
        from peoplezones.core import work as core_work
        from peoplezones.privacy import register as personal_data

        personal_data.register(self.label, PRIVACY)
        core_work.register("applications", work.items_for)
        panels.register()
