"""Every Zone side by side, read in a few queries for all Zones at once (not per Zone): the
programme view and its CSV. The programme gathers from every app, like the API; no app imports it."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peoplezones.assets.models import Asset
from peoplezones.community.models import Group
from peoplezones.outcomes.queries import cached_compares
from peoplezones.research.results import attach_indicators
from peoplezones.volunteering.models import VolunteerOffer
from peoplezones.zones.models import OPEN_ACTION_STATUSES, Action, ActionStatus, Objective, Zone


@dataclass(frozen=True)
class Cell:
    text: str
    key: Any  # what the column sorts by (None sorts last)


@dataclass(frozen=True)
class Column:
    name: str
    label: Any
    cells: Callable[[list[Zone]], dict[int, Cell]]
    numeric: bool = True


def _count(n: int | None) -> Cell:
    return Cell(str(n or 0), n or 0)


def _stage(zones: list[Zone]) -> dict[int, Cell]:
    return {z.pk: Cell(z.get_stage_display(), z.stage) for z in zones}


def _months(zones: list[Zone]) -> dict[int, Cell]:
    today = timezone.localdate()
    found = {}
    for zone in zones:
        if zone.launch_date and zone.launch_date <= today:
            months = (
                (today.year - zone.launch_date.year) * 12 + today.month - zone.launch_date.month
            )
            found[zone.pk] = Cell(str(months), months)
        else:
            found[zone.pk] = Cell(str(_("not launched")), None)
    return found


def _per_zone(counts: Counter, zones: list[Zone]) -> dict[int, Cell]:
    return {z.pk: _count(counts.get(z.pk)) for z in zones}


def _objectives(zones: list[Zone]) -> dict[int, Cell]:
    rows = Objective.objects.filter(zone__in=zones).values_list("zone").annotate(n=Count("id"))
    return _per_zone(Counter(dict(rows)), zones)


def _actions(status: str) -> Callable[[list[Zone]], dict[int, Cell]]:
    def cells(zones: list[Zone]) -> dict[int, Cell]:
        actions = Action.objects.filter(zone__in=zones)
        if status == "overdue":
            actions = actions.filter(
                status__in=OPEN_ACTION_STATUSES, due_date__lt=timezone.localdate()
            )
        else:
            actions = actions.filter(status=status)
        return _per_zone(Counter(dict(actions.values_list("zone").annotate(n=Count("id")))), zones)

    return cells


def survey_change(zones: list[Zone]) -> dict[int, Cell]:
    """The first objective's survey measure with a change between waves, in words."""
    objectives = list(
        Objective.objects.filter(zone__in=zones, survey__isnull=False)
        .select_related("survey")
        .order_by("zone", "position", "pk")
    )
    attach_indicators(objectives)
    found: dict[int, Cell] = {}
    for objective in objectives:
        measured = getattr(objective, "survey_indicator", None)
        if objective.zone_id not in found and measured and measured["row"].change:
            text = f"{measured['row'].label}: {measured['row'].change}"
            found[objective.zone_id] = Cell(text, text)
    return {z.pk: found.get(z.pk, Cell("", None)) for z in zones}


def _crime(zones: list[Zone]) -> dict[int, Cell]:
    comparisons = cached_compares([z for z in zones if z.boundary])
    found = {}
    for zone in zones:
        comparison = comparisons.get(zone.pk)
        found[zone.pk] = (
            Cell(comparison.summary, comparison.summary) if comparison else Cell("", None)
        )
    return found


def _volunteers(zones: list[Zone]) -> dict[int, Cell]:
    rows = (
        VolunteerOffer.objects.filter(zone__in=zones, active=True)
        .values_list("zone")
        .annotate(n=Count("volunteer", distinct=True))
    )
    return _per_zone(Counter(dict(rows)), zones)


def _groups(zones: list[Zone]) -> dict[int, Cell]:
    rows = Group.objects.filter(zone__in=zones).values_list("zone").annotate(n=Count("id"))
    return _per_zone(Counter(dict(rows)), zones)


def _assets(zones: list[Zone]) -> dict[int, Cell]:
    rows = Asset.objects.filter(zones__in=zones).values_list("zones").annotate(n=Count("id"))
    return _per_zone(Counter(dict(rows)), zones)


COLUMNS = [
    Column("stage", _("Stage"), _stage, numeric=False),
    Column("months", _("Months since launch"), _months),
    Column("objectives", _("Objectives"), _objectives),
    Column("done", _("Actions done"), _actions(ActionStatus.DONE)),
    Column("in_progress", _("Actions in progress"), _actions(ActionStatus.IN_PROGRESS)),
    Column("overdue", _("Actions overdue"), _actions("overdue")),
    Column("survey", _("Headline survey change"), survey_change, numeric=False),
    Column("crime", _("Crime and ASB against similar areas"), _crime, numeric=False),
    Column("volunteers", _("Volunteers active"), _volunteers),
    Column("groups", _("Groups"), _groups),
    Column("assets", _("Assets"), _assets),
]
BY_NAME = {column.name: column for column in COLUMNS}


@dataclass(frozen=True)
class Row:
    zone: Zone
    cells: list[Cell]


def table(zones: list[Zone], sort: str = "", descending: bool = False) -> list[Row]:
    """One row per Zone, a cell per column; sorted by a column (blanks last), else by name."""
    by_column = [column.cells(zones) for column in COLUMNS]
    rows = [Row(zone, [cells[zone.pk] for cells in by_column]) for zone in zones]
    if sort in BY_NAME:
        at = COLUMNS.index(BY_NAME[sort])
        present = [r for r in rows if r.cells[at].key is not None]
        blank = [r for r in rows if r.cells[at].key is None]
        present.sort(key=lambda r: (r.cells[at].key, r.zone.name), reverse=descending)
        return present + blank
    return sorted(rows, key=lambda r: r.zone.name)
