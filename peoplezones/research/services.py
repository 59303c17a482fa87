"""Writes for community research. A response is stored whole or not at all: never online to a
closed wave (paper forms collected during a wave may be typed in after it closes), never twice
for one household code, account or paper form."""

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify
from django.utils.translation import gettext as _

from peoplezones.core import audit, params
from peoplezones.core.models import AuditAction, User
from peoplezones.core.slugs import first_free, unique_slug
from peoplezones.privacy import consent
from peoplezones.privacy.models import Purpose
from peoplezones.research import measures, tallies, tasks
from peoplezones.research.answering import clean_answers, survey_version
from peoplezones.research.models import (
    Channel,
    FollowUp,
    HouseholdCode,
    OneResponse,
    Question,
    QuestionKind,
    Response,
    Section,
    Survey,
    Tag,
    Theme,
    Wave,
)
from peoplezones.zones.models import Objective


class Refused(ValueError):
    """A response we will not store; the message says why, in words a respondent understands."""


class AlreadyStored(ValueError):
    """A door-step answer sent again: its idempotency key is already stored."""


class Invalid(ValueError):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def submit_response(
    *,
    wave: Wave,
    data: Mapping[str, Sequence[str]],
    channel: str = Channel.ONLINE,
    respondent: User | None = None,
    code: str = "",
    entered_by: User | None = None,
    paper_reference: str = "",
    client_key: uuid.UUID | None = None,
    submitted_at: datetime | None = None,
) -> Response:
    survey = wave.survey
    if channel == Channel.ONLINE and not wave.is_open:
        raise Refused(
            _("This survey is closed, so we could not take your answers. Thank you for trying.")
        )
    questions = list(survey.questions.select_related("show_if_question"))
    answers, errors = clean_answers(questions, data)
    if errors:
        raise Invalid(errors)
    if not answers:
        raise Invalid({"": _("Answer at least one question.")})
    with transaction.atomic():
        household = None
        if channel == Channel.ONLINE and survey.one_response == OneResponse.CODE:
            household = (
                HouseholdCode.objects.select_for_update()
                .filter(wave=wave, code=code.strip().upper())
                .first()
            )
            if household is None:
                raise Refused(
                    _("That code is not one of this survey's. Check the card and try again.")
                )
            if household.used_at:
                raise Refused(_("That code has already been used for this survey."))
            household.used_at = timezone.now()
            household.save(update_fields=["used_at"])
        if channel == Channel.ONLINE and survey.one_response == OneResponse.ACCOUNT:
            if respondent is None:
                raise Refused(_("Sign in to answer this survey."))
        else:
            respondent = None
        try:
            with transaction.atomic():
                response = Response.objects.create(
                    wave=wave, channel=channel, answers=answers, respondent=respondent,
                    household_code=household, entered_by=entered_by,
                    paper_reference=paper_reference.strip(), client_key=client_key,
                    submitted_at=submitted_at or timezone.now(),
                )  # fmt: skip
                _tag_by_keywords(response, questions)
                tallies.record(response, tallies.layout(survey, questions))
                return response
        except IntegrityError:
            if client_key is not None and Response.objects.filter(client_key=client_key).exists():
                raise AlreadyStored(client_key) from None
            if paper_reference:
                raise Refused(
                    _("Paper form %(ref)s has already been entered.") % {"ref": paper_reference}
                ) from None
            raise Refused(_("You have already answered this survey. Thank you.")) from None


@dataclass(frozen=True)
class Queued:
    """What became of one door-step answer the device sent: "stored", "already" (stored by an
    earlier try) or "refused", with the reason in words the volunteer can act on."""

    key: str
    state: str
    message: str = ""


def store_doorstep(*, wave: Wave, items: Sequence[Any], by: User) -> list[Queued]:
    """Answers recorded on the doorstep and queued on a volunteer's device, sent when the
    connection came back: each stored once whatever the retries (its key), or refused with a
    reason when it was recorded after the wave closed or no longer fits a survey changed since.
    What the survey asks now is read once for the batch."""
    version = survey_version(wave.survey.questions.select_related("show_if_question"))
    return [_store_one(wave, item, by, version) for item in items]


