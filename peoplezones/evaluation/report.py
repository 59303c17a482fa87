"""One evaluation per Zone and locked measure: the data it reads (each neighbourhood's monthly
counts, the files they came from), the methods run on it (evaluation.methods), and the sentence
a resident can read. The same data always gives the same numbers: every random draw is seeded
from the Zone, the figure and the version, and the result carries a fingerprint of its inputs."""

import hashlib
import tomllib
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import numpy as np
import scipy
import shapely
import statsmodels
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from shapely.geometry import shape

from peoplezones.core import csvfile
from peoplezones.core.geo import to_british_national_grid
from peoplezones.core.pdf import render_pdf
from peoplezones.evaluation import methods
from peoplezones.evaluation.models import Direction, LockedMeasure, MeasureKind
from peoplezones.evaluation.services import FIGURE
from peoplezones.geography.models import StatisticalArea, ZoneArea
from peoplezones.outcomes import queries as outcomes
from peoplezones.outcomes.models import Batch, BatchKind
from peoplezones.zones import indicators

HISTORY_MONTHS = 36  # months before launch read at most
MIN_BEFORE = 6  # months before launch a synthetic control needs
MIN_DONORS = 10
FEW_DONORS = 100  # fewer, and the placebo areas overlap enough to flatter the p-value a little
RING_SHARE = 0.2  # of a neighbourhood's area within the ring, for it to count as next door
CACHE_SECONDS = 7 * 24 * 3600
METHOD_VERSION = "1"  # raise when a method changes what it computes


@dataclass
class Evaluation:
    measure: LockedMeasure
    category: str = ""
    months: list[date] = field(default_factory=list)
    launch: int = 0  # index in `months` of the launch month
    codes: list[str] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)  # code -> zone, donor, ring, comparison
    counts: np.ndarray | None = None
    population: dict[str, int] = field(default_factory=dict)
    synthetic: methods.Synthetic | None = None
    detectable: list[methods.Detectable] = field(default_factory=list)
    comparison: Any = None  # outcomes.queries.Comparison (difference in differences)
    event: methods.EventStudy | None = None
    displacement: methods.Displacement | None = None
    ring_codes: list[str] = field(default_factory=list)
    files: list[dict[str, Any]] = field(default_factory=list)
    software: str = ""
    fingerprint: str = ""
    problems: list[str] = field(default_factory=list)
    survey: Any = None  # a survey measure's row (research), when the measure is one

    @property
    def months_after(self) -> int:
        return len(self.months) - self.launch if self.months else 0

    @property
    def judged(self) -> bool:
        return bool(self.months) and self.months[-1] >= _month_before(self.measure.judged_on)

    @property
    def donor_count(self) -> int:
        return sum(1 for role in self.roles.values() if "donor" in role.split("+"))


def _month_before(day: date) -> date:
    return outcomes.add_months(day.replace(day=1), -1)


def seed_of(measure: LockedMeasure) -> int:
    """The same for the same Zone, figure and version, on any database."""
    return zlib.crc32(f"{measure.zone.slug}:{measure.figure}:{measure.version}".encode())


def software() -> str:
    with open(settings.BASE_DIR / "pyproject.toml", "rb") as handle:
        version = tomllib.load(handle)["project"]["version"]
    commit = ""
    head = settings.BASE_DIR / ".git" / "HEAD"
    if head.exists():
        ref = head.read_text().strip()
        if ref.startswith("ref: "):
            target = settings.BASE_DIR / ".git" / ref.removeprefix("ref: ")
            ref = target.read_text().strip() if target.exists() else ""
        commit = f" (commit {ref[:12]})" if ref else ""
    return (
        f"People Zones {version}{commit}; methods version {METHOD_VERSION}; numpy "
        f"{np.__version__}, scipy {scipy.__version__}, statsmodels {statsmodels.__version__}"
    )


