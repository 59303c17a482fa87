"""App configuration for the shared core."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "peoplezones.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from allauth.account.signals import user_logged_in
        from django.core import checks
        from rosetta.signals import post_save as catalogue_saved

        from peoplezones.core import (
            basemap,
            catalogues,
            lookups,  # noqa: F401  (registers the integer `in` lookup)
            messaging,
            signin,
            work,
        )

        user_logged_in.connect(signin.signed_in, dispatch_uid="pz-remember-device")
        catalogue_saved.connect(catalogues.reviewed_saved, dispatch_uid="pz-compile-catalogue")
        work.register("messages", messaging.work_items)
        checks.register(basemap.check_settings)
