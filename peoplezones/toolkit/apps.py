from django.apps import AppConfig


class ToolkitConfig(AppConfig):
    name = "peoplezones.toolkit"
    label = "toolkit"
    verbose_name = "Tool Kit"
