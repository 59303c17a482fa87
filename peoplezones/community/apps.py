from django.apps import AppConfig


class CommunityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "peoplezones.community"
    verbose_name = "Groups and events"

    def ready(self) -> None:
        from peoplezones.community import searchable
        from peoplezones.community.privacy import PRIVACY
        from peoplezones.privacy import register as personal_data

        personal_data.register(self.label, PRIVACY)
        searchable.register()
