"""The survey pages through the test client: building, answering online and on paper, refusals
that store nothing, results, free-text themes and the anonymised export."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from peoplezones.assets.models import Skill
from peoplezones.research import services
from peoplezones.research.models import (
    HouseholdCode,
    OneResponse,
    Question,
    Response,
    Survey,
    Tag,
    Wave,
)
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    return factories.CoordinatorFactory()


@pytest.fixture
def zone(coordinator):
    return factories.ZoneFactory(coordinators=[coordinator])


@pytest.fixture
def signed_in(coordinator):
    client = Client()
    client.force_login(coordinator)
    return client


def test_coordinator_builds_a_survey_from_standard_items_and_a_question_of_their_own(
    signed_in, zone
):
    response = signed_in.post(
        reverse("research:new"),
        {"zone": zone.pk, "title": "Braunstone baseline", "one_response": "open",
         "measures": ["safety_dark", "ucla3", "ons4"]},
    )  # fmt: skip
    survey = Survey.objects.get()
    assert response.status_code == 302 and response["Location"] == survey.get_absolute_url()
    assert set(survey.questions.values_list("key", flat=True)) == {
        "safety_dark", "ucla_companionship", "ucla_left_out", "ucla_isolated",
        "ons4_life", "ons4_worthwhile", "ons4_happy", "ons4_anxious",
    }  # fmt: skip
    assert list(survey.sections.values_list("title", flat=True)) == ["Feeling safe", "How you are"]

    # A question of their own with an error first: a choice question needs two answers.
    url = reverse("research:question_new", args=[survey.pk])
    refused = signed_in.post(
        url, {"kind": "single", "text": "How old are you?", "options_text": "Under 25"}
    )
    assert refused.status_code == 400
    assert "Give at least two answers" in refused.content.decode()
    signed_in.post(
        url,
        {"kind": "single", "text": "How old are you?", "options_text": "Under 25\n25 to 64\n65 or over",
         "required": "on"},
    )  # fmt: skip
    age = survey.questions.get(key="how_old_are_you")
    assert [o["value"] for o in age.options] == ["under_25", "25_to_64", "65_or_over"]
    page = signed_in.get(survey.get_absolute_url()).content.decode()
    assert "How old are you?" in page and "Standard, locked" in page


def test_standard_items_keep_their_wording(signed_in, zone):
    survey = factories.make_survey(zone)
    question = survey.questions.get(key="safety_dark")
    url = reverse("research:question_edit", args=[survey.pk, question.pk])
    signed_in.post(url, {"text": "Do you like it here?", "kind": "yes_no", "required": "on"})
    question.refresh_from_db()
    assert question.text == "How safe do you feel walking alone in this area after dark?"
    assert question.kind == "single" and question.required


def test_skip_logic_set_in_the_builder_is_applied_to_answers(signed_in, zone):
    survey = factories.make_survey(zone, measure_keys=["safety_dark"])
    dark = survey.questions.get(key="safety_dark")
    signed_in.post(
        reverse("research:question_new", args=[survey.pk]),
        {"kind": "text", "text": "What makes you feel unsafe?", "required": "on",
         "show_if": f"{dark.pk}:very_unsafe"},
    )  # fmt: skip
    why = survey.questions.get(key="what_makes_you_feel_unsafe")
    assert why.show_if_question == dark and why.show_if_values == ["very_unsafe"]
    wave = survey.waves.get()
    client = Client()
    url = reverse("research:respond", args=[wave.token])
    assert client.post(url, {"safety_dark": "very_safe"}).status_code == 302
    refused = client.post(url, {"safety_dark": "very_unsafe"})
    assert refused.status_code == 400 and "Answer this question" in refused.content.decode()
    assert Response.objects.count() == 1


def test_a_resident_answers_on_the_public_link_without_javascript(zone):
    survey = factories.make_survey(zone)
    wave = survey.waves.get()
    client = Client()
    url = reverse("research:respond", args=[wave.token])
    page = client.get(url).content.decode()
    assert "How safe do you feel walking alone in this area after dark?" in page
    assert 'type="radio"' in page
    response = client.post(
        url, {"safety_dark": "fairly_safe", "belonging": "very_strongly", "better": "More lights",
              "offer": ["cooking", "gardening"]},
    )  # fmt: skip
    assert response.status_code == 302
    stored = Response.objects.get()
    assert stored.answers["offer"] == ["cooking", "gardening"] and stored.channel == "online"
    thanks = client.get(response["Location"]).content.decode()
    offer_url = (
        reverse("assets:skills_offer", args=[zone.slug]) + "?skills=cooking&amp;skills=gardening"
    )
    assert offer_url in thanks


def test_a_fresh_forms_questions_are_drawn_once_and_an_edit_shows_at_once(zone):
    survey = factories.make_survey(zone)
    url = reverse("research:respond", args=[survey.waves.get().token])
    questions = "research/includes/questions.html"
    first = Client().get(url)
    assert questions in [t.name for t in first.templates]
    again = Client().get(url)
    assert questions not in [t.name for t in again.templates]  # kept
    assert again.content.count(b'type="radio"') == first.content.count(b'type="radio"') > 0
    ids = [
        re.search(rb'name="form_id" value="([^"]+)"', page.content).group(1)
        for page in (first, again)
    ]
    assert ids[0] != ids[1]  # each rendering its own form id, and its own CSRF token
    assert b"csrfmiddlewaretoken" in again.content
    Question.objects.filter(survey=survey, key="safety_dark").update(
        text="How safe do you feel in the park after dark?"
    )
    edited = Client().get(url)
    assert questions in [t.name for t in edited.templates]
    assert b"How safe do you feel in the park after dark?" in edited.content
    # A form sent back with a mistake is drawn with its answers, never from what was kept.
    refused = Client().post(url, {"safety_dark": "no such answer", "better": "More lights"})
    assert refused.status_code == 400 and b"More lights" in refused.content


def test_the_skills_page_ticks_what_the_survey_answer_offered_but_asks_every_consent(zone):
    resident = factories.UserFactory()
    client = Client()
    client.force_login(resident)
    page = client.get(
        reverse("assets:skills_offer", args=[zone.slug]) + "?skills=cooking&skills=gardening"
    ).content.decode()
    cooking = Skill.objects.get(slug="cooking")
    assert f'value="{cooking.pk}" id="id_skills_' in page
    assert page.count("checked") == 2  # the two skills; no consent box is ticked for them


def test_a_closed_wave_refuses_answers_and_stores_nothing(zone):
    survey = factories.make_survey(zone)
    wave = survey.waves.get()
    wave.closes_at = timezone.now() - timedelta(minutes=1)
    wave.save()
    response = Client().post(
        reverse("research:respond", args=[wave.token]), {"safety_dark": "very_safe"}
    )
    assert response.status_code == 410
    assert "This survey is closed" in response.content.decode()
    assert Response.objects.count() == 0


def test_household_codes_take_one_response_each(zone):
    survey = factories.make_survey(zone, one_response=OneResponse.CODE)
    wave = survey.waves.get()
    code = services.make_codes(wave=wave, how_many=3)[0].code
    url = reverse("research:respond", args=[wave.token])
    client = Client()
    assert client.post(url, {"code": "WRONG123", "safety_dark": "very_safe"}).status_code == 409
    assert client.post(url, {"code": code.lower(), "safety_dark": "very_safe"}).status_code == 302
    again = client.post(url, {"code": code, "safety_dark": "very_unsafe"})
    assert again.status_code == 409 and "already been used" in again.content.decode()
    assert Response.objects.count() == 1
    assert HouseholdCode.objects.filter(used_at__isnull=False).count() == 1


def test_signed_in_surveys_take_one_response_per_account(zone):
    survey = factories.make_survey(zone, one_response=OneResponse.ACCOUNT)
    wave = survey.waves.get()
    url = reverse("research:respond", args=[wave.token])
    assert Client().get(url).status_code == 302  # to sign in
    client = Client()
    client.force_login(factories.UserFactory())
    assert client.post(url, {"safety_dark": "very_safe"}).status_code == 302
    assert "You have already answered" in client.get(url).content.decode()
    assert client.post(url, {"safety_dark": "very_safe"}).status_code == 200
    assert Response.objects.count() == 1


def test_spam_and_floods_are_refused(zone, settings):
    # A day's window: a fixed window that a minute boundary splits mid-test would let one more in.
    settings.PZ_SURVEY_RATE = "3/86400"
    survey = factories.make_survey(zone)
    wave = survey.waves.get()
    url = reverse("research:respond", args=[wave.token])
    client = Client()
    spam = client.post(url, {"safety_dark": "very_safe", "website": "http://spam.example"})
    assert spam.status_code == 400 and Response.objects.count() == 0
    for _ in range(2):
        assert client.post(url, {"safety_dark": "very_safe"}).status_code == 302
    flood = client.post(url, {"safety_dark": "very_safe"})
    assert flood.status_code == 429
    assert Response.objects.count() == 2


def test_a_volunteer_types_in_paper_forms_by_number(coordinator, zone):
    survey = factories.make_survey(zone)
    wave = survey.waves.get()
    volunteer = factories.VolunteerFactory()
    client = Client()
    client.force_login(volunteer)
    url = reverse("research:paper", args=[wave.pk])
    assert client.get(url).status_code == 403
    services.add_data_entry(survey=survey, email=volunteer.email)
    assert client.get(url).status_code == 200
    # Safety after dark: 2 = Fairly safe; belonging: 1 = Very strongly; offer: 1 and 3.
    saved = client.post(url, {"paper_reference": "P-001", "safety_dark": "2", "belonging": "1",
                              "offer": "1 3"})  # fmt: skip
    assert saved.status_code == 302
    response = Response.objects.get()
    assert response.channel == "paper" and response.entered_by == volunteer
    assert response.answers == {
        "safety_dark": "fairly_safe", "belonging": "very_strongly", "offer": ["cooking", "diy"],
    }  # fmt: skip
    twice = client.post(url, {"paper_reference": "P-001", "safety_dark": "1"})
    assert twice.status_code == 400 and "already been entered" in twice.content.decode()
    wrong = client.post(url, {"paper_reference": "P-002", "safety_dark": "9"})
    assert wrong.status_code == 400 and "Choose one of the answers listed" in wrong.content.decode()
    assert Response.objects.count() == 1


def test_paper_forms_can_be_typed_in_after_the_wave_closes(coordinator, zone, signed_in):
    survey = factories.make_survey(zone)
    wave = survey.waves.get()
    services.close_wave(wave=wave, by=coordinator)
    url = reverse("research:paper", args=[wave.pk])
    assert signed_in.post(url, {"paper_reference": "7", "safety_dark": "1"}).status_code == 302
    assert Response.objects.get().channel == "paper"


def _answer(wave, n, **answers):
    for _ in range(n):
        Response.objects.create(wave=wave, answers=dict(answers))


def test_results_show_the_change_between_waves_with_interval_and_sample_sizes(signed_in, zone):
    survey = factories.make_survey(zone)
    baseline = survey.waves.get()
    _answer(baseline, 48, safety_dark="fairly_safe")
    _answer(baseline, 52, safety_dark="very_unsafe")
    follow = Wave.objects.create(
        survey=survey, name="Follow-up 1", kind="follow_up",
        opens_at=timezone.now(), closes_at=timezone.now() + timedelta(days=5),
    )  # fmt: skip
    _answer(follow, 70, safety_dark="very_safe")
    _answer(follow, 30, safety_dark="a_bit_unsafe")
    page = signed_in.get(reverse("research:results", args=[survey.pk])).content.decode()
    assert "More people feel safe walking alone here after dark: 48% -&gt; 70%" in page
    assert "a change larger than chance alone would likely give" in page
    assert "100 and 100 people answered" in page
    assert "<svg" in page and "<table" in page


def test_unpublished_results_are_for_the_zone_team_and_published_ones_for_everyone(zone):
    survey = factories.make_survey(zone)
    url = reverse("research:results", args=[survey.pk])
    resident = factories.UserFactory()
    client = Client()
    client.force_login(resident)
    assert client.get(url).status_code == 403
    survey.results_published = True
    survey.save()
    assert client.get(url).status_code == 200
    assert Client().get(url).status_code == 200


def test_free_text_is_themed_by_keyword_and_by_hand(signed_in, zone):
    survey = factories.make_survey(zone)
    wave = survey.waves.get()
    for text in ["Better street lights please", "More for young people", "lighting on the park"]:
        services.submit_response(wave=wave, data={"better": [text]})
    url = reverse("research:free_text", args=[survey.pk, "better"])
    signed_in.post(url, {"name": "Street lighting", "keywords": "light"})
    theme = survey.themes.get()
    assert Tag.objects.filter(theme=theme).count() == 2
    youth = Response.objects.get(answers__better="More for young people")
    lights = Response.objects.get(answers__better="Better street lights please")
    signed_in.post(
        url, {"response": [youth.pk, lights.pk], f"themes-{youth.pk}": [theme.pk]}
    )  # untick the lights answer, tick the youth one
    assert set(Tag.objects.values_list("response_id", flat=True)) == {
        youth.pk, Response.objects.get(answers__better="lighting on the park").pk
    }  # fmt: skip
    # A later answer with the keyword is tagged as it arrives.
    services.submit_response(wave=wave, data={"better": ["Lights by the shops"]})
    assert Tag.objects.count() == 3


def test_the_export_leaves_out_everything_that_could_identify_someone(signed_in, zone):
    survey = factories.make_survey(zone)
    Question.objects.create(
        survey=survey, order=99, key="postcode", kind="postcode", text="Postcode"
    )
    wave = survey.waves.get()
    respondent = factories.UserFactory(email="named.person@example.org")
    Response.objects.create(
        wave=wave, respondent=respondent, paper_reference="P-77",
        answers={"safety_dark": "very_safe", "better": "Ask Mrs Patel at number 4", "postcode": "LE3 1AB",
                 "offer": ["cooking", "diy"]},
    )  # fmt: skip
    body = signed_in.get(reverse("research:export_csv", args=[survey.pk])).content.decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert rows == [{
        "wave": "Baseline", "wave_kind": "baseline", "channel": "online",
        "month": timezone.now().strftime("%Y-%m"), "safety_dark": "very_safe", "belonging": "",
        "offer": "cooking;diy", "postcode": "LE3 1",
    }]  # fmt: skip
    for secret in ("Patel", "named.person", "P-77", "LE3 1AB"):
        assert secret not in body


def test_translations_show_in_the_chosen_language(signed_in, zone):
    survey = factories.make_survey(zone, measure_keys=["safety_dark"])
    question = survey.questions.get()
    url = reverse("research:translations", args=[survey.pk]) + "?language=cy"
    signed_in.post(url, {
        "survey-title": "Sut mae'r ardal?", f"q{question.pk}-text": "Pa mor ddiogel ydych chi'n teimlo?",
        f"q{question.pk}-o-very_safe": "Diogel iawn",
    })  # fmt: skip
    wave = survey.waves.get()
    page = (
        Client().get(reverse("research:respond", args=[wave.token]) + "?lang=cy").content.decode()
    )
    assert "Sut mae&#x27;r ardal?" in page and "Diogel iawn" in page and 'lang="cy"' in page
    assert "Fairly safe" in page  # left blank: shown in English
    english = Client().get(reverse("research:respond", args=[wave.token])).content.decode()
    assert "Diogel iawn" not in english


def test_an_objective_can_use_a_survey_measure_shown_on_the_zone_page(signed_in, zone):
    survey = factories.make_survey(zone)
    _answer(survey.waves.get(), 20, safety_dark="very_safe")
    response = signed_in.post(
        reverse("zones:objective_new", args=[zone.slug]),
        {"title": "Feel safer after dark", "statement": "Fewer people afraid to go out.",
         "theme": "safety", "indicator_kind": "survey", "indicator": "Feeling safe after dark",
         "survey_measure": f"{survey.pk}:share_safety_dark"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    objective = zone.objectives.get()
    assert objective.survey == survey and objective.survey_result == "share_safety_dark"
    page = Client().get(zone.get_absolute_url()).content.decode()
    assert "People who feel safe walking alone here after dark" not in page  # not published yet
    survey.results_published = True
    survey.save()
    page = Client().get(zone.get_absolute_url()).content.decode()
    assert "People who feel safe walking alone here after dark" in page and "100%" in page


def test_the_same_filled_in_form_sent_twice_is_stored_once(zone):
    survey = factories.make_survey(zone)
    wave = survey.waves.get()
    url = reverse("research:respond", args=[wave.token])
    client = Client()
    page = client.get(url).content.decode()
    form_id = page.split('name="form_id" value="')[1].split('"')[0]
    data = {"form_id": form_id, "safety_dark": "very_safe"}
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)  # a double click, or Back and send again
    assert again.status_code == 409 and "were sent already" in again.content.decode()
    assert Response.objects.count() == 1
    # A fresh form on the same device (a neighbour's turn at a community event) is taken.
    fresh = client.get(url).content.decode().split('name="form_id" value="')[1].split('"')[0]
    assert fresh != form_id
    assert client.post(url, {"form_id": fresh, "safety_dark": "fairly_safe"}).status_code == 302
    assert Response.objects.count() == 2


def test_questions_move_within_their_section_and_skip_logic_works_in_any_order(signed_in, zone):
    survey = factories.make_survey(zone, measure_keys=["safety_dark", "safety_day", "better"])
    keys = lambda: list(survey.questions.values_list("key", flat=True))  # noqa: E731
    assert keys() == ["safety_dark", "safety_day", "better"]
    day = survey.questions.get(key="safety_day")
    move = reverse("research:question_move", args=[survey.pk, day.pk])
    signed_in.post(move, {"direction": "up"})
    assert keys() == ["safety_day", "safety_dark", "better"]
    signed_in.post(move, {"direction": "up"})  # first in its section: stays
    assert keys() == ["safety_day", "safety_dark", "better"]
    # A question in the first section asked only after an answer in the last one still works.
    better = survey.questions.get(key="better")
    walks = Question.objects.create(
        survey=survey, section=better.section, order=99, key="walks", kind="yes_no", text="Walk?"
    )
    survey.questions.filter(key="safety_dark").update(
        show_if_question=walks, show_if_values=["yes"], required=True
    )
    wave = survey.waves.get()
    url = reverse("research:respond", args=[wave.token])
    refused = Client().post(url, {"walks": "yes"})
    assert refused.status_code == 400 and "Answer this question" in refused.content.decode()
    assert Client().post(url, {"walks": "no"}).status_code == 302
    assert Response.objects.get().answers == {"walks": "no"}


def test_an_empty_survey_can_be_built_but_not_opened(signed_in, zone):
    signed_in.post(
        reverse("research:new"), {"zone": zone.pk, "title": "Empty", "one_response": "open"}
    )
    survey = Survey.objects.get()
    assert signed_in.get(survey.get_absolute_url()).status_code == 200
    today = timezone.localdate()
    refused = signed_in.post(
        reverse("research:wave_new", args=[survey.pk]),
        {"name": "Baseline", "kind": "baseline", "opens_on": today, "closes_on": today},
    )
    assert refused.status_code == 400 and "Add at least one question" in refused.content.decode()
    assert not survey.waves.exists()
