"""Every public form, with random and hostile input: never a 500, never a partial record."""

import itertools

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from peoplezones.applications.models import Application, Event, Message
from peoplezones.privacy.models import Consent
from peoplezones.research.models import Question, QuestionKind, Response, Tag
from tests import factories
from tests.fuzz.strategies import hostile_text, value_or_hostile

pytestmark = pytest.mark.django_db
_addresses = (f"198.51.{n // 250}.{n % 250 + 1}" for n in itertools.count())
OK = {200, 302, 400, 409, 429}

APPLICATION = {
    "kind": "apply", "name": "Jo Resident", "email": "jo@example.net", "phone": "0116 496 0000",
    "applicant_role": "resident", "organisation_name": "", "area_name": "Saffron Lane",
    "postcode": "le2 6aa", "wants_to_change": "Somewhere for young people to go.",
    "strengths": "A library.", "already_involved": "", "contact_preference": "email",
    "contact_notes": "", "consent": "on", "website": "",
}  # fmt: skip


def _counts(*models) -> tuple[int, ...]:
    return tuple(model.objects.count() for model in models)


@given(
    form=st.fixed_dictionaries({k: value_or_hostile(v) for k, v in APPLICATION.items()}),
    extra=st.dictionaries(hostile_text, hostile_text, max_size=2),
)
def test_the_application_form(form, extra, settings):
    settings.PZ_PUBLIC_FORM_RATE = "100000/60"
    stored = (Application, Event, Message, Consent)
    before = _counts(*stored)
    page = Client(REMOTE_ADDR=next(_addresses)).post("/apply/", {**extra, **form})
    assert page.status_code in OK
    after = _counts(*stored)
    if page.status_code == 302:
        assert after == tuple(n + 1 for n in before)  # the application, whole
    else:
        assert after == before, "a refused form stored something"


@pytest.fixture
def open_survey(db):
    survey = factories.make_survey(measure_keys=("safety_dark", "belonging", "offer"))
    Question.objects.create(survey=survey, key="worry", kind=QuestionKind.TEXT,
                            text="What worries you?", order=90)  # fmt: skip
    Question.objects.create(survey=survey, key="where", kind=QuestionKind.POSTCODE,
                            text="Your postcode", order=91)  # fmt: skip
    return survey.waves.get()


def _survey_values(wave):
    keys = list(wave.survey.questions.values_list("key", flat=True))
    good = ["very_safe", "fairly_safe", "strongly_agree", "LE3 1AB", "A dark alley"]
    return st.dictionaries(
        st.sampled_from([*keys, "form_id", "website", "code", "lang", "zz"]),
        st.lists(st.one_of(st.sampled_from(good), hostile_text), min_size=1, max_size=3),
        max_size=8,
    )


@given(data=st.data())
def test_the_survey_form(open_survey, data, settings):
    settings.PZ_SURVEY_RATE = "100000/60"
    answers = data.draw(_survey_values(open_survey))
    before = _counts(Response, Tag)
    client = Client(REMOTE_ADDR=next(_addresses))
    page = client.post(f"/surveys/s/{open_survey.token}/", answers)
    assert page.status_code in OK
    if page.status_code != 302:
        assert _counts(Response, Tag) == before, "a refused survey stored something"
    else:
        response = Response.objects.latest("id")
        assert response.answers and all(k in answers for k in response.answers)
