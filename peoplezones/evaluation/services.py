"""Every write to a Zone's evaluation plan: locking each objective's measure at launch, and a
later change as a new dated version with its reason (the earlier version is never altered)."""

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from peoplezones.core.models import User
from peoplezones.evaluation.models import Direction, LockedMeasure, MeasureKind, Method
from peoplezones.outcomes import queries
from peoplezones.outcomes.panels import MEASURE
from peoplezones.outcomes.queries import add_months
from peoplezones.research.measures import RESULTS
from peoplezones.zones import indicators
from peoplezones.zones.models import IndicatorKind, Objective, Zone
from peoplezones.zones.services import is_launched

# How an objective names a police or partner figure, and a partner's.
FIGURE = MEASURE
DEMAND = MEASURE + queries.DEMAND
JUDGED_AFTER_MONTHS = 24
RING_METRES = 500


def figure_labels(zone: Zone) -> dict[str, str]:
    """Every figure the Zone's objectives may follow, by value, from each measuring app."""
    found = {}
    for kind in (IndicatorKind.CRIME, IndicatorKind.SURVEY):
        for _group, options in indicators.choices(zone, kind):
            found.update(dict(options))
    return found


def kind_of(figure: str) -> str:
    if figure.startswith(DEMAND):
        return MeasureKind.DEMAND
    if figure.startswith(FIGURE):
        return MeasureKind.CRIME
    return MeasureKind.SURVEY


def _direction(kind: str, result_key: str) -> str:
    """Less crime and demand is success; a survey measure says which way is better."""
    if kind != MeasureKind.SURVEY:
        return Direction.FALL
    result = RESULTS.get(result_key)
    return Direction.RISE if result is None or result.higher_is_better else Direction.FALL


def measure_of(objective: Objective, labels: dict[str, str]) -> dict[str, Any] | None:
    """What an objective says it will be judged on, as a locked measure's fields; None when it
    names no figure a comparison can be made on (a milestone, say, or no figure chosen yet)."""
    if objective.indicator_kind == IndicatorKind.CRIME and objective.measure.startswith(FIGURE):
        figure = objective.measure
    elif objective.indicator_kind == IndicatorKind.SURVEY and objective.survey_result:
        figure = f"{objective.survey_id}:{objective.survey_result}"
    else:
        return None
    kind = kind_of(figure)
    return {
        "kind": kind,
        "figure": figure,
        "label": (labels.get(figure) or objective.indicator)[:200],
        "direction": _direction(kind, objective.survey_result),
        "method": Method.SURVEY if kind == MeasureKind.SURVEY else Method.SYNTHETIC,
        "ring_metres": RING_METRES,
    }


@transaction.atomic
def lock_measures(
    *, zone: Zone, by: User | None = None, at: datetime | None = None
) -> list[LockedMeasure]:
    """Lock version 1 of the measure of each of the launched Zone's objectives that names a
    figure and has none locked yet. Judged two years after launch unless changed later."""
    zone = Zone.objects.select_for_update().get(pk=zone.pk)  # one locker at a time per Zone
    if not is_launched(zone):
        raise ValidationError(_("Measures are locked when the Zone launches: it has not yet."))
    labels = figure_labels(zone)
    locked = set(
        LockedMeasure.objects.filter(zone=zone).values_list("objective_id", flat=True).distinct()
    )
    judged_on = add_months(zone.launch_date.replace(day=1), JUDGED_AFTER_MONTHS)
    made = []
    for objective in zone.objectives.exclude(pk__in=locked):
        fields = measure_of(objective, labels)
        if fields is None:
            continue
        measure = LockedMeasure(
            zone=zone, objective=objective, version=1, judged_on=judged_on,
            locked_at=at or timezone.now(), locked_by=by, **fields,
        )  # fmt: skip
        measure.full_clean()
        measure.save()
        made.append(measure)
    return made


CHANGEABLE = ("figure", "direction", "judged_on", "ring_metres")


@transaction.atomic
def change_measure(
    *,
    measure: LockedMeasure,
    by: User | None,
    changes: dict[str, Any],
    reason: str,
    at: datetime | None = None,
) -> LockedMeasure:
    """A new version of a locked measure, dated, with the reason for the change. Only the latest
    version may be changed; nothing about an earlier version is ever altered."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the measure is changing: it is published.")})
    unknown = set(changes) - set(CHANGEABLE)
    if unknown:
        raise ValidationError(_("These cannot be changed: %s") % ", ".join(sorted(unknown)))
    Zone.objects.select_for_update().get(pk=measure.zone_id)
    top = LockedMeasure.objects.filter(objective=measure.objective_id).aggregate(v=Max("version"))
    if measure.version != top["v"]:
        raise ValidationError(_("Only the latest version of a measure can be changed."))
    fields = {name: getattr(measure, name) for name in (*CHANGEABLE, "label")}
    fields.update(changes)
    if fields == {name: getattr(measure, name) for name in (*CHANGEABLE, "label")}:
        raise ValidationError(_("Nothing was changed."))
    if "figure" in changes and changes["figure"] != measure.figure:
        labels = figure_labels(measure.zone)
        if changes["figure"] not in labels:
            raise ValidationError({"figure": _("Choose a figure counted in this Zone.")})
        fields["label"] = labels[changes["figure"]][:200]
    launched = measure.zone.launch_date
    if launched and fields["judged_on"] <= launched:
        raise ValidationError(
            {"judged_on": _("Judge it after the launch on %(date)s.") % {"date": launched}}
        )
    kind = kind_of(fields["figure"])
    version = LockedMeasure(
        zone_id=measure.zone_id, objective_id=measure.objective_id, version=top["v"] + 1,
        kind=kind, method=Method.SURVEY if kind == MeasureKind.SURVEY else Method.SYNTHETIC,
        reason=reason, locked_at=at or timezone.now(), locked_by=by, **fields,
    )  # fmt: skip
    version.full_clean()
    version.save()
    return version
