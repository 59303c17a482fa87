from django.apps import AppConfig


class ToolkitConfig(AppConfig):
    name = "peoplezones.toolkit"
    label = "toolkit"
    verbose_name = "Tool Kit"

    def ready(self) -> None:
        from peoplezones.privacy import register as personal_data
        from peoplezones.toolkit import panels
        from peoplezones.toolkit.privacy import PRIVACY

        personal_data.register(self.label, PRIVACY)
        panels.register()
