"""The demo's evaluation plans: each launched Zone's measures locked on its launch day, and one
measure changed later, with its reason, so the plan shows how a change is published."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from peoplezones.evaluation import services
from peoplezones.evaluation.models import LockedMeasure, MeasureKind
from peoplezones.zones.models import Zone
from peoplezones.zones.services import is_launched

CHANGED_ZONE = "braunstone-park"


def load_evaluation(staff) -> None:  # type: ignore[no-untyped-def]
    for zone in Zone.objects.exclude(launch_date=None):
        if not is_launched(zone) or LockedMeasure.objects.filter(zone=zone).exists():
            continue
        launched = datetime.combine(zone.launch_date, time(10), timezone.get_current_timezone())
        services.lock_measures(zone=zone, by=staff, at=launched)
        if zone.slug != CHANGED_ZONE:
            continue
        crime = LockedMeasure.objects.filter(zone=zone, kind=MeasureKind.CRIME).first()
        if crime:
            services.change_measure(
                measure=crime, by=staff, at=launched + timedelta(days=150),
                changes={"ring_metres": 800},
                reason=(
                    "The ring was widened from 500 to 800 metres after residents told the "
                    "partnership meeting that dealing had moved to the streets beyond the park, "
                    "further than the first ring reached."
                ),
            )  # fmt: skip
