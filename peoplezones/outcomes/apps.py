from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "peoplezones.outcomes"
    verbose_name = "Outcomes"

    def ready(self) -> None:
        from peoplezones.core import jobs as background
        from peoplezones.outcomes import jobs, signals
        from peoplezones.outcomes.models import Upload, UploadStatus

        signals.connect()
        background.register(
            background.JobKind(
                name=jobs.KIND, model=Upload, started_field="created_at", fail=jobs.fail,
                working=(UploadStatus.QUEUED, UploadStatus.RUNNING),
            )
        )  # fmt: skip
