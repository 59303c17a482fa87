"""App configuration for the demo data commands."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "peoplezones.demo"
    label = "demo"
    verbose_name = "Demo data"