def ring_areas(zone: Any, metres: int) -> list[str]:
    """Neighbourhoods next door: outside every Zone, with at least RING_SHARE of their area within
    `metres` of the Zone's boundary."""
    if not zone.boundary or metres <= 0:
        return []
    inside = to_british_national_grid(shape(zone.boundary))
    ring = inside.buffer(metres).difference(inside)
    west, south, east, north = shape(zone.boundary).bounds
    margin = metres / 60_000  # degrees: generous at British latitudes
    counted = set(
        ZoneArea.objects.filter(share_inside__gte=outcomes.ZONE_AREA_SHARE).values_list(
            "area__code", flat=True
        )
    )
    found = []
    nearby = StatisticalArea.objects.filter(
        max_lon__gte=west - margin, min_lon__lte=east + margin,
        max_lat__gte=south - margin, min_lat__lte=north + margin,
    ).exclude(code__in=counted)  # fmt: skip
    for area in nearby:
        polygon = to_british_national_grid(shape(area.geometry))
        if polygon.area and shapely.area(polygon.intersection(ring)) / polygon.area >= RING_SHARE:
            found.append(area.code)
    return sorted(found)


def _files(category: str, first: date, last: date) -> list[dict[str, Any]]:
    kind = outcomes.demand_type(category)
    batches = Batch.objects.filter(month__lte=last)
    if kind is None:
        batches = batches.filter(kind=BatchKind.STREET, month__gte=first)
    else:
        batches = batches.filter(kind=BatchKind.DEMAND, agency=kind.agency)
    return [
        {"name": b.file_name, "sha256": b.sha256, "imported_at": b.imported_at, "rows": b.rows}
        for b in batches.order_by("month", "file_name")
    ]


def _read_counts(evaluation: Evaluation, groups: dict[str, list[str]], profiles: dict) -> None:
    """Every neighbourhood analysed, each month: the Zone's, the donors, the ring next door and
    the difference in differences' comparison areas (a neighbourhood may be more than one)."""
    roles: dict[str, list[str]] = {}
    for role, codes in groups.items():
        for code in codes:
            roles.setdefault(code, []).append(role)
    evaluation.codes = list(roles)  # the Zone's first, then the donors
    evaluation.roles = {code: "+".join(found) for code, found in roles.items()}
    evaluation.population = {code: profiles[code].population for code in evaluation.codes}
    found = outcomes.area_month_counts(
        evaluation.codes, evaluation.months[0], evaluation.months[-1], evaluation.category
    )
    evaluation.counts = np.array(
        [[found.get((code, month), 0) for code in evaluation.codes] for month in evaluation.months],
        dtype=float,
    )


def _columns(evaluation: Evaluation, codes: list[str]) -> list[int]:
    index = {code: j for j, code in enumerate(evaluation.codes)}
    return [index[code] for code in codes]


