"""App configuration for Zones."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ZonesConfig(AppConfig):
    name = "peoplezones.zones"
    label = "zones"
    verbose_name = _("Zones")
