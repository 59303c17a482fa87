from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "peoplezones.search"
    verbose_name = "Search"

    def ready(self) -> None:
        from peoplezones.search import services

        # An install upgraded to a version with search finds its index empty: it is built once.
        post_migrate.connect(services.build_if_empty, sender=self)
