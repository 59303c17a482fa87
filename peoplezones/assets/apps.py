from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AssetsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "peoplezones.assets"
    verbose_name = "Assets"

    def ready(self) -> None:
        from peoplezones.assets import jobs, panels, places, searchable, signals, taxonomy, work
        from peoplezones.assets.models import ImportJob, JobStatus
        from peoplezones.assets.privacy import PRIVACY
        from peoplezones.core import jobs as background
        from peoplezones.core import places as core_places
        from peoplezones.core import work as core_work
        from peoplezones.privacy import register as personal_data

        personal_data.register(self.label, PRIVACY)
        core_work.register("assets", work.items_for)
        panels.register()
        post_migrate.connect(taxonomy.sync_after_migrate, sender=self)
        signals.connect()
        searchable.register()
        core_places.register("assets", places.assets, order=30)
        background.register(
            background.JobKind(
                name=jobs.KIND, model=ImportJob, started_field="created_at", fail=jobs.fail,
                working=(JobStatus.CHECKING, JobStatus.QUEUED, JobStatus.RUNNING),
            )
        )  # fmt: skip
