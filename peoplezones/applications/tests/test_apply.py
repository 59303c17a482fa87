"""The public apply/ask form: valid, invalid, spam and flood posts."""

import pytest
from django.core import mail
from django.urls import reverse

from peoplezones.applications.models import Application, Status

pytestmark = pytest.mark.django_db
URL = reverse("applications:apply")


def test_form_page_shows_every_section(client):
    response = client.get(URL)
    assert response.status_code == 200
    for text in ["About you", "About the area", "Contacting you", "privacy notice"]:
        assert text in response.content.decode()


def test_valid_application_is_stored_acknowledged_and_thanked(
    client, valid_application_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, valid_application_data, follow=True)
    assert response.status_code == 200
    application = Application.objects.get()
    assert application.status == Status.NEW
    assert application.postcode == "LE2 6AA"
    assert application.consent_given_at is not None
    assert application.reference in response.content.decode()
    assert application.events.get().to_status == Status.NEW
    assert len(mail.outbox) == 1
    assert application.reference in mail.outbox[0].subject
    assert mail.outbox[0].to == ["jo@example.net"]
    assert application.messages.get().automatic


def test_thanks_page_without_an_application_goes_back_to_the_form(client):
    response = client.get(reverse("applications:thanks"))
    assert response.status_code == 302
    assert response.url == URL


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Enter your name"),
        ("email", "not-an-email", "Enter an email address in the correct format"),
        ("postcode", "LE99", "Enter a real UK postcode"),
        ("wants_to_change", "", "Tell us what your community would like to change"),
        ("consent", "", "Tick the box to agree"),
        ("kind", "", "Choose whether you want to apply or ask"),
    ],
)
def test_invalid_field_shows_error_summary_and_stores_nothing(
    client, valid_application_data, field, value, message
):
    valid_application_data[field] = value
    response = client.post(URL, valid_application_data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert message in body
    assert f'href="#id_{field}' in body
    assert Application.objects.count() == 0
    assert mail.outbox == []


def test_group_applicant_must_name_the_group(client, valid_application_data):
    valid_application_data["applicant_role"] = "community_group"
    response = client.post(URL, valid_application_data)
    assert response.status_code == 400
    assert "Enter the name of your group or organisation" in response.content.decode()
    assert not Application.objects.exists()


def test_phone_contact_needs_a_phone_number(client, valid_application_data):
    valid_application_data["contact_preference"] = "phone"
    response = client.post(URL, valid_application_data)
    assert response.status_code == 400
    assert "Enter a phone number so that we can call you" in response.content.decode()


def test_honeypot_filled_is_refused_and_nothing_stored(client, valid_application_data):
    valid_application_data["website"] = "http://spam.example"
    response = client.post(URL, valid_application_data)
    assert response.status_code == 400
    assert "We could not accept this form" in response.content.decode()
    assert not Application.objects.exists()
    assert mail.outbox == []


def test_thirty_posts_in_a_minute_from_one_address_are_limited(
    client, valid_application_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            client.post(URL, valid_application_data, REMOTE_ADDR="203.0.113.9").status_code
            for _ in range(30)
        ]
    assert statuses[:5] == [302] * 5
    assert statuses[5:] == [429] * 25
    assert Application.objects.count() == 5
    assert len(mail.outbox) == 5
    # Another address is not affected by the flood.
    assert client.post(URL, valid_application_data, REMOTE_ADDR="198.51.100.7").status_code == 302


def test_limited_response_explains_and_stores_nothing(client, valid_application_data):
    for _ in range(5):
        client.post(URL, {"name": ""}, REMOTE_ADDR="203.0.113.10")
    response = client.post(URL, valid_application_data, REMOTE_ADDR="203.0.113.10")
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert not Application.objects.exists()
