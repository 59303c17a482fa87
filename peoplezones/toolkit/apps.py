from django.apps import AppConfig


class ToolkitConfig(AppConfig):
    name = "peoplezones.toolkit"
    label = "toolkit"
    verbose_name = "Tool Kit"

    def ready(self) -> None:
        from peoplezones.core import translation
        from peoplezones.core import work as core_work
        from peoplezones.privacy import register as personal_data
        from peoplezones.toolkit import panels, searchable, work
        from peoplezones.toolkit.privacy import PRIVACY

        personal_data.register(self.label, PRIVACY)
        core_work.register("toolkit", work.items_for)
        panels.register()
        searchable.register()
        translation.register(translation.Translatable(
            "Tool Kit options", "toolkit.Option", ("title", "summary")))  # fmt: skip
