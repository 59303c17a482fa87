"""The programme as a whole, for the commissioner's office: every Zone side by side."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "peoplezones.programme"
    label = "programme"
    verbose_name = _("Programme")

    def ready(self) -> None:
        from peoplezones.programme import panels

        panels.register()
