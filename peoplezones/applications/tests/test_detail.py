"""An application's page: reading it is audited; staff move it on and reply from it."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from peoplezones.applications.models import Application, Status
from peoplezones.core.models import AuditEvent
from peoplezones.zones.models import Stage, Zone
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_viewing_records_who_saw_the_personal_data(staff_client, staff):
    application = ApplicationFactory(email="private@example.net")
    response = staff_client.get(application.get_absolute_url())
    assert response.status_code == 200
    assert "private@example.net" in response.content.decode()
    event = AuditEvent.objects.get(target_id=str(application.pk))
    assert event.actor == staff
    assert event.action == "viewed"


def test_status_change_is_recorded_with_who_and_when(staff_client, staff):
    application = ApplicationFactory()
    url = reverse("applications:change_status", args=[application.reference])
    response = staff_client.post(url, {"to_status": "in_review", "note": "Reading it"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW
    event = application.events.get(to_status="in_review")
    assert event.actor == staff and event.from_status == "new" and event.note == "Reading it"
    assert AuditEvent.objects.filter(action="changed", target_id=str(application.pk)).exists()


def test_impossible_transition_is_refused(staff_client):
    application = ApplicationFactory(status=Status.DECLINED)
    url = reverse("applications:change_status", args=[application.reference])
    response = staff_client.post(url, {"to_status": "accepted"})
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.status == Status.DECLINED


def test_declining_needs_a_reason(staff_client):
    application = ApplicationFactory(status=Status.IN_REVIEW)
    url = reverse("applications:change_status", args=[application.reference])
    response = staff_client.post(url, {"to_status": "declined", "note": ""})
    assert response.status_code == 400
    assert "Give the reason for declining" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW


def test_accepting_creates_a_draft_zone_with_the_applications_content(staff_client):
    application = ApplicationFactory(
        status=Status.IN_REVIEW,
        area_name="Saffron Lane",
        wants_to_change="Somewhere for young people to go.",
        strengths="A youth club.",
    )
    url = reverse("applications:change_status", args=[application.reference])
    response = staff_client.post(url, {"to_status": "accepted"}, follow=True)
    assert "A draft Zone, Saffron Lane" in response.content.decode()
    zone = Zone.objects.get()
    assert (zone.name, zone.stage, zone.is_published) == ("Saffron Lane", Stage.ENQUIRY, False)
    assert zone.community_priorities == "Somewhere for young people to go."
    assert zone.community_strengths == "A youth club."
    application.refresh_from_db()
    assert application.zone == zone


def test_reply_is_emailed_and_kept_on_the_record(staff_client, staff):
    application = ApplicationFactory(email="applicant@example.net")
    url = reverse("applications:reply", args=[application.reference])
    response = staff_client.post(
        url,
        {
            "subject": "A question",
            "body": "How many neighbours support this?",
            "ask_for_more": "on",
        },
    )
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["applicant@example.net"]
    assert "How many neighbours support this?" in mail.outbox[-1].body
    assert application.reference in mail.outbox[-1].body
    message = application.messages.get()
    assert message.sender == staff and message.subject == "A question"
    application.refresh_from_db()
    assert application.status == Status.MORE_INFO


def test_reply_that_cannot_be_sent_records_nothing(staff_client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    application = ApplicationFactory()
    url = reverse("applications:reply", args=[application.reference])
    response = staff_client.post(url, {"subject": "Hello", "body": "Hi"})
    assert response.status_code == 502
    assert "could not be sent" in response.content.decode()
    assert not application.messages.exists()


def test_empty_reply_is_refused(staff_client):
    application = ApplicationFactory()
    url = reverse("applications:reply", args=[application.reference])
    response = staff_client.post(url, {"subject": "", "body": ""})
    assert response.status_code == 400
    assert not application.messages.exists()


def test_someone_who_asked_to_be_phoned_is_phoned_not_emailed(staff_client, valid_application_data):
    mail.outbox.clear()
    data = {**valid_application_data, "contact_preference": "phone", "phone": "0116 496 0000"}
    response = Client().post(reverse("applications:apply"), data, follow=True)
    assert "we will not email you: we will call 0116 496 0000" in response.content.decode()
    application = Application.objects.get()
    assert mail.outbox == []  # no acknowledgement email
    page = staff_client.get(application.get_absolute_url()).content.decode()
    assert "They asked to be phoned, not emailed: call 0116 496 0000" in page
    assert "Reply by email" not in page
    refused = staff_client.post(reverse("applications:reply", args=[application.reference]),
                                {"subject": "Hello", "body": "An email anyway"})  # fmt: skip
    assert refused.status_code == 400 and mail.outbox == [] and not application.messages.exists()
    assert "Nothing was emailed: they asked to be phoned" in refused.content.decode()
    empty = staff_client.post(reverse("applications:call", args=[application.reference]), {})
    assert empty.status_code == 400
    staff_client.post(reverse("applications:call", args=[application.reference]),
                      {"call-note": "Spoke to Jo: 40 neighbours back it"})  # fmt: skip
    assert application.events.filter(note="Phoned: Spoke to Jo: 40 neighbours back it").exists()


def test_the_call_form_points_at_its_own_error(staff_client):
    application = ApplicationFactory(contact_preference="phone", phone="0116 496 0000")
    page = staff_client.post(reverse("applications:call", args=[application.reference]), {})
    html = page.content.decode()
    assert 'id="id_call-note"' in html and 'aria-describedby="id_call-note-error"' in html
    assert 'id="id_call-note-error"' in html


def test_someone_who_asked_for_post_gets_letters_not_emails(
    staff_client, valid_application_data, notify, commit_callbacks_run_at_once
):
    from peoplezones.core.models import Message as Logged

    mail.outbox.clear()
    data = {**valid_application_data, "contact_preference": "post", "email": "",
            "postal_address": " 4 Hinckley Road \n\nLeicester\nle3 0ta "}  # fmt: skip
    response = Client().post(reverse("applications:apply"), data, follow=True)
    assert "a letter confirming your application is on its way" in response.content.decode()
    application = Application.objects.get()
    assert application.postal_address == "4 Hinckley Road\nLeicester\nLE3 0TA"
    assert mail.outbox == []
    [letter] = notify.sent
    assert letter["type"] == "letter"
    words = letter["personalisation"]
    assert [words[f"address_line_{n}"] for n in (1, 2, 3)] == [
        "4 Hinckley Road", "Leicester", "LE3 0TA"]  # fmt: skip
    assert application.reference in words["body"] and "write back to you" in words["body"]
    assert application.messages.get().by_post
    # Staff reply by letter from the record; asking twice for the same thing would send once.
    page = staff_client.get(application.get_absolute_url()).content.decode()
    assert "Reply by post" in page and "Reply by email" not in page
    staff_client.post(reverse("applications:reply", args=[application.reference]),
                      {"subject": "Your application", "body": "Could we meet on 3 May?"})  # fmt: skip
    assert [n["type"] for n in notify.sent] == ["letter", "letter"]
    assert "Could we meet on 3 May?" in notify.sent[-1]["personalisation"]["body"]
    assert mail.outbox == [] and Logged.objects.filter(channel="letter").count() == 2
    assert application.messages.filter(by_post=True).count() == 2


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("", "Enter the address we should write to"),
        ("4 Hinckley Road\nLE3 0TA", "on at least 3 lines"),
        ("4 Hinckley Road\nLeicester\nLeicestershire", "Put a real UK postcode on the last line"),
        ("\n".join(["a line"] * 8) + "\nLE3 0TA", "no more than 7 lines"),
    ],
)
def test_an_address_a_letter_cannot_reach_is_refused_by_name(
    valid_application_data, address, problem
):
    data = {**valid_application_data, "contact_preference": "post", "postal_address": address}
    response = Client().post(reverse("applications:apply"), data)
    assert response.status_code == 400 and problem in response.content.decode()
    assert not Application.objects.exists()


def test_email_is_asked_for_only_when_we_will_email(valid_application_data):
    data = {**valid_application_data, "email": ""}
    response = Client().post(reverse("applications:apply"), data)
    assert response.status_code == 400 and "Enter your email address" in response.content.decode()
    data = {**data, "contact_preference": "phone", "phone": "0116 496 0000"}
    assert Client().post(reverse("applications:apply"), data).status_code == 302


def test_a_letter_that_cannot_go_reaches_staff_with_its_application(
    staff_client, valid_application_data, notify, commit_callbacks_run_at_once
):
    notify.fail_next(400, "address_line_7 Last line of address must be a real UK postcode")
    data = {**valid_application_data, "contact_preference": "post",
            "postal_address": "4 Hinckley Road\nLeicester\nLE3 0TA"}  # fmt: skip
    Client().post(reverse("applications:apply"), data)
    reference = Application.objects.get().reference
    page = staff_client.get(reverse("core:messages_failed")).content.decode()
    assert f"Someone without an account (application {reference})" in page
    assert "must be a real UK postcode" in page
