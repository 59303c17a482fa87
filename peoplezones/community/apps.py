from django.apps import AppConfig


class CommunityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "peoplezones.community"
    verbose_name = "Groups and events"
