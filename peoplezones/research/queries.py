"""Reads other apps need from community research."""

from typing import Any

from django.utils import timezone

from peoplezones.research.models import Wave


def open_waves(zone: Any = None) -> Any:
    """Waves taking answers now (for one Zone, or everywhere), closing soonest first."""
    now = timezone.now()
    waves = Wave.objects.filter(opens_at__lte=now, closes_at__gt=now)
    if zone is not None:
        waves = waves.filter(survey__zone=zone)
    return waves.select_related("survey__zone").order_by("closes_at")