def build(measure: LockedMeasure, launch: date | None = None) -> Evaluation:
    """The evaluation of a locked measure; or, with `launch`, of a measure a Zone not launched
    yet would lock, as if it launched then (only the smallest detectable change means much)."""
    evaluation = Evaluation(measure=measure)
    zone = measure.zone
    if measure.kind == MeasureKind.SURVEY:
        return _survey(evaluation)
    evaluation.category = category = measure.figure.removeprefix(FIGURE)
    earliest, latest = outcomes.loaded_span(category)
    launch = launch or zone.launch_date
    if not launch or latest is None:
        evaluation.problems.append(_("No figures are loaded for this measure yet."))
        return evaluation
    launch = launch.replace(day=1)
    first = max(outcomes.add_months(launch, -HISTORY_MONTHS), earliest)
    last = min(latest, _month_before(measure.judged_on))
    evaluation.months = outcomes.months_between(first, last)
    evaluation.launch = sum(1 for m in evaluation.months if m < launch)
    if evaluation.launch < MIN_BEFORE:
        evaluation.problems.append(
            _("Fewer than %(n)s months before launch are loaded: too few to fit a comparison.")
            % {"n": MIN_BEFORE}
        )
        return evaluation
    profiles = outcomes.area_profiles()
    evaluation.ring_codes = [c for c in ring_areas(zone, measure.ring_metres) if c in profiles]
    zone_codes = [c for c in outcomes.zone_lsoas(zone) if c in profiles]
    excluded = outcomes.areas_in_zones() | set(evaluation.ring_codes)
    donors = sorted(
        c
        for c in outcomes.covered_areas(category, first, last)
        if c in profiles and c not in excluded
    )
    if not zone_codes or len(donors) < MIN_DONORS:
        evaluation.problems.append(
            _(
                "A synthetic control needs the Zone's neighbourhoods with their residents and at "
                "least %(n)s similar neighbourhoods outside every Zone with figures loaded."
            )
            % {"n": MIN_DONORS}
        )
        return evaluation
    evaluation.comparison = outcomes.cached_compare(zone, category)
    compared = evaluation.comparison.comparison_codes if evaluation.comparison else []
    _read_counts(
        evaluation,
        {
            "zone": zone_codes,
            "donor": donors,
            "ring": evaluation.ring_codes,
            "comparison": compared,
        },
        profiles,
    )
    used = len(zone_codes) + len(donors)  # the synthetic control's columns come first
    panel = methods.AreaPanel(
        counts=evaluation.counts[:, :used],
        population=np.array(
            [evaluation.population[c] for c in evaluation.codes[:used]], dtype=float
        ),
        zone=np.arange(used) < len(zone_codes),
        launch=evaluation.launch,
    )
    seed = seed_of(measure)
    direction = -1 if measure.direction == Direction.FALL else 1
    before = replace(panel, counts=panel.counts[: panel.launch])
    evaluation.detectable = methods.minimum_detectable_effect(
        before, direction=direction, seed=seed
    )
    if evaluation.months_after:
        result = methods.synthetic_control(panel, seed=seed)
        # Kept in the cache: the placebos' series stay (the charts), their weights over every
        # donor (200 x 2,000 numbers at national scale) go.
        none = np.empty(0)
        evaluation.synthetic = replace(
            result, placebos=[replace(f, weights=none, donors=none) for f in result.placebos]
        )
        _event_study(evaluation, zone_codes)
        _displacement(evaluation, zone_codes, donors)
    else:
        evaluation.problems.append(_("No month since launch is loaded yet."))
    evaluation.files = _files(category, first, last)
    evaluation.software = software()
    evaluation.fingerprint = hashlib.sha256(data_csv(evaluation).encode()).hexdigest()
    return evaluation


def _event_study(evaluation: Evaluation, zone_codes: list[str]) -> None:
    """The difference in differences month by month: the Zone's neighbourhoods against their
    matched comparison areas, from 12 months before launch."""
    if evaluation.comparison is None:
        return
    codes = zone_codes + evaluation.comparison.comparison_codes
    start = max(0, evaluation.launch - 12)
    counts = evaluation.counts[start:, _columns(evaluation, codes)]
    rates = 1000 * counts / np.array([evaluation.population[c] for c in codes])
    months, areas = rates.shape
    evaluation.event = methods.event_study(
        rate=rates.T.ravel(),
        zone=np.repeat(np.arange(areas) < len(zone_codes), months).astype(int),
        month=np.tile(np.arange(months), areas),
        cluster=np.repeat(np.arange(areas), months),
        launch=evaluation.launch - start,
    )


def _displacement(evaluation: Evaluation, zone_codes: list[str], donors: list[str]) -> None:
    """The Zone, the ring and their control (the Zone's matched comparison areas, or all
    donors), over equal spans either side of launch (at most 12 months)."""
    if not evaluation.ring_codes:
        return
    span = min(12, evaluation.launch, evaluation.months_after)
    chosen = slice(evaluation.launch - span, evaluation.launch + span)
    controls = evaluation.comparison.comparison_codes if evaluation.comparison else donors

    def monthly(codes: list[str]) -> np.ndarray:
        return evaluation.counts[chosen, _columns(evaluation, codes)].sum(axis=1)

    def halves(codes: list[str]) -> tuple[float, float]:
        series = monthly(codes)
        return float(series[:span].sum()), float(series[span:].sum())

    zone, ring = zone_codes, evaluation.ring_codes
    spread = methods.dispersion(monthly(zone)[:span], monthly(ring)[:span])
    evaluation.displacement = methods.weighted_displacement(
        zone=halves(zone), zone_control=halves(controls), ring=halves(ring),
        ring_control=halves(controls), dispersion=spread,
    )  # fmt: skip


