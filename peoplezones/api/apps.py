"""The REST API: public, read-only data for partners' systems (OpenAPI schema at /api/v1/schema/)."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "peoplezones.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from peoplezones.api.privacy import PRIVACY
        from peoplezones.privacy import register as personal_data

        personal_data.register(self.label, PRIVACY)
