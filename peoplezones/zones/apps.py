"""App configuration for Zones."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ZonesConfig(AppConfig):
    name = "peoplezones.zones"
    label = "zones"
    verbose_name = _("Zones")

    def ready(self) -> None:
        from peoplezones.core import places as core_places
        from peoplezones.core import translation
        from peoplezones.core import work as core_work
        from peoplezones.geography.signals import areas_imported
        from peoplezones.privacy import register as personal_data
        from peoplezones.zones import panels, places, searchable, services, work
        from peoplezones.zones.permissions import can_manage_zone
        from peoplezones.zones.privacy import PRIVACY

        personal_data.register(self.label, PRIVACY)
        core_work.register("zones", work.items_for)
        panels.register()
        searchable.register()
        areas_imported.connect(services.relink_all_zones, dispatch_uid="zones.relink_all")
        core_places.register("zones", places.zones, order=20)
        translation.register(translation.Translatable(
            _("Zone summaries"), "zones.Zone", ("summary",), long=("summary",),
            can_translate=can_manage_zone,
        ))  # fmt: skip
