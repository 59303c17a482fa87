"""Reads for the evaluation pages: a Zone's plan (each objective with every version of its
measure, or what would be locked at launch) and the figures a measure may change to."""

from dataclasses import dataclass, field
from typing import Any

from peoplezones.evaluation.models import LockedMeasure, MeasureKind
from peoplezones.evaluation.services import figure_labels, kind_of, measure_of
from peoplezones.zones.models import Objective, Zone
from peoplezones.zones.services import is_launched


@dataclass
class PlanRow:
    objective: Objective
    versions: list[LockedMeasure] = field(default_factory=list)  # oldest first
    draft: dict[str, Any] | None = None  # what launch would lock, before it does
    detectable: str = ""  # before launch: the smallest change it could show, in words

    @property
    def latest(self) -> LockedMeasure | None:
        return self.versions[-1] if self.versions else None

    @property
    def drifted(self) -> bool:
        """The objective now names another figure than its locked measure."""
        return bool(self.latest and self.draft and self.draft["figure"] != self.latest.figure)


@dataclass
class Plan:
    zone: Zone
    launched: bool
    rows: list[PlanRow]

    @property
    def unlocked(self) -> bool:
        """Some objective names a figure but has no measure locked yet."""
        return any(row.draft and not row.versions for row in self.rows)


def plan(zone: Zone) -> Plan:
    versions: dict[int, list[LockedMeasure]] = {}
    for measure in LockedMeasure.objects.filter(zone=zone).select_related("locked_by"):
        versions.setdefault(measure.objective_id, []).append(measure)
    labels = figure_labels(zone)
    rows = [
        PlanRow(objective=o, versions=versions.get(o.pk, []), draft=measure_of(o, labels))
        for o in zone.objectives.all()
    ]
    return Plan(zone=zone, launched=is_launched(zone), rows=rows)


def latest(objective: Objective) -> LockedMeasure:
    return objective.locked_measures.order_by("-version").first()


def figure_choices(measure: LockedMeasure) -> list[tuple[str, str]]:
    """Figures of the same family (police and partners' figures, or survey measures)."""
    survey = measure.kind == MeasureKind.SURVEY
    found = [
        (value, label)
        for value, label in figure_labels(measure.zone).items()
        if (kind_of(value) == MeasureKind.SURVEY) == survey
    ]
    if measure.figure not in dict(found):
        found.insert(0, (measure.figure, measure.label))
    return found