def _store_one(wave: Wave, item: Any, by: User, version: str) -> Queued:
    if not isinstance(item, dict):
        return Queued("", "refused", _("Each queued answer must be an object."))
    raw_key = str(item.get("key", ""))
    try:
        key = uuid.UUID(raw_key)
    except ValueError:
        return Queued(raw_key[:40], "refused", _("The answer has no valid key."))
    held = Response.objects.filter(client_key=key).values_list("wave_id", flat=True).first()
    if held is not None:
        if held != wave.pk:
            return Queued(raw_key, "refused", _("This answer was stored for another wave."))
        return Queued(raw_key, "already")
    try:
        recorded = parse_datetime(str(item.get("recorded_at", "")))
    except ValueError:
        recorded = None
    if recorded is None or timezone.is_naive(recorded):
        return Queued(raw_key, "refused", _("The answer has no valid time it was recorded."))
    if recorded >= wave.closes_at:
        return Queued(raw_key, "refused", _(
            "Recorded after the wave closed (%(closed)s), so it cannot be counted. Give it to "
            "your coordinator."
        ) % {"closed": timezone.localtime(wave.closes_at).strftime("%d %b %Y %H:%M")})  # fmt: skip
    if recorded > timezone.now() + timedelta(days=1) or recorded < wave.opens_at - timedelta(
        days=1
    ):
        return Queued(raw_key, "refused", _(
            "The time it was recorded is outside the wave: check the device's clock."))  # fmt: skip
    data = item.get("data")
    if not isinstance(data, dict) or not all(
        isinstance(v, list) and all(isinstance(x, str) for x in v) for v in data.values()
    ):
        return Queued(
            raw_key, "refused", _("The answers must map each question to a list of words.")
        )
    try:
        submit_response(
            wave=wave, data=data, channel=Channel.DOORSTEP, entered_by=by, client_key=key,
            submitted_at=min(recorded, timezone.now()),
        )  # fmt: skip
    except AlreadyStored:
        return Queued(raw_key, "already")
    except (Invalid, Refused) as problem:
        changed = str(item.get("version", "")) != version
        said = "; ".join(problem.errors.values()) if isinstance(problem, Invalid) else str(problem)
        if changed:
            said = _("The survey changed after this page was opened: %(said)s") % {"said": said}
        return Queued(raw_key, "refused", said)
    return Queued(raw_key, "stored")


def _keyword_tags(
    response: Response, text_keys: Sequence[str], themes: Sequence[Theme]
) -> list[Tag]:
    """A tag for each of the response's free-text answers holding one of a theme's keywords."""
    tags = []
    for key in text_keys:
        text = str(response.answers.get(key, "")).lower()
        if text:
            tags += [
                Tag(response=response, question_key=key, theme=theme)
                for theme in themes
                if any(word in text for word in theme.keyword_list())
            ]
    return tags


def _tag_by_keywords(response: Response, questions: Sequence[Question]) -> None:
    text_keys = [q.key for q in questions if q.kind == QuestionKind.TEXT]
    Tag.objects.bulk_create(
        _keyword_tags(response, text_keys, list(response.wave.survey.themes.all()))
    )


# Building a survey --------------------------------------------------------------------------------

# Where the bank's measures go when a survey is made from them.
DEFAULT_SECTIONS = {
    "safety_dark": "Feeling safe",
    "safety_day": "Feeling safe",
    "asb": "Feeling safe",
    "belonging": "Your neighbourhood",
    "satisfaction": "Your neighbourhood",
    "pull_together": "Your neighbourhood",
    "lonely_direct": "How you are",
    "ucla3": "How you are",
    "ons4": "How you are",
    "better": "Your ideas",
    "offer": "Your ideas",
}


@transaction.atomic
def create_survey(*, fields: dict[str, Any], measure_keys: Sequence[str], by: User) -> Survey:
    survey = Survey.objects.create(
        **fields,
        slug=unique_slug(fields["title"], Survey.objects.all(), fallback="survey", max_length=100),
        created_by=by,
    )
    add_measures(survey=survey, measure_keys=measure_keys)
    audit.record(actor=by, action=AuditAction.CREATED, target=survey, detail="survey")
    return survey


def _next_order(items: Any) -> int:
    """One more than the highest `order` among a survey's questions or sections."""
    last = items.order_by("-order").values_list("order", flat=True).first()
    return (last or 0) + 1


@transaction.atomic
def add_measures(
    *, survey: Survey, measure_keys: Sequence[str], section: Section | None = None
) -> list[Question]:
    """Standard items with the bank's wording and answers; items already present are skipped."""
    present = set(survey.questions.values_list("key", flat=True))
    order = _next_order(survey.questions)
    added = []
    for key in measure_keys:
        measure = measures.BY_KEY[key]
        target = section or _section_named(survey, DEFAULT_SECTIONS.get(key, measure.name))
        for item in measure.items:
            if item.key in present:
                continue
            added.append(
                Question.objects.create(
                    survey=survey,
                    section=target,
                    order=order,
                    key=item.key,
                    kind=item.kind,
                    text=item.text,
                    standard_item=item.key,
                    options=[{"value": o.value, "label": o.label} for o in item.options],
                )
            )
            order += 1
    return added


