"""Kept counts of a survey's answers: one row per wave (WaveTally), added to in the same transaction
as each answer is stored, so a results page reads a few counts instead of every answer.

A tally holds what every figure on the results page is worked out from: per standard result, a
share's (positive, counted) or a mean's scores as {score: people}; the same for each group of each
breakdown (the group's answer value, or its postcode sector); per fixed-answer question, how many
answered and how many chose each value; answers per channel; and how many answered each question
at all (a question people have answered cannot be removed). Scores are whole numbers, so a mean's
interval from the counted scores is the one from the answers themselves.

A tally is trusted only while it is current: the newest answer it holds is checked against the
wave's newest answer in the same query that reads it, and its layout against what the survey asks
now; a deleted answer has it forgotten. Anything else (answers loaded in bulk, a question changed,
an answer deleted) has it worked out again from the answers, once, and kept."""

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from peoplezones.core.postcodes import postcode_sector
from peoplezones.research import measures
from peoplezones.research.answering import allowed_values
from peoplezones.research.measures import Mean, Share
from peoplezones.research.models import Question, QuestionKind, Response, Survey, Wave, WaveTally

VERSION = 2  # of the tally's layout: a change here has every tally worked out again
Answers = dict[str, Any]
Scores = dict[float, int]  # a mean's scores: {score: people}
Figures = tuple[int, int] | Scores  # a share's (positive, counted), or a mean's scores


@dataclass(frozen=True)
class Layout:
    """What a survey's tallies count, from what it asks now."""

    results: list[Share | Mean]
    breakdowns: dict[str, Callable[[Answers], str]]  # question key -> an answer's group value
    fixed: dict[str, list[str]]  # fixed-answer questions shown as distributions -> values
    signature: str


def is_breakdown(question: Question) -> bool:
    """Whether results can be broken down by this question: the Zone's own one-answer questions
    (age group, tenure, ...) and postcodes (by sector). Each splits people into groups that do
    not overlap, which the suppression rule needs; standard measures are outcomes, not groups."""
    kinds = (QuestionKind.SINGLE, QuestionKind.YES_NO, QuestionKind.POSTCODE)
    return question.kind in kinds and not question.standard_item


def is_distribution(question: Question, scored: set[str]) -> bool:
    """Whether the page counts each answer to this question: fixed answers, not a scored item."""
    free = (QuestionKind.TEXT, QuestionKind.POSTCODE)
    return question.kind not in free and question.key not in scored


def scored_items(results: Sequence[Share | Mean]) -> set[str]:
    return {item for r in results for item in r.items}


def layout(survey: Survey, questions: Sequence[Question] | None = None) -> Layout:
    questions = list(questions if questions is not None else survey.questions.all())
    items = {q.standard_item for q in questions if q.standard_item}
    results = measures.results_for(items)
    scored = scored_items(results)
    breakdowns = {q.key: _grouper(q) for q in questions if is_breakdown(q)}
    fixed = {
        q.key: [value for value, _label in allowed_values(q)]
        for q in questions
        if is_distribution(q, scored)
    }
    described = [VERSION, [r.key for r in results], sorted(breakdowns), fixed]
    described.append(sorted((q.key, q.kind, q.standard_item) for q in questions))
    signature = hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()
    return Layout(results=results, breakdowns=breakdowns, fixed=fixed, signature=signature)


def _grouper(question: Question) -> Callable[[Answers], str]:
    """An answer's group in a breakdown by this question: its value, its postcode sector, or ""
    (did not say, or an answer the question no longer offers)."""
    key = question.key
    if question.kind == QuestionKind.POSTCODE:
        return lambda a: postcode_sector(a[key]) if a.get(key) else ""
    values = {value for value, _label in allowed_values(question)}
    return lambda a: a.get(key, "") if a.get(key, "") in values else ""


def figures(result: Share | Mean, answers: Iterable[Answers]) -> Figures:
    if isinstance(result, Share):
        return measures.share_counts(result, [a.get(result.item) for a in answers])
    return dict(Counter(measures.mean_scores(result, list(answers))))


def add(into: Figures, more: Figures) -> Figures:
    if isinstance(into, tuple):
        return (into[0] + more[0], into[1] + more[1])  # type: ignore[index]
    total = Counter(into)
    total.update(more)  # type: ignore[arg-type]
    return dict(total)


