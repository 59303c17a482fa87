"""App configuration for applications."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "peoplezones.applications"
    label = "applications"
    verbose_name = _("Applications")
