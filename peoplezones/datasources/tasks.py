"""Refreshing a source in the background (django-tasks): "refresh now" on the Data sources page."""

from django_tasks import task

from peoplezones.datasources import area, services
from peoplezones.datasources.models import SourceRun


@task()
def run_source(run_id: int) -> None:
    services.execute(area.current(), SourceRun.objects.get(pk=run_id))