@dataclass
class Tally:
    responses: int = 0
    last_response: int = 0
    channels: dict[str, int] = field(default_factory=dict)
    results: dict[str, Figures] = field(default_factory=dict)
    groups: dict[str, dict[str, dict[str, Figures]]] = field(default_factory=dict)
    fixed: dict[str, tuple[int, dict[str, int]]] = field(default_factory=dict)
    answered: dict[str, int] = field(default_factory=dict)  # question key -> people

    def count(self, shape: Layout, answers: Answers, channel: str) -> None:
        """Adds one response."""
        self.channels[channel] = self.channels.get(channel, 0) + 1
        for key in answers:
            self.answered[key] = self.answered.get(key, 0) + 1
        for result in shape.results:
            one = figures(result, [answers])
            self.results[result.key] = add(self.results.get(result.key, _none(result)), one)
            for key, group_of in shape.breakdowns.items():
                groups = self.groups.setdefault(key, {}).setdefault(group_of(answers), {})
                groups[result.key] = add(groups.get(result.key, _none(result)), one)
        for key, values in shape.fixed.items():
            if key not in answers:
                continue
            answered, chosen = self.fixed.get(key, (0, {}))
            given = answers[key] if isinstance(answers[key], list) else [answers[key]]
            chosen = dict(chosen)
            for value in values:
                if value in given:
                    chosen[value] = chosen.get(value, 0) + 1
            self.fixed[key] = (answered + 1, chosen)

    def share(self, result: Share | Mean, group: tuple[str, str] | None = None) -> Figures:
        """A result's figures for the wave, or for one group of a breakdown."""
        if group is None:
            return self.results.get(result.key, _none(result))
        return self.groups.get(group[0], {}).get(group[1], {}).get(result.key, _none(result))

    # Kept as JSON: a mean's scores with text keys, a share's figures as a list.
    def dump(self) -> dict[str, Any]:
        def out(figures: Figures) -> Any:
            return (
                list(figures)
                if isinstance(figures, tuple)
                else {repr(s): n for s, n in figures.items()}
            )

        return {
            "channels": self.channels,
            "results": {k: out(f) for k, f in self.results.items()},
            "groups": {
                q: {g: {k: out(f) for k, f in by.items()} for g, by in groups.items()}
                for q, groups in self.groups.items()
            },
            "fixed": {k: [answered, chosen] for k, (answered, chosen) in self.fixed.items()},
            "answered": self.answered,
        }

    @classmethod
    def load(cls, row: WaveTally) -> "Tally":
        def back(figures: Any) -> Figures:
            if isinstance(figures, list):
                return (int(figures[0]), int(figures[1]))
            return {float(s): int(n) for s, n in figures.items()}

        data = row.data
        return cls(
            responses=row.responses, last_response=row.last_response,
            channels=dict(data.get("channels", {})),
            results={k: back(f) for k, f in data.get("results", {}).items()},
            groups={
                q: {g: {k: back(f) for k, f in by.items()} for g, by in groups.items()}
                for q, groups in data.get("groups", {}).items()
            },
            fixed={k: (int(v[0]), dict(v[1])) for k, v in data.get("fixed", {}).items()},
            answered=dict(data.get("answered", {})),
        )  # fmt: skip


def _none(result: Share | Mean) -> Figures:
    return (0, 0) if isinstance(result, Share) else {}


def _newest_answer() -> Coalesce:
    """The wave's newest answer now, found in the query reading the tally (index wave, id)."""
    answers = Response.objects.filter(wave=OuterRef("wave")).order_by("-id").values("id")[:1]
    return Coalesce(Subquery(answers, output_field=IntegerField()), 0)


def for_waves(
    survey: Survey, waves: Sequence[Wave], shape: Layout | None = None
) -> dict[int, Tally]:
    """Each wave's tally, worked out again (and kept) where the kept one is not current: an
    answer stored without being counted (loaded in bulk), or the questions changed. Deleted
    answers have it forgotten (forget)."""
    shape = shape or layout(survey)
    kept = WaveTally.objects.filter(wave__in=waves).annotate(now_last=_newest_answer())
    found = {}
    for row in kept:
        if row.last_response == row.now_last and row.signature == shape.signature:
            found[row.wave_id] = Tally.load(row)
    for wave in waves:
        if wave.pk not in found:
            found[wave.pk] = rebuild(wave, shape)
    return found


def answered_keys(kept: dict[int, Tally]) -> set[str]:
    """The questions someone has answered in these waves (for_waves), from their tallies."""
    return {key for tally in kept.values() for key, people in tally.answered.items() if people}


def forget(wave_id: int) -> None:
    """The wave's tally is no longer to be trusted (an answer was deleted): the next read works
    it out again."""
    WaveTally.objects.filter(wave_id=wave_id).exclude(signature="").update(signature="")


def answer_deleted(sender: type, instance: Response, **_kwargs: Any) -> None:
    forget(instance.wave_id)


def rebuild(wave: Wave, shape: Layout) -> Tally:
    """The wave's tally from its answers, kept. Answers stored meanwhile wait for the row's lock
    (record), so each is in the tally once."""
    with transaction.atomic():
        row, _created = WaveTally.objects.select_for_update().get_or_create(
            wave=wave, defaults={"signature": "", "data": {}}
        )
        tally = Tally()
        for pk, channel, answers in (
            Response.objects.filter(wave=wave).order_by().values_list("pk", "channel", "answers")
        ):
            tally.count(shape, answers, channel)
            tally.responses += 1
            tally.last_response = max(tally.last_response, pk)
        row.signature, row.data = shape.signature, tally.dump()
        row.responses, row.last_response = tally.responses, tally.last_response
        row.save()
    return tally


def record(response: Response, shape: Layout) -> None:
    """Adds a response just stored to its wave's tally, in the caller's transaction. A wave with
    no tally yet, or one kept for other questions, is left for the next read to work out."""
    row = WaveTally.objects.select_for_update().filter(wave_id=response.wave_id).first()
    if row is None or row.signature != shape.signature:
        return
    tally = Tally.load(row)
    tally.count(shape, response.answers, response.channel)
    row.data = tally.dump()
    row.responses += 1
    row.last_response = max(row.last_response, response.pk)
    row.save(update_fields=["data", "responses", "last_response", "updated_at"])
