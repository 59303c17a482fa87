"""The REST API: public, read-only data for partners' systems (OpenAPI schema at /api/v1/schema/)."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "peoplezones.api"
    label = "api"
    verbose_name = "API"
