"""Locking measures when a Zone launches, and an objective's when it is published after launch."""

from typing import Any

from peoplezones.evaluation import services
from peoplezones.zones.services import is_launched
from peoplezones.zones.signals import objective_published, zone_launched


def _launched(sender: Any, zone: Any, actor: Any = None, **kwargs: Any) -> None:
    services.lock_measures(zone=zone, by=actor)


def _published(sender: Any, objective: Any, **kwargs: Any) -> None:
    if is_launched(objective.zone):
        services.lock_measures(zone=objective.zone, by=objective.published_by)


def connect() -> None:
    zone_launched.connect(_launched, dispatch_uid="evaluation.lock_on_launch")
    objective_published.connect(_published, dispatch_uid="evaluation.lock_on_publish")
