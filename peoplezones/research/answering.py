"""Checking one person's answers against a survey's questions: required answers (only for the
questions actually asked, after skip logic), allowed options, 0-10 numbers, postcodes."""

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
    """(answers, errors by question key). Questions skipped by skip logic are never stored."""
    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for question in questions:
        if not is_asked(question, answers):
            continue
        raw = [v.strip() for v in data.get(question.key, []) if v and v.strip()]
        if not raw:
            if question.required:
                errors[question.key] = (
                    _("Choose at least one answer.") if question.kind == QuestionKind.MULTIPLE
                    else _("Answer this question.")
                )  # fmt: skip
            continue
        allowed = {value for value, _label in allowed_values(question)}
        if question.kind == QuestionKind.MULTIPLE:
            wrong = [v for v in raw if v not in allowed]
            if wrong:
                errors[question.key] = _("Choose from the answers listed.")
            else:
                answers[question.key] = sorted(set(raw), key=raw.index)
        elif question.kind == QuestionKind.TEXT:
            if len(raw[0]) > MAX_TEXT:
                errors[question.key] = _("Keep this under %(n)s characters.") % {"n": MAX_TEXT}
            else:
                answers[question.key] = raw[0]
        elif question.kind == QuestionKind.POSTCODE:
            postcode = normalise_postcode(raw[0])
            if postcode is None:
                errors[question.key] = _("Enter a UK postcode, like LE3 1AB.")
            else:
                answers[question.key] = postcode
        elif raw[0] not in allowed or len(raw) > 1:
            errors[question.key] = _("Choose one of the answers listed.")
        else:
            answers[question.key] = raw[0]
    return answers, errors
