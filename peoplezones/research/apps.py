from django.apps import AppConfig


class ResearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "peoplezones.research"
    verbose_name = "Community research"

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from peoplezones.core import work as core_work
        from peoplezones.privacy import register as personal_data
        from peoplezones.research import panels, services, tallies, work
        from peoplezones.research.models import Response
        from peoplezones.research.privacy import PRIVACY
        from peoplezones.zones.signals import objective_published

        personal_data.register(self.label, PRIVACY)
        core_work.register("research", work.items_for)
        panels.register()
        post_delete.connect(tallies.answer_deleted, sender=Response, dispatch_uid="research.tally")
        objective_published.connect(
            services.objective_published, dispatch_uid="research.tell_follow_ups"
        )
