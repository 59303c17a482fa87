"""App configuration for the public pages."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "peoplezones.pages"
    label = "pages"
    verbose_name = _("Public pages")

    def ready(self) -> None:
        from peoplezones.core import translation
        from peoplezones.pages import searchable
        from peoplezones.pages.privacy import PRIVACY
        from peoplezones.pages.services import install_missing_pages
        from peoplezones.privacy import register as personal_data

        personal_data.register(self.label, PRIVACY)
        searchable.register()
        translation.register(translation.Translatable(
            _("Public pages"), "pages.Page", ("title", "summary", "body"), long=("body",)))  # fmt: skip
        # A fresh install (and every test database) starts with the standard pages; staff
        # edits are never overwritten because only missing pages are created.
        post_migrate.connect(install_missing_pages, sender=self)
