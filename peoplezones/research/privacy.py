"""Community research: the personal data held, declared for the register (privacy.register)."""

from datetime import datetime
from typing import Any

from peoplezones.core.models import User
from peoplezones.privacy.models import Consent, Purpose
from peoplezones.privacy.register import (
    AppPrivacy,
    Basis,
    Erase,
    Holding,
    Kept,
    Personal,
    Rule,
    actor,
    not_personal,
)
from peoplezones.privacy.services import erase_records, to_sector
from peoplezones.research.models import FollowUp, QuestionKind, Response

FOLLOW_UP = "Telling someone who answered what came of the survey"


def old_follow_ups(before: datetime) -> int:
    return erase_records("research.FollowUp", FollowUp.objects.filter(created_at__lt=before))


def follow_up_withdrawn(_consent: Consent, held: FollowUp, _by: User) -> None:
    erase_records("research.FollowUp", [held])


def anonymise_answers(response: Response, answers: dict[str, Any]) -> dict[str, Any]:
    """Free-text answers go; postcodes become their sector; every count stays the same."""
    kinds = dict(response.wave.survey.questions.values_list("key", "kind"))
    kept = {}
    for key, value in answers.items():
        if kinds.get(key) == QuestionKind.TEXT:
            continue
        kept[key] = to_sector(response, value) if kinds.get(key) == QuestionKind.POSTCODE else value
    return kept


PRIVACY = AppPrivacy(
    holdings=(
        Holding(
            "research.FollowUp",
            "People who answered a survey and asked to hear what came of it",
            ("email:email",),
            {
                "email": Personal(
                    FOLLOW_UP,
                    Basis.CONSENT,
                    Kept("survey_follow_ups", "Until stopped, or {period}"),
                ),
            },
            not_personal("id", "survey", "created_at", "told"),
            erase_rows="delete",
        ),
        Holding(
            "research.Survey",
            "Staff",
            (),
            {"created_by": actor(), "data_entry": actor("Who may type in paper forms")},
            not_personal(
                "id",
                "zone",
                "title",
                "slug",
                "introduction",
                "one_response",
                "results_published",
                "translations",
                "created_at",
            ),
        ),
        Holding(
            "research.Response",
            "Residents who answered a survey with their account",
            ("respondent",),
            {
                "respondent": Personal(
                    "One response per person, when the survey asks it",
                    Basis.CONSENT,
                    "Until the survey closes",
                    Erase.CLEAR,
                ),
                "answers": Personal(
                    "Community research (published only as suppressed figures)",
                    Basis.CONSENT,
                    "Free text and full postcodes: erased on request; figures kept",
                    Erase.ANONYMISE,
                ),
                "entered_by": actor("Who typed in a paper form"),
            },
            not_personal(
                "id",
                "wave",
                "channel",
                "submitted_at",
                "household_code",
                "paper_reference",
                "client_key",
            ),
        ),
    ),
    no_personal_data={
        "research.Section": "Survey wording",
        "research.Question": "Survey wording",
        "research.Wave": "When a survey runs",
        "research.HouseholdCode": "Random codes posted to homes; the list of addresses is kept "
        "outside the platform",
        "research.Theme": "Themes coordinators tag answers with",
        "research.Tag": "Which theme an answer was tagged with",
        "research.WaveTally": "Counts of a wave's answers (how many gave each answer), never the "
        "answers",
    },
    anonymisers={"research.Response.answers": anonymise_answers},
    named_in_exports=frozenset({"research.Survey"}),
    retention=(
        Rule(
            "survey_follow_ups",
            "Addresses of people waiting to hear about a survey deleted",
            730,
            old_follow_ups,
        ),
    ),
    on_withdrawal={Purpose.SURVEY_FOLLOW_UP: follow_up_withdrawn},
)
