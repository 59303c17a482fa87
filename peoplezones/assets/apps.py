from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AssetsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "peoplezones.assets"
    verbose_name = "Assets"

    def ready(self) -> None:
        from peoplezones.assets import signals, taxonomy

        post_migrate.connect(taxonomy.sync_after_migrate, sender=self)
        signals.connect()
