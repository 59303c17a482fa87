"""A survey's results: each standard measure per wave with its 95% interval, the change between
two waves said in plain words, breakdowns by one group at a time, and the Zone's own questions.

Disclosure: a figure built from fewer than PZ_SMALL_NUMBER_PEOPLE answers is never shown. In a
breakdown, when hidden groups add up to fewer than that many people, the next smallest group is
hidden too, so nobody can work a hidden group out by taking the shown groups from the total."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, prefetch_related_objects
from django.utils.translation import gettext as _

from peoplezones.research import measures, stats, tallies
from peoplezones.research.answering import allowed_values
from peoplezones.research.measures import Mean, Share
from peoplezones.research.models import Channel, Question, QuestionKind, Response, Survey, Wave
from peoplezones.research.tallies import Figures, Scores, Tally

Answers = dict[str, Any]


def threshold() -> int:
    return settings.PZ_SMALL_NUMBER_PEOPLE


@dataclass
class Cell:
    """One figure: a share or mean for one wave (and one group), or hidden."""

    n: int
    value: float | None = None
    low: float | None = None
    high: float | None = None
    hidden: bool = False
    scale: tuple[float, float] = (0.0, 1.0)
    is_share: bool = True

    @property
    def display(self) -> str:
        if self.hidden or self.value is None:
            return (
                _("fewer than %(n)s answered") % {"n": threshold()} if self.n else _("no answers")
            )
        return stats.percent(self.value) if self.is_share else f"{self.value:.1f}"

    @property
    def interval(self) -> str:
        if self.hidden or self.low is None or self.high is None:
            return ""
        if self.is_share:
            return f"{stats.percent(self.low)} to {stats.percent(self.high)}"
        return f"{self.low:.1f} to {self.high:.1f}"

    def _pct(self, value: float | None) -> float:
        low, high = self.scale
        if value is None:
            return 0.0
        return round(100 * min(max((value - low) / (high - low), 0.0), 1.0), 2)

    # For the chart: positions as percentages of its width.
    @property
    def bar(self) -> float:
        return self._pct(self.value)

    @property
    def whisker(self) -> tuple[float, float]:
        return self._pct(self.low), self._pct(self.high)


@dataclass
class Row:
    key: str
    label: str
    is_share: bool
    higher_is_better: bool
    cells: list[Cell]
    change: str = ""
    beyond_chance: bool = False
    groups: list[tuple[str, list[Cell]]] = field(default_factory=list)
    wave_names: list[str] = field(default_factory=list)

    @property
    def named_cells(self) -> list[tuple[str, Cell]]:
        return list(zip(self.wave_names, self.cells, strict=True))


@dataclass
class Distribution:
    """Answers to a question with fixed answers (the Zone's own, or 'what could you offer')."""

    question: Question
    rows: list[tuple[str, list[str]]]  # answer label -> per-wave display
    totals: list[str]


def _cell(result: Share | Mean, counted: Figures) -> Cell:
    if isinstance(result, Share):
        count, n = counted  # type: ignore[misc]
        if n < threshold():
            return Cell(n=n, hidden=True)
        low, high = stats.share_interval(count, n)
        return Cell(n=n, value=count / n, low=low, high=high)
    scores: Scores = counted  # type: ignore[assignment]
    n = sum(scores.values())
    scale = (float(result.low), float(result.high))
    if n < threshold():
        return Cell(n=n, hidden=True, scale=scale, is_share=False)
    low, high = stats.mean_interval(scores)
    mean = sum(score * people for score, people in scores.items()) / n
    return Cell(n=n, value=mean, low=low, high=high, scale=scale, is_share=False)


def change_sentence(result: Share | Mean, before: Figures, after: Figures) -> tuple[str, bool]:
    """The change between two waves in words, and whether it is larger than chance would likely
    give; or why there is no change to give."""
    if isinstance(result, Share):
        (cb, nb), (ca, na) = before, after  # type: ignore[misc]
        if min(nb, na) < threshold():
            return _too_few(), False
        change = stats.share_change(cb, nb, ca, na)
        words = stats.describe_share(change, result.statement, result.higher_is_better)
        return words, change.beyond_chance
    sb, sa = before, after
    if min(sum(sb.values()), sum(sa.values())) < threshold():  # type: ignore[union-attr]
        return _too_few(), False
    mean_change = stats.mean_change(sb, sa)  # type: ignore[arg-type]
    words = stats.describe_mean(mean_change, result.statement, result.higher_is_better)
    return words, mean_change.beyond_chance


def _too_few() -> str:
    return _("Too few answers in one of the waves to compare (fewer than %(n)s).") % {
        "n": threshold()
    }


# Breakdowns -----------------------------------------------------------------------------------------


def breakdown_choices(survey: Survey) -> list[tuple[str, str]]:
    """(key, text) of the questions results can be broken down by (tallies.is_breakdown)."""
    return [(q.key, q.text) for q in survey.questions.all() if tallies.is_breakdown(q)]


def group_label(question: Question) -> Callable[[str], str]:
    """A breakdown group's name from its kept value (tallies: an answer or a postcode sector)."""
    labels = dict(allowed_values(question))
    not_said = _("Did not say")
    if question.kind == QuestionKind.POSTCODE:
        return lambda value: value or not_said
    return lambda value: labels.get(value, not_said) if value else not_said


def suppress_groups(counts: dict[str, int]) -> set[str]:
    """Groups to hide: every group of 1-9 people, then the next smallest until the hidden groups
    hold none or at least the threshold, so no hidden group can be found by subtraction."""
    small = threshold()
    hidden = {g for g, n in counts.items() if 0 < n < small}
    while hidden and sum(counts[g] for g in hidden) < small:
        shown = sorted((n, g) for g, n in counts.items() if g not in hidden and n > 0)
        if not shown:
            break
        hidden.add(shown[0][1])
    return hidden


def _grouped_cells(
    result: Share | Mean, waves: Sequence[Wave], kept: dict[int, Tally], question: Question
) -> list[tuple[str, list[Cell]]]:
    """Each group's cell per wave: the question's answers in its order (then postcode sectors in
    order), "did not say" last."""
    values = {v for w in waves for v in kept[w.pk].groups.get(question.key, {})}
    order = {value: i for i, (value, _label) in enumerate(allowed_values(question))}
    names = sorted(values, key=lambda v: (v == "", order.get(v, len(order)), v))
    label = group_label(question)
    cells: dict[str, list[Cell]] = {g: [] for g in names}
    for wave in waves:
        tally = kept[wave.pk]
        wave_cells = {g: _cell(result, tally.share(result, (question.key, g))) for g in names}
        for g in suppress_groups({g: c.n for g, c in wave_cells.items()}):
            c = wave_cells[g]
            wave_cells[g] = Cell(n=c.n, hidden=True, scale=c.scale, is_share=c.is_share)
        for g in names:
            cells[g].append(wave_cells[g])
    return [(label(g), cells[g]) for g in names]


# The page -------------------------------------------------------------------------------------------


def standard_results(survey: Survey) -> list[Share | Mean]:
    # From survey.questions.all(), so that a page that read the questions once (prefetched) is
    # not asked for them again.
    return measures.results_for(
        {q.standard_item for q in survey.questions.all() if q.standard_item}
    )


def compute(
    survey: Survey,
    waves: Sequence[Wave],
    *,
    compare: tuple[Wave, Wave] | None = None,
    by: str = "",
    only: Sequence[str] = (),
    kept: dict[int, Tally] | None = None,
) -> list[Row]:
    """The standard results per wave, from the waves' kept tallies (tallies.py)."""
    kept = kept if kept is not None else tallies.for_waves(survey, waves)
    questions = {q.key: q for q in survey.questions.all()}
    breakdown = questions[by] if by in dict(breakdown_choices(survey)) else None
    rows = []
    for result in standard_results(survey):
        if only and result.key not in only:
            continue
        counted = {w.pk: kept[w.pk].share(result) for w in waves}
        cells = [_cell(result, counted[w.pk]) for w in waves]
        row = Row(
            key=result.key,
            label=measures.result_label(result),
            is_share=isinstance(result, Share),
            higher_is_better=result.higher_is_better,
            cells=cells,
            wave_names=[w.name for w in waves],
        )
        if compare:
            row.change, row.beyond_chance = change_sentence(
                result, counted[compare[0].pk], counted[compare[1].pk]
            )
        if breakdown is not None:
            row.groups = _grouped_cells(result, waves, kept, breakdown)
        rows.append(row)
    return rows


def distributions(
    survey: Survey, waves: Sequence[Wave], kept: dict[int, Tally] | None = None
) -> list[Distribution]:
    """Counts of each answer to questions with fixed answers that are not scored measures."""
    kept = kept if kept is not None else tallies.for_waves(survey, waves)
    scored = tallies.scored_items(standard_results(survey))
    out = []
    for question in survey.questions.all():
        if not tallies.is_distribution(question, scored):
            continue
        options = allowed_values(question)
        columns, answered = [], []
        for wave in waves:
            people, chosen = kept[wave.pk].fixed.get(question.key, (0, {}))
            answered.append(people)
            counts = {value: chosen.get(value, 0) for value, _label in options}
            if people < threshold():
                hidden = set(counts)
            elif question.kind == QuestionKind.MULTIPLE:  # answers overlap: no complement to take
                hidden = {v for v, n in counts.items() if 0 < n < threshold()}
            else:
                hidden = suppress_groups(counts)
            columns.append(
                {value: _shown(n, people, value in hidden) for value, n in counts.items()}
            )
        rows = [(label, [column[value] for column in columns]) for value, label in options]
        totals = [
            str(p) if p >= threshold() else _("fewer than %(n)s") % {"n": threshold()}
            for p in answered
        ]
        out.append(Distribution(question=question, rows=rows, totals=totals))
    return out


def _shown(count: int, answered: int, hidden: bool) -> str:
    if answered < threshold():
        return ""
    if hidden:
        return _("fewer than %(n)s") % {"n": threshold()}
    return f"{count} ({stats.percent(count / answered)})"


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def wave_counts(waves: Sequence[Wave]) -> list[dict[str, int]]:
    counts: dict[int, dict[str, int]] = {w.pk: dict.fromkeys(Channel.values, 0) for w in waves}
    per_channel = (
        Response.objects.filter(wave__in=waves).order_by().values_list("wave_id", "channel")
        .annotate(n=Count("id"))
    )  # fmt: skip
    for wave_id, channel, n in per_channel:
        counts[wave_id][channel] = n
    return [counts[w.pk] for w in waves]


def kept_waves(survey: Survey) -> tuple[list[Wave], dict[int, Tally]]:
    """The survey's waves with answers, in order, and every wave's kept tally."""
    waves = list(survey.waves.order_by("opens_at", "id"))
    kept = tallies.for_waves(survey, waves)
    return [w for w in waves if kept[w.pk].responses], kept


def channel_counts(waves: Sequence[Wave], kept: dict[int, Tally]) -> list[dict[str, int]]:
    return [{**dict.fromkeys(Channel.values, 0), **kept[w.pk].channels} for w in waves]


def indicators(survey: Survey, result_keys: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Objectives' survey indicators, {result key: figure per wave and change since the
    baseline}, from the waves' kept tallies: current with every answer, and a few rows to read
    however many answers there are."""
    keys = sorted({key for key in result_keys if key in measures.RESULTS})
    if not keys:
        return {}
    prefetch_related_objects([survey], "questions")
    waves, kept = kept_waves(survey)
    found = {}
    if waves:
        compare = (waves[0], waves[-1]) if len(waves) > 1 else None
        for row in compute(survey, waves, compare=compare, only=keys, kept=kept):
            found[row.key] = {"row": row, "survey": survey}
    return found


def indicator(survey: Survey, result_key: str) -> dict[str, Any] | None:
    """An objective's survey indicator: its figure per wave and the change since the baseline."""
    return indicators(survey, [result_key]).get(result_key)


def attach_indicators(objectives: Iterable[Any]) -> None:
    """Sets `survey_indicator` on each objective whose indicator is a published survey measure;
    each survey's answers are read once for all its objectives."""
    objectives = list(objectives)
    wanted: dict[int, tuple[Survey, set[str]]] = {}
    for objective in objectives:
        if objective.survey_id and objective.survey.results_published:
            wanted.setdefault(objective.survey_id, (objective.survey, set()))[1].add(
                objective.survey_result
            )
    found = {pk: indicators(survey, keys) for pk, (survey, keys) in wanted.items()}
    for objective in objectives:
        objective.survey_indicator = found.get(objective.survey_id, {}).get(objective.survey_result)
