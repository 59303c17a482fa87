"""Writes for community research. A response is stored whole or not at all: never online to a
closed wave (paper forms collected during a wave may be typed in after it closes), never twice
for one household code, account or paper form."""

from collections.abc import Mapping, Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peoplezones.core.models import User
from peoplezones.research.answering import clean_answers
from peoplezones.research.models import (
    Channel,
    HouseholdCode,
    OneResponse,
    Response,
    Wave,
)


class Refused(ValueError):
    """A response we will not store; the message says why, in words a respondent understands."""


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
                return Response.objects.create(
                    wave=wave, channel=channel, answers=answers, respondent=respondent,
                    household_code=household, entered_by=entered_by,
                    paper_reference=paper_reference.strip(),
                )  # fmt: skip
        except IntegrityError:
            if paper_reference:
                raise Refused(
                    _("Paper form %(ref)s has already been entered.") % {"ref": paper_reference}
                ) from None
            raise Refused(_("You have already answered this survey. Thank you.")) from None