def _section_named(survey: Survey, title: str) -> Section:
    section = survey.sections.filter(title=title).first()
    if section is None:
        section = Section.objects.create(
            survey=survey, title=title, order=_next_order(survey.sections)
        )
    return section


def add_section(*, survey: Survey, title: str) -> Section:
    return _section_named(survey, title)


def _question_key(survey: Survey, text: str) -> str:
    base = slugify(text).replace("-", "_")[:50] or "question"
    if base in measures.ITEMS:
        base = f"own_{base}"[:50]
    taken = set(survey.questions.values_list("key", flat=True))
    return first_free(base, taken.__contains__, sep="_")


def parse_show_if(survey: Survey, value: str) -> tuple[Question | None, list[str]]:
    """'question id:answer' (the builder's skip-logic choice) -> (that question, [answer])."""
    if not value:
        return None, []
    pk, _sep, answer = value.partition(":")
    question = survey.questions.filter(pk=params.parse_id(pk) or 0).first()
    return (question, [answer]) if question else (None, [])


def save_question(
    *, survey: Survey, question: Question, options: list[dict[str, str]], show_if: str
) -> Question:
    """A Zone's own question (new or changed), or a standard item's placement and skip logic."""
    trigger, values = parse_show_if(survey, show_if)
    if trigger is not None and question.pk and trigger.pk == question.pk:
        trigger, values = None, []
    question.show_if_question, question.show_if_values = trigger, values
    if not question.standard_item:
        question.options = options
        if not question.pk:
            question.survey = survey
            question.key = _question_key(survey, question.text)
            question.order = _next_order(survey.questions)
    question.save()
    return question


def answered(question: Question) -> bool:
    return Response.objects.filter(
        wave__survey_id=question.survey_id, answers__has_key=question.key
    ).exists()


@transaction.atomic
def move_question(*, question: Question, up: bool) -> None:
    """Swap with the neighbour above or below in its section (renumbering first, so equal
    orders cannot stick). A question changes section through its edit page."""
    questions = list(question.survey.questions.filter(section_id=question.section_id))
    for i, q in enumerate(questions, 1):
        q.order = i
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(questions):
        questions[index].order, questions[other].order = (
            questions[other].order,
            questions[index].order,
        )
    Question.objects.bulk_update(questions, ["order"])


def delete_question(*, question: Question) -> None:
    if answered(question):
        raise Refused(_("People have answered this question, so it stays. You can reword it."))
    Question.objects.filter(show_if_question=question).update(
        show_if_question=None, show_if_values=[]
    )
    question.delete()


def save_translations(*, survey: Survey, language: str, data: dict[str, str], by: User) -> None:
    """Store one language's text from TranslationForm.cleaned_data; blanks are dropped."""
    with transaction.atomic():
        own = {
            key: data.get(f"survey-{key}", "").strip()
            for key in ("title", "introduction")
            if data.get(f"survey-{key}", "").strip()
        }
        survey.translations = {**survey.translations, language: own}
        survey.save(update_fields=["translations"])
        for section in survey.sections.all():
            title = data.get(f"section-{section.pk}", "").strip()
            section.translations = {
                **section.translations,
                language: {"title": title} if title else {},
            }
            section.save(update_fields=["translations"])
        for question in survey.questions.all():
            prefix = f"q{question.pk}-"
            mine: dict[str, Any] = {}
            for field, name in (("text", "text"), ("help_text", "help")):
                if data.get(prefix + name, "").strip():
                    mine[field] = data[prefix + name].strip()
            options = {
                key[len(prefix) + 2 :]: value.strip()
                for key, value in data.items()
                if key.startswith(prefix + "o-") and value.strip()
            }
            if options:
                mine["options"] = options
            question.translations = {**question.translations, language: mine}
            question.save(update_fields=["translations"])
        audit.record(
            actor=by, action=AuditAction.CHANGED, target=survey, detail=f"translation {language}"
        )


# Waves and codes ----------------------------------------------------------------------------------


def open_wave(
    *, survey: Survey, name: str, kind: str, opens_at: Any, closes_at: Any, by: User
) -> Wave:
    wave = Wave.objects.create(
        survey=survey, name=name, kind=kind, opens_at=opens_at, closes_at=closes_at
    )
    audit.record(actor=by, action=AuditAction.CREATED, target=wave, detail="survey wave")
    return wave


def close_wave(*, wave: Wave, by: User) -> None:
    wave.closes_at = min(wave.closes_at, timezone.now())
    wave.save(update_fields=["closes_at"])
    audit.record(actor=by, action=AuditAction.CHANGED, target=wave, detail="wave closed")


