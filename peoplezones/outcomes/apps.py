from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "peoplezones.outcomes"
    verbose_name = "Outcomes"

    def ready(self) -> None:
        from peoplezones.outcomes import signals

        signals.connect()
