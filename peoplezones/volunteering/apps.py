from django.apps import AppConfig
from django.db.models.signals import post_migrate


class VolunteeringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "peoplezones.volunteering"
    verbose_name = "Volunteering and safeguarding"

    def ready(self) -> None:
        from peoplezones.core import work as core_work
        from peoplezones.privacy import register as personal_data
        from peoplezones.volunteering import work
        from peoplezones.volunteering.help_types import install_missing
        from peoplezones.volunteering.privacy import PRIVACY

        personal_data.register(self.label, PRIVACY)
        core_work.register("volunteering", work.items_for)
        post_migrate.connect(install_missing, sender=self)