def _survey(evaluation: Evaluation) -> Evaluation:
    objective = evaluation.measure.objective
    survey_id, _sep, result = evaluation.measure.figure.partition(":")
    objective.survey_id, objective.survey_result = int(survey_id), result
    indicators.attach([objective])
    found = getattr(objective, "survey_indicator", None)
    evaluation.survey = found["row"] if found else None
    if evaluation.survey is None:
        evaluation.problems.append(_("The survey's results are not published yet."))
    evaluation.software = software()
    return evaluation


def data_rows(evaluation: Evaluation, suppress_below: int = 0) -> Iterator[list[Any]]:
    """The exact data analysed: each neighbourhood's count each month, its role and residents.
    With `suppress_below`, counts from 1 to that less one are shown as "<n"."""
    yield ["lsoa_code", "role", "residents", "month", "count"]
    if evaluation.counts is None:
        return
    for j, code in enumerate(evaluation.codes):
        for i, month in enumerate(evaluation.months):
            n = int(evaluation.counts[i, j])
            shown = f"<{suppress_below}" if 0 < n < suppress_below else n
            role, residents = evaluation.roles[code], evaluation.population[code]
            yield [code, role, residents, f"{month:%Y-%m}", shown]


def data_csv(evaluation: Evaluation, suppress_below: int = 0) -> str:
    return csvfile.text(data_rows(evaluation, suppress_below))


def _version(measure: LockedMeasure, launch: date | None) -> str:
    batches, profiles = outcomes.shared_version()
    # Every Zone's neighbourhoods, not only this one's: the donors and the ring exclude them all.
    areas = ZoneArea.objects.aggregate(n=Count("id"), last=Max("id"))
    zone = measure.zone
    which = measure.pk or f"draft:{measure.objective_id}:{measure.figure}:{measure.direction}"
    parts = (
        METHOD_VERSION, which, launch or zone.launch_date, zone.boundary_updated_at,
        *batches, *profiles, *areas.values(),
    )  # fmt: skip
    return hashlib.sha256(":".join(str(p) for p in parts).encode()).hexdigest()[:24]


def cached(measure: LockedMeasure, launch: date | None = None) -> Evaluation:
    """build(), kept until anything it reads changes (at national scale it fits a few thousand
    synthetic controls: seconds, which a page should not wait for twice)."""
    if measure.kind == MeasureKind.SURVEY:
        return build(measure)
    key = f"pz:evaluation:{measure.zone_id}:{_version(measure, launch)}"
    found = cache.get(key)
    if found is None:
        found = build(measure, launch)
        cache.set(key, found, CACHE_SECONDS)
    found.measure = measure
    return found


def before_launch(objective: Any, fields: dict[str, Any]) -> Evaluation | None:
    """For a Zone not launched yet: what its objective's measure could show were it launched
    next month (the smallest detectable change, from every month loaded so far)."""
    if fields["kind"] == MeasureKind.SURVEY:
        return None
    _earliest, latest = outcomes.loaded_span(fields["figure"].removeprefix(FIGURE))
    if latest is None:
        return None
    launch = outcomes.add_months(latest, 1)
    measure = LockedMeasure(
        zone=objective.zone, objective=objective, version=0,
        judged_on=outcomes.add_months(launch, 24), **fields,
    )  # fmt: skip
    return cached(measure, launch)


# In words -----------------------------------------------------------------------------------------


def _percent(share: float) -> str:
    return f"{abs(round(100 * share))}%"


