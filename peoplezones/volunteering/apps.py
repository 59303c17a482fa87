from django.apps import AppConfig
from django.db.models.signals import post_migrate


class VolunteeringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "peoplezones.volunteering"
    verbose_name = "Volunteering and safeguarding"

    def ready(self) -> None:
        from peoplezones.volunteering.help_types import install_missing

        post_migrate.connect(install_missing, sender=self)
