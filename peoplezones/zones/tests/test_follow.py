"""Following a Zone: instant news by email, weekly digests, one-click unsubscribe."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from peoplezones.zones.models import Follow
from peoplezones.zones.tasks import send_weekly_digests, unsubscribe_url
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def zone():
    coordinator = factories.CoordinatorFactory()
    return factories.ZoneFactory(coordinators=[coordinator])


def follow(zone, frequency):
    user = factories.UserFactory()
    client = Client()
    client.force_login(user)
    client.post(reverse("zones:follow", args=[zone.slug]), {"frequency": frequency})
    return user


def post_news(zone, capture):
    client = Client()
    client.force_login(zone.coordinators.get())
    with capture(execute=True):
        client.post(
            reverse("zones:news_new", args=[zone.slug]),
            {"title": "Youth club opens", "body": "Tuesdays."},
        )


def test_instant_followers_get_the_update_with_an_unsubscribe_link(
    zone, django_capture_on_commit_callbacks
):
    instant, weekly = follow(zone, "instant"), follow(zone, "weekly")
    post_news(zone, django_capture_on_commit_callbacks)
    assert [message.to for message in mail.outbox] == [[instant.email]]
    message = mail.outbox[0]
    assert "Youth club opens" in message.subject
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/zones/unsubscribe/" in message.body
    assert weekly.email not in str([m.to for m in mail.outbox])


def test_weekly_digest_collects_the_weeks_news(zone, django_capture_on_commit_callbacks):
    weekly = follow(zone, "weekly")
    post_news(zone, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    send_weekly_digests.enqueue()
    assert [m.to for m in mail.outbox] == [[weekly.email]]
    assert "Youth club opens" in mail.outbox[0].body
    mail.outbox.clear()
    send_weekly_digests.enqueue()  # nothing new since the last digest
    assert mail.outbox == []


def test_one_click_unsubscribe(zone):
    user = follow(zone, "instant")
    url = unsubscribe_url(Follow.objects.get(user=user))
    path = url.split("127.0.0.1:8000", 1)[-1]
    assert "Stop emails" in Client().get(path).content.decode()
    assert Follow.objects.filter(user=user).exists()  # a GET (a link scanner) changes nothing
    response = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Follow.objects.filter(user=user).exists()


def test_tampered_unsubscribe_token_is_refused(zone):
    user = follow(zone, "instant")
    path = unsubscribe_url(Follow.objects.get(user=user)).split("127.0.0.1:8000", 1)[-1]
    response = Client().post(path.replace(":", "x", 1)[:-3] + "zz/")
    assert response.status_code == 400
    assert Follow.objects.filter(user=user).exists()