def detectable_sentence(evaluation: Evaluation) -> str:
    """'With about 60 incidents a month here, only a fall of about 25% or more could be told apart
    from chance by month 12 (18% by month 24).'"""
    found = [d for d in evaluation.detectable]
    if not found or evaluation.counts is None:
        return ""
    zone = [j for j, c in enumerate(evaluation.codes) if evaluation.roles.get(c) == "zone"]
    per_month = evaluation.counts[: evaluation.launch, zone].sum(axis=1).mean()
    way = _("fall") if evaluation.measure.direction == Direction.FALL else _("rise")
    parts = []
    for d in found:
        if not d.launches:
            parts.append(
                _("the change detectable by month %(m)s cannot be worked out from so few months")
                % {"m": d.months}
            )
        elif d.effect is None:
            parts.append(
                _("no %(way)s under 90%% could be told apart from chance by month %(m)s")
                % {"way": way, "m": d.months}
            )
        else:
            parts.append(
                _(
                    "only a %(way)s of about %(p)s or more could be told apart from chance by month %(m)s"
                )
                % {"way": way, "p": _percent(d.effect), "m": d.months}
            )
    return _("With about %(n)s a month here before launch, %(parts)s.") % {
        "n": f"{per_month:,.0f}", "parts": "; ".join(parts),
    }  # fmt: skip


def _in_a_sentence(label: str) -> str:
    """'Anti-social behaviour' inside a sentence; 'ONS loneliness' and names stay as they are."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def sentence(evaluation: Evaluation) -> str:
    """What a resident can read: what happened, against what, and how sure we can be."""
    measure = evaluation.measure
    if evaluation.survey is not None:
        return str(evaluation.survey.change) or _("There is no follow-up wave to compare yet.")
    result = evaluation.synthetic
    if result is None:
        return " ".join(evaluation.problems) or _("There is nothing to compare yet.")
    zone = measure.zone
    low, high = result.interval
    way = _("lower") if result.percent < 0 else _("higher")
    text = _(
        "In the %(months)s months since %(name)s launched, %(label)s there was %(p)s %(way)s than "
        "similar areas suggest it would have been (95%% interval: %(low)s to %(high)s)."
    ) % {
        "months": result.months, "name": zone.name, "label": _in_a_sentence(measure.label),
        "p": _percent(result.percent), "way": way,
        "low": f"{100 * low:+.0f}%", "high": f"{100 * high:+.0f}%",
    }  # fmt: skip
    beyond = np.count_nonzero(np.abs(result.placebo_statistics) >= abs(result.statistic))
    if result.p_value < 1 - methods.LEVEL:
        wanted = (result.percent < 0) == (measure.direction == Direction.FALL)
        if beyond:
            text += " " + _(
                "Only %(k)s of %(n)s placebo areas changed as much, so chance alone would rarely "
                "give this (it does not prove the Zone caused it)."
            ) % {"k": beyond, "n": len(result.placebos)}
        else:
            text += " " + _(
                "None of %(n)s placebo areas changed as much, so chance alone would rarely give "
                "this (it does not prove the Zone caused it)."
            ) % {"n": len(result.placebos)}
        text += " " + (
            _("It is the change the Zone set out to make.")
            if wanted
            else _("It is the opposite of the change the Zone set out to make.")
        )
    else:
        text += " " + _(
            "%(k)s of %(n)s placebo areas changed as much: a difference this size could easily "
            "come from chance, so it cannot yet be told apart from no change."
        ) % {"k": beyond, "n": len(result.placebos)}
    if not evaluation.judged:
        text += " " + _("This is an interim reading: the measure is judged on %(date)s.") % {
            "date": date_format(measure.judged_on, "j F Y")
        }
    return text


def pdf(context: dict[str, Any]) -> bytes:
    """The report as a PDF, from the same body as the page, with a print stylesheet."""
    return render_pdf("evaluation/report_pdf.html", context, "evaluation/report.css")
