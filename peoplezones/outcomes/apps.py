from django.apps import AppConfig
from django.db.models.signals import post_migrate


class OutcomesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "peoplezones.outcomes"
    verbose_name = "Outcomes"

    def ready(self) -> None:
        from peoplezones.core import jobs as background
        from peoplezones.core import work as core_work
        from peoplezones.outcomes import jobs, panels, partitions, signals, work
        from peoplezones.outcomes.models import Upload, UploadStatus
        from peoplezones.outcomes.privacy import PRIVACY
        from peoplezones.privacy import register as personal_data

        personal_data.register(self.label, PRIVACY)
        core_work.register("outcomes", work.items_for)
        panels.register()
        signals.connect()
        post_migrate.connect(partitions.drop_orphans, sender=self)
        background.register(
            background.JobKind(
                name=jobs.KIND, model=Upload, started_field="created_at", fail=jobs.fail,
                working=(UploadStatus.QUEUED, UploadStatus.RUNNING),
            )
        )  # fmt: skip