def reopen_wave(*, wave: Wave, days: int, by: User) -> None:
    wave.closes_at = max(wave.closes_at, timezone.now() + timedelta(days=days))
    wave.opens_at = min(wave.opens_at, timezone.now())
    wave.save(update_fields=["opens_at", "closes_at"])
    audit.record(actor=by, action=AuditAction.CHANGED, target=wave, detail="wave reopened")


@transaction.atomic
def make_codes(*, wave: Wave, how_many: int, by: User | None = None) -> list[HouseholdCode]:
    """New one-time codes; a clash with an existing code (1 in 10^12 per pair) is simply retried."""
    made: list[HouseholdCode] = []
    while len(made) < how_many:
        batch = [HouseholdCode(wave=wave) for _ in range(how_many - len(made))]
        codes = {c.code for c in batch}
        taken = set(HouseholdCode.objects.filter(code__in=codes).values_list("code", flat=True))
        fresh = [c for c in {c.code: c for c in batch}.values() if c.code not in taken]
        HouseholdCode.objects.bulk_create(fresh)
        made += fresh
    audit.record(
        actor=by, action=AuditAction.CREATED, target=wave, detail=f"{len(made)} household codes"
    )
    return made


def update_survey(survey: Survey, *, by: User) -> Survey:
    """The survey's details as changed on its form; publishing its results tells the residents
    who asked to hear."""
    was_published = Survey.objects.filter(pk=survey.pk, results_published=True).exists()
    survey.save()
    audit.record(actor=by, action=AuditAction.CHANGED, target=survey, detail="survey")
    if survey.results_published and not was_published:
        _tell_follow_ups(survey, "results")
    return survey


# Residents who asked to hear what came of a survey ------------------------------------------


def follow_up(*, survey: Survey, email: str) -> FollowUp:
    """Someone who answered asks to hear what comes of the survey (their consent recorded; their
    answers are not linked to it)."""
    with transaction.atomic():
        held, created = FollowUp.objects.get_or_create(survey=survey, email=email.strip().lower())
        if created:
            consent.give(Purpose.SURVEY_FOLLOW_UP, held, email=held.email)
    return held


@transaction.atomic
def stop_follow_up(held: FollowUp) -> None:
    """They no longer want to hear: the consent is withdrawn and the address deleted."""
    for given in consent.for_source(held).filter(withdrawn_at__isnull=True):
        consent.mark_withdrawn(given, None)
    held.delete()


def _tell_follow_ups(survey: Survey, change: str) -> None:
    if survey.follow_ups.exists():
        transaction.on_commit(lambda: tasks.tell_follow_ups.enqueue(survey.pk, change))


def objective_published(sender: object, objective: Objective, **_kwargs: object) -> None:
    """A Zone agreed an objective: whoever asked to hear what came of its surveys is told."""
    for survey in Survey.objects.filter(zone_id=objective.zone_id):
        _tell_follow_ups(survey, f"objective-{objective.pk}")


@transaction.atomic
def add_theme(theme: Theme) -> tuple[Theme, int]:
    """A theme for free-text answers, and every answer its keywords tag."""
    theme.save()
    return theme, apply_keywords(theme=theme)


def add_data_entry(*, survey: Survey, email: str) -> User:
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        raise Refused(
            _("Nobody has an account with that email address. Ask them to sign up first.")
        )
    survey.data_entry.add(user)
    return user


# Themes for free text ----------------------------------------------------------------------------


def text_answers(survey: Survey, key: str) -> Any:
    return (
        Response.objects.filter(wave__survey=survey, answers__has_key=key)
        .select_related("wave")
        .prefetch_related("tags")
    )


def apply_keywords(*, theme: Theme) -> int:
    """Tag every free-text answer containing one of the theme's keywords; returns how many."""
    if not theme.keyword_list():
        return 0
    text_keys = list(
        theme.survey.questions.filter(kind=QuestionKind.TEXT).values_list("key", flat=True)
    )
    tags = [
        tag
        for response in Response.objects.filter(wave__survey=theme.survey).only("answers")
        for tag in _keyword_tags(response, text_keys, [theme])
    ]
    Tag.objects.bulk_create(tags, ignore_conflicts=True)
    return len(tags)


@transaction.atomic
def set_tags(*, survey: Survey, key: str, chosen: dict[int, set[int]]) -> None:
    """chosen: response id -> theme ids, for the answers shown on one page (others untouched)."""
    themes = set(survey.themes.values_list("pk", flat=True))
    responses = set(
        Response.objects.filter(wave__survey=survey, pk__in=chosen).values_list("pk", flat=True)
    )
    Tag.objects.filter(response_id__in=responses, question_key=key).delete()
    Tag.objects.bulk_create(
        [
            Tag(response_id=response, question_key=key, theme_id=theme)
            for response in responses
            for theme in chosen[response] & themes
        ]
    )
