"""Checking one person's answers against a survey's questions: required answers (only for the
questions actually asked, after skip logic), allowed options, 0-10 numbers, postcodes."""

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _

from peoplezones.core.postcodes import normalise_postcode
from peoplezones.research.measures import ITEMS, item_options
from peoplezones.research.models import Question, QuestionKind

MAX_TEXT = 2000


def allowed_values(question: Question) -> list[tuple[str, str]]:
    """(value, label) pairs a question accepts; empty for free text and postcodes."""
    if question.standard_item:
        return [(o.value, o.label) for o in item_options(ITEMS[question.standard_item])]
    if question.kind == QuestionKind.SCALE_0_10:
        return [(str(v), str(v)) for v in range(11)]
    if question.kind == QuestionKind.YES_NO:
        return [("yes", _("Yes")), ("no", _("No"))]
    return [(o["value"], o["label"]) for o in question.options]


def is_asked(question: Question, answers: Mapping[str, Any]) -> bool:
    if question.show_if_question_id is None:
        return True
    given = answers.get(question.show_if_question.key)
    given = given if isinstance(given, list) else [given]
    return any(value in question.show_if_values for value in given if value)


def clean_answers(
    questions: Sequence[Question], data: Mapping[str, Sequence[str]]
) -> tuple[dict[str, Any], dict[str, str]]:
    """(answers, errors by question key). Questions skipped by skip logic are never stored.
    A question is decided after the one it depends on, wherever either sits in the survey; a
    question depending (through others) on itself is never asked."""
    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for question in decision_order(questions):
        if not is_asked(question, answers):
            continue
        error, value = _check(
            question, [v.strip() for v in data.get(question.key, []) if v and v.strip()]
        )
        if error:
            errors[question.key] = error
        elif value is not None:
            answers[question.key] = value
    return answers, errors


def decision_order(questions: Sequence[Question]) -> list[Question]:
    """The questions with each one after the question its skip logic depends on."""
    ordered: list[Question] = []
    decided: set[int] = set()
    pending = list(questions)
    while pending:
        ready = [q for q in pending if q.show_if_question_id in (None, *decided)]
        if not ready:
            break  # a loop of conditions: those questions can never be asked
        for question in ready:
            ordered.append(question)
            decided.add(question.pk)
        pending = [q for q in pending if q.pk not in decided]
    return ordered


def _check(question: Question, raw: list[str]) -> tuple[str, Any]:
    """(error, cleaned value): one question's answer."""
    if not raw:
        if not question.required:
            return "", None
        if question.kind == QuestionKind.MULTIPLE:
            return _("Choose at least one answer."), None
        return _("Answer this question."), None
    allowed = {value for value, _label in allowed_values(question)}
    if question.kind == QuestionKind.MULTIPLE:
        if any(v not in allowed for v in raw):
            return _("Choose from the answers listed."), None
        return "", sorted(set(raw), key=raw.index)
    if question.kind == QuestionKind.TEXT:
        if len(raw[0]) > MAX_TEXT:
            return _("Keep this under %(n)s characters.") % {"n": MAX_TEXT}, None
        return "", raw[0]
    if question.kind == QuestionKind.POSTCODE:
        postcode = normalise_postcode(raw[0])
        if postcode is None:
            return _("Enter a UK postcode, like LE3 1AB."), None
        return "", postcode
    if raw[0] not in allowed or len(raw) > 1:
        return _("Choose one of the answers listed."), None
    return "", raw[0]


def survey_version(questions: Sequence[Question]) -> str:
    """A fingerprint of what a survey asks (keys, kinds, whether required, the answers allowed,
    skip logic): a door-step page opened before the survey changed sends answers under the old
    one, and the server checks those again before storing them."""
    shape = [
        (q.key, q.kind, q.required, q.standard_item, [o.get("value") for o in q.options],
         q.show_if_question.key if q.show_if_question_id else "", sorted(q.show_if_values or []))
        for q in questions
    ]  # fmt: skip
    return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()[:16]
