from django.apps import AppConfig


class VolunteeringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "peoplezones.volunteering"
    verbose_name = "Volunteering and safeguarding"
