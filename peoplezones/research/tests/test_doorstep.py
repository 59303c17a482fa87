"""The door-step page's sending end: answers queued on a volunteer's device arrive in batches,
perhaps many times over; each is stored once (its key), and the ones that cannot be counted (a
closed wave, a survey changed since the page was opened, bad shapes) are refused with a reason the
device keeps beside them."""

import json
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from peoplezones.research import services
from peoplezones.research.answering import survey_version
from peoplezones.research.models import Question, Response
from tests import factories

pytestmark = pytest.mark.django_db
SAFE = ["very_safe", "fairly_safe", "a_bit_unsafe", "very_unsafe"]


@pytest.fixture
def setting():
    coordinator = factories.CoordinatorFactory()
    survey = factories.make_survey(factories.ZoneFactory(coordinators=[coordinator]))
    volunteer = factories.VolunteerFactory()
    services.add_data_entry(survey=survey, email=volunteer.email)
    client = Client(enforce_csrf_checks=True)
    client.force_login(volunteer)
    return survey, survey.waves.get(), volunteer, client


def queued(survey, n: int, **overrides):
    version = survey_version(survey.questions.select_related("show_if_question"))
    now = timezone.now()
    return [
        {"key": str(uuid.uuid4()), "version": version,
         "recorded_at": (now - timedelta(minutes=n - i)).isoformat(),
         "data": {"safety_dark": [SAFE[i % 4]]}, **overrides}
        for i in range(n)
    ]  # fmt: skip


def send(client, wave, items):
    page = client.get(reverse("research:doorstep", args=[wave.pk]))
    token = (
        page.cookies["csrftoken"].value
        if "csrftoken" in page.cookies
        else client.cookies["csrftoken"].value
    )
    return client.post(
        reverse("research:doorstep_sync", args=[wave.pk]), json.dumps({"answers": items}),
        content_type="application/json", headers={"X-CSRFToken": token},
    )  # fmt: skip


def test_the_page_is_for_those_who_may_enter_answers_and_offers_itself_offline(setting):
    survey, wave, _volunteer, client = setting
    url = reverse("research:doorstep", args=[wave.pk])
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and "no-cache" in page["Cache-Control"]
    assert 'data-worker="/surveys/waves/' in html and "Save this household" in html
    assert f'data-version="{survey_version(survey.questions.all())}"' in html
    stranger = Client()
    stranger.force_login(factories.VolunteerFactory())
    assert stranger.get(url).status_code == 403
    assert Client().get(url).status_code == 302  # to sign in
    worker = Client().get(reverse("research:doorstep_worker", args=[wave.pk]))
    script = worker.content.decode()
    assert worker["Content-Type"].startswith("text/javascript")
    assert f'var PAGE = "{url}"' in script and "/static/research/doorstep.js" in script


def test_500_answers_sent_in_batches_again_and_again_are_stored_once_each(setting):
    survey, wave, volunteer, client = setting
    items = queued(survey, 500)
    # Every batch sent, then every batch again (replies lost), in a different order.
    for start in [*range(0, 500, 100), *reversed(range(0, 500, 100))]:
        answer = send(client, wave, items[start : start + 100])
        assert answer.status_code == 200
    stored = Response.objects.filter(wave=wave)
    assert (
        stored.count() == 500
        and stored.filter(channel="doorstep", entered_by=volunteer).count() == 500
    )
    assert {str(k) for k in stored.values_list("client_key", flat=True)} == {
        i["key"] for i in items
    }
    again = send(client, wave, items[:100]).json()
    assert {r["state"] for r in again["results"]} == {"already"} and again["recorded"] == 500
    shares = {s: stored.filter(answers__safety_dark=s).count() for s in SAFE}
    assert shares == dict.fromkeys(SAFE, 125)  # each answer as recorded, none lost


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_devices_sending_the_same_answers_at_once_store_each_once(setting):
    survey, wave, _volunteer, _client = setting
    items = queued(survey, 60)

    def sender(_n):
        client = Client()
        client.force_login(_volunteer)
        return [r["state"] for r in send(client, wave, items).json()["results"]]

    with ThreadPoolExecutor(4) as pool:
        states = [s for result in pool.map(sender, range(4)) for s in result]
    connection.close()
    assert states.count("stored") == 60 and states.count("already") == 180
    assert Response.objects.filter(wave=wave).count() == 60


