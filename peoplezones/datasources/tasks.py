"""Refreshing a source in the background (django-tasks): "refresh now" on the Data sources page."""

import logging

from django.db import transaction
from django_tasks import task

from peoplezones.datasources import area as areas
from peoplezones.datasources import services
from peoplezones.datasources.area import Area
from peoplezones.datasources.models import SourceRun, Trigger

logger = logging.getLogger(__name__)


@task()
def run_source(run_id: int) -> None:
    services.execute(areas.current(), SourceRun.objects.get(pk=run_id))


def refresh_now(area: Area, key: str, *, by: object) -> SourceRun | None:
    """A person asked for a source now: queued for the worker (None when one is already waiting
    or running, so a second click does not fetch twice)."""

    if key not in area.sources:
        raise KeyError(key)
    run = services.queue(key, Trigger.BUTTON)
    if run is None:
        return None
    logger.info("Refresh of %s (run %s) asked for by user %s", key, run.pk, getattr(by, "pk", None))
    transaction.on_commit(lambda: run_source.enqueue(run.pk))
    return run
