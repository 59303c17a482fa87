from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "peoplezones.evaluation"
    verbose_name = "Evaluation"

    def ready(self) -> None:
        from peoplezones.evaluation import signals
        from peoplezones.evaluation.privacy import PRIVACY
        from peoplezones.privacy import register as personal_data

        personal_data.register(self.label, PRIVACY)
        signals.connect()
