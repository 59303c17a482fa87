"""Someone who has just answered may ask to hear what came of the survey: their address is kept
apart from their answers, with their consent; they are told once when the results are published
and once for each objective the Zone then agrees; a link in every email stops it all and deletes
the address."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from peoplezones.privacy.models import Consent, Purpose
from peoplezones.research import services
from peoplezones.research.models import FollowUp
from peoplezones.research.tasks import tell_follow_ups
from peoplezones.zones import services as zone_services
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(django_capture_on_commit_callbacks):
    coordinator = factories.CoordinatorFactory()
    zone = factories.ZoneFactory(coordinators=[coordinator], is_published=True, name="Braunstone")
    survey = factories.make_survey(zone)
    wave = survey.waves.get()
    client = Client()
    client.post(reverse("research:respond", args=[wave.token]), {"safety_dark": "very_safe"})
    return client, survey, wave, coordinator


def test_after_answering_someone_asks_to_hear_and_it_is_kept_apart(answered):
    client, survey, wave, _coordinator = answered
    thanks = client.get(reverse("research:thanks", args=[wave.token])).content.decode()
    assert "Hear what comes of it" in thanks
    url = reverse("research:follow_up", args=[wave.token])
    refused = client.post(url, {"email": "not an address", "agree": "on"})
    assert refused.status_code == 400 and "Enter an email address" in refused.content.decode()
    assert client.post(url, {"email": "Neighbour@Example.org"}).status_code == 400  # no consent
    assert client.post(url, {"email": "Neighbour@Example.org", "agree": "on"}).status_code == 302
    held = FollowUp.objects.get()
    assert held.email == "neighbour@example.org" and held.survey == survey
    assert {f.name for f in FollowUp._meta.get_fields()} == {
        "id",
        "survey",
        "email",
        "created_at",
        "told",
    }  # nothing links the address to the answers
    consent = Consent.objects.get(purpose=Purpose.SURVEY_FOLLOW_UP)
    assert consent.email == "neighbour@example.org" and consent.withdrawn_at is None
    page = client.get(reverse("research:thanks", args=[wave.token])).content.decode()
    assert "we will email you" in page
    assert Client().post(url, {"email": "x@example.org", "agree": "on"}).status_code == 302
    assert FollowUp.objects.count() == 1  # only someone who has just answered


def test_they_hear_once_of_the_results_and_of_each_objective_then_stop(
    answered, django_capture_on_commit_callbacks
):
    client, survey, wave, coordinator = answered
    client.post(reverse("research:follow_up", args=[wave.token]),
                {"email": "neighbour@example.org", "agree": "on"})  # fmt: skip
    survey.results_published = True
    with django_capture_on_commit_callbacks(execute=True):
        services.update_survey(survey, by=coordinator)
        services.update_survey(survey, by=coordinator)  # saved again: nothing new to tell
    assert [m.to for m in mail.outbox] == [["neighbour@example.org"]]
    assert "Its results are published" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        objective = zone_services.publish_objective(
            zone=survey.zone, actor=coordinator,
            fields={"title": "Lighter paths", "statement": "Paths lit after dark.",
                    "theme": "safety", "indicator_kind": "milestone", "indicator": "Lights"},
        )  # fmt: skip
    assert len(mail.outbox) == 2 and "“Lighter paths”" in mail.outbox[1].body
    tell_follow_ups.call(survey.pk, f"objective-{objective.pk}")
    assert len(mail.outbox) == 2  # told once

    stop = mail.outbox[1].body.split("To stop these emails (your address is then deleted): ")[1]
    path = stop.strip().split("testserver")[-1].replace("http://127.0.0.1:8000", "")
    assert "Stop the emails" in Client().get(path).content.decode()
    assert "Done" in Client().post(path).content.decode()
    assert FollowUp.objects.count() == 0
    assert Consent.objects.get(purpose=Purpose.SURVEY_FOLLOW_UP).withdrawn_at is not None
    assert Client().get("/surveys/follow-up/stop/forged/").status_code == 400
