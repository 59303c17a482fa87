"""Personal data: the register, people's rights (access, erasure, consent) and retention."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "peoplezones.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        # Imported here: the declarations read models, loaded only once apps are ready.
        from django.core import checks

        from peoplezones.core import work as core_work
        from peoplezones.privacy import register, work
        from peoplezones.privacy.platform import PRIVACY

        register.register(self.label, PRIVACY)
        core_work.register("privacy", work.items_for)

        @checks.register()
        def personal_data_register(**_kwargs: object) -> list[checks.CheckMessage]:
            return [checks.Error(problem, id="privacy.E001") for problem in register.problems()]
