"""Storing responses: whole or not at all; refused when the wave is closed, and when the same
household code, account or paper form comes twice; skip logic and required answers."""

from datetime import timedelta

import pytest
from django.utils import timezone

from peoplezones.research import services
from peoplezones.research.models import (
    HouseholdCode,
    OneResponse,
    Question,
    QuestionKind,
    Response,
    Survey,
    Wave,
)
from tests import factories

pytestmark = pytest.mark.django_db


def survey_with_wave(one_response=OneResponse.OPEN, open_=True):
    survey = Survey.objects.create(
        title="Feeling safe", slug="feeling-safe", one_response=one_response
    )
    Question.objects.create(
        survey=survey,
        order=1,
        key="safety_dark",
        kind=QuestionKind.SINGLE,
        text="How safe do you feel walking alone in this area after dark?",
        standard_item="safety_dark",
        required=True,
    )
    walks = Question.objects.create(
        survey=survey,
        order=2,
        key="walks",
        kind=QuestionKind.YES_NO,
        text="Do you walk to the shops?",
    )
    Question.objects.create(
        survey=survey,
        order=3,
        key="route",
        kind=QuestionKind.TEXT,
        text="Which way do you go?",
        required=True,
        show_if_question=walks,
        show_if_values=["yes"],
    )
    Question.objects.create(
        survey=survey, order=4, key="postcode", kind=QuestionKind.POSTCODE, text="Your postcode"
    )
    now = timezone.now()
    wave = Wave.objects.create(
        survey=survey, name="Baseline", kind="baseline",
        opens_at=now - timedelta(days=1), closes_at=now + (timedelta(days=30) if open_ else -timedelta(hours=1)),
    )  # fmt: skip
    return survey, wave


GOOD = {"safety_dark": ["fairly_safe"], "walks": ["no"], "postcode": ["le31ab"]}


def test_a_good_response_is_stored_cleaned():
    _survey, wave = survey_with_wave()
    response = services.submit_response(wave=wave, data=GOOD)
    assert response.answers == {"safety_dark": "fairly_safe", "walks": "no", "postcode": "LE3 1AB"}


def test_required_answers_and_skip_logic():
    _survey, wave = survey_with_wave()
    with pytest.raises(services.Invalid) as caught:
        services.submit_response(wave=wave, data={"walks": ["yes"], "safety_dark": ["nonsense"]})
    assert set(caught.value.errors) == {"safety_dark", "route"}  # route is asked after "yes"
    skipped = services.submit_response(wave=wave, data={**GOOD, "route": ["Past the park"]})
    assert "route" not in skipped.answers  # not asked after "no", so not stored
    with pytest.raises(services.Invalid):
        services.submit_response(wave=wave, data={**GOOD, "postcode": ["nowhere"]})
    assert Response.objects.count() == 1


def test_a_closed_wave_stores_nothing():
    _survey, wave = survey_with_wave(open_=False)
    with pytest.raises(services.Refused, match="closed"):
        services.submit_response(wave=wave, data=GOOD)
    assert not Response.objects.exists()


def test_household_codes_are_used_once():
    _survey, wave = survey_with_wave(OneResponse.CODE)
    card = HouseholdCode.objects.create(wave=wave)
    with pytest.raises(services.Refused, match="not one of this survey"):
        services.submit_response(wave=wave, data=GOOD, code="WRONG123")
    services.submit_response(wave=wave, data=GOOD, code=card.code.lower())
    with pytest.raises(services.Refused, match="already been used"):
        services.submit_response(wave=wave, data=GOOD, code=card.code)
    assert Response.objects.count() == 1


def test_one_response_per_account_and_per_paper_form():
    _survey, wave = survey_with_wave(OneResponse.ACCOUNT)
    person = factories.UserFactory()
    with pytest.raises(services.Refused, match="Sign in"):
        services.submit_response(wave=wave, data=GOOD)
    services.submit_response(wave=wave, data=GOOD, respondent=person)
    with pytest.raises(services.Refused, match="already answered"):
        services.submit_response(wave=wave, data=GOOD, respondent=person)
    volunteer = factories.VolunteerFactory()
    services.submit_response(
        wave=wave, data=GOOD, channel="paper", entered_by=volunteer, paper_reference="P-001"
    )
    with pytest.raises(services.Refused, match="P-001 has already been entered"):
        services.submit_response(
            wave=wave, data=GOOD, channel="paper", entered_by=volunteer, paper_reference="P-001"
        )
    assert Response.objects.count() == 2