def test_answers_recorded_before_the_wave_closed_count_and_later_ones_are_refused(setting):
    survey, wave, _volunteer, client = setting
    closed_at = timezone.now() - timedelta(minutes=30)
    type(wave).objects.filter(pk=wave.pk).update(closes_at=closed_at)
    wave.refresh_from_db()
    before, after = queued(survey, 2)
    before["recorded_at"] = (closed_at - timedelta(hours=2)).isoformat()
    after["recorded_at"] = (closed_at + timedelta(minutes=5)).isoformat()
    results = send(client, wave, [before, after]).json()["results"]
    assert [r["state"] for r in results] == ["stored", "refused"]
    assert "Recorded after the wave closed" in results[1]["message"]
    assert Response.objects.get().client_key == uuid.UUID(before["key"])


def test_a_survey_changed_since_the_page_opened_is_checked_again(setting):
    survey, wave, _volunteer, client = setting
    fits, no_longer = queued(survey, 2)
    no_longer["data"] = {"safety_dark": ["fairly_safe"], "belonging": ["very_strongly"]}
    Question.objects.filter(survey=survey, key="belonging").delete()
    Question.objects.filter(survey=survey, key="safety_dark").update(required=True)
    fits["data"] = {"belonging": ["very_strongly"]}  # now missing a required answer
    results = send(client, wave, [fits, no_longer]).json()["results"]
    assert [r["state"] for r in results] == ["refused", "stored"]
    assert results[0]["message"].startswith("The survey changed after this page was opened")
    assert Response.objects.get().answers == {
        "safety_dark": "fairly_safe"
    }  # the removed question's answer is not kept


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"key": "not-a-key"}, "no valid key"),
        ({"recorded_at": "yesterday"}, "no valid time"),
        ({"recorded_at": "2026-01-01T10:00:00"}, "no valid time"),  # no time zone
        ({"recorded_at": "2001-01-01T10:00:00+00:00"}, "check the device's clock"),
        ({"data": {"safety_dark": "very_safe"}}, "a list of words"),
        ({"data": {"safety_dark": ["sometimes"]}}, "Choose one of the answers listed"),
        ({"data": {}}, "Answer at least one question"),
    ],
)
def test_a_bad_answer_is_refused_by_name_and_the_rest_of_its_batch_stored(setting, change, said):
    survey, wave, _volunteer, client = setting
    good, bad = queued(survey, 2)
    bad.update(change)
    results = send(client, wave, [good, bad]).json()["results"]
    assert results[0]["state"] == "stored"
    assert results[1]["state"] == "refused" and said in results[1]["message"]
    assert Response.objects.count() == 1


def test_a_request_the_page_did_not_make_is_refused_whole(setting):
    survey, wave, _volunteer, client = setting
    url = reverse("research:doorstep_sync", args=[wave.pk])
    token = client.get(reverse("research:doorstep", args=[wave.pk])).cookies["csrftoken"].value
    post = lambda body: client.post(url, body, content_type="application/json",  # noqa: E731
                                    headers={"X-CSRFToken": token})  # fmt: skip
    assert "JSON with a list of answers" in post("not json").json()["error"]
    assert post(json.dumps({"answers": queued(survey, 101)})).status_code == 400
    assert Client().post(url, "{}", content_type="application/json").status_code == 401
    stranger = Client()
    stranger.force_login(factories.VolunteerFactory())  # not named for this survey's data entry
    assert stranger.post(url, json.dumps({"answers": queued(survey, 1)}),
                         content_type="application/json").status_code == 403  # fmt: skip
    unasked = Client(enforce_csrf_checks=True)
    unasked.force_login(_volunteer)
    assert unasked.post(url, "{}", content_type="application/json").status_code == 403  # no token
    assert not Response.objects.exists()
