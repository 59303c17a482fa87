"""Messages by the channel each person chose, through GOV.UK Notify for texts and letters (a local
stand-in shaped like its API: no test calls the real one): personalisation, delivery receipts on a
signed callback, retries that send once, letters to those who asked for post, and bad input."""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from peoplezones.community import services as community
from peoplezones.community import tasks as community_tasks
from peoplezones.core import messaging, work
from peoplezones.core.models import Message, MessageStatus, NotificationSettings
from peoplezones.core.notify import email_person
from tests import factories
from tests.fake_notify import TEMPLATES, TOKEN

pytestmark = pytest.mark.django_db


def person(**channels: str):
    user = factories.UserFactory(name="Asha Patel", phone="+447400123456",
                                 postal_address="12 Church Lane\nLeicester\nLE3 0AA")  # fmt: skip
    NotificationSettings.objects.create(user=user, channels=channels)
    return user


def booked_soon(user, title="Litter pick"):
    event = factories.make_event(days=0, title=title)
    event.starts = timezone.now() + timedelta(hours=5)
    event.ends = event.starts + timedelta(hours=1)
    event.save()
    return community.book(event, user)


def receipt(client: Client, data: dict, token: str = TOKEN):
    return client.post("/notify/callback/", json.dumps(data), content_type="application/json",
                       headers={"Authorization": f"Bearer {token}"})  # fmt: skip


def test_a_person_who_chose_texts_gets_the_reminder_as_a_text_and_its_receipt(notify):
    asha = person(reminders="text")
    booked_soon(asha)
    mail.outbox.clear()
    assert community_tasks.send_reminders.call() == 1
    assert mail.outbox == []  # not by email: she chose texts
    [text] = [n for n in notify.sent if n["type"] == "sms"]
    assert text["phone_number"] == "+447400123456" and text["template_id"] == TEMPLATES["text"]
    body = text["personalisation"]["body"]
    assert "Litter pick" in body and "/community/events/" in body and len(body) < 300
    assert text["reference"].startswith("reminder:")
    message = Message.objects.get(kind="reminders")
    assert (message.channel, message.status, message.provider_id) == ("text", "sent", text["id"])
    # Notify's receipt, signed with our token, marks it delivered; the log shows it to her.
    client = Client()
    assert receipt(client, {"id": text["id"], "reference": text["reference"],
                            "to": "+447400123456", "status": "delivered",
                            "notification_type": "sms"}).status_code == 204  # fmt: skip
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED and message.delivered_at
    client.force_login(asha)
    log = client.get("/account/messages/").content.decode()
    assert "Reminder: Litter pick" in log and "Text message" in log and "Delivered" in log
    assert community_tasks.send_reminders.call() == 0 and len(notify.sent) == 1


def test_a_temporary_failure_is_tried_again_and_sent_once(notify):
    asha = person(reminders="text")
    booked_soon(asha)
    notify.fail_next(500)
    community_tasks.send_reminders.call()
    message = Message.objects.get()
    assert message.status == MessageStatus.RETRYING and "500" in message.error
    assert notify.sent == []
    assert messaging.send_due() == 0  # not before its wait
    later = timezone.now() + timedelta(minutes=2)
    notify.fail_next(429)
    assert messaging.send_due(later) == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.RETRYING and "RateLimitError" in message.error
    assert messaging.send_due(later + timedelta(minutes=10)) == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and message.attempts == 3
    assert len(notify.sent) == 1 and notify.requests == 3
    assert messaging.send_due(later + timedelta(days=1)) == 0  # nothing sent twice
    messaging.deliver(message)
    assert len(notify.sent) == 1


def test_a_letter_goes_to_someone_who_asked_for_post(notify):
    asha = person(bookings="letter")
    booking = booked_soon(asha, title="Walking football")
    community_tasks.email_booking.call(booking.pk)
    [letter] = [n for n in notify.sent if n["type"] == "letter"]
    words = letter["personalisation"]
    assert (words["address_line_1"], words["address_line_2"], words["address_line_3"]) == (
        "12 Church Lane", "Leicester", "LE3 0AA")  # fmt: skip
    assert "Walking football" in words["subject"] and "Walking football" in words["body"]
    assert Message.objects.get(channel="letter").to == "12 Church Lane\nLeicester\nLE3 0AA"


def test_safety_messages_go_by_the_fastest_channel_held_whatever_was_chosen(notify, settings):
    asha = person()
    NotificationSettings.objects.filter(user=asha).update(volunteering=False)
    assert email_person(asha, None, "Check in: are you safe?", "community/email/reminder.txt",
                        {"booking": None, "url": "https://example.org"})  # fmt: skip
    assert [n["type"] for n in notify.sent] == ["sms"]
    settings.PZ_NOTIFY_API_KEY = ""  # no Notify: email, as before
    assert email_person(
        asha, None, "Check in again", "community/email/reminder.txt", {"booking": None}
    )
    assert mail.outbox[-1].subject == "Check in again"


def test_notify_refusals_are_kept_with_notifys_words_and_not_retried(notify):
    asha = person(reminders="text")
    booked_soon(asha)
    notify.fail_next(400, "phone_number Not a UK mobile number")
    community_tasks.send_reminders.call()
    message = Message.objects.get()
    assert message.status == MessageStatus.FAILED
    assert message.error == ("GOV.UK Notify answered 400: BadRequestError: phone_number Not a UK "
                             "mobile number")  # fmt: skip
    assert messaging.send_due(timezone.now() + timedelta(days=1)) == 0


def test_a_receipt_without_our_signature_or_not_json_changes_nothing(notify):
    asha = person(reminders="text")
    booked_soon(asha)
    community_tasks.send_reminders.call()
    message = Message.objects.get()
    client = Client()
    assert (
        receipt(client, {"id": message.provider_id, "status": "delivered"}, "wrong").status_code
        == 401
    )
    assert client.post("/notify/callback/", "{", content_type="application/json",
                       headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 400  # fmt: skip
    assert client.get("/notify/callback/").status_code == 405
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert (
        receipt(client, {"id": message.provider_id, "status": "permanent-failure"}).status_code
        == 204
    )
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED and "does not exist" in message.error


def test_choices_are_saved_and_bad_numbers_are_named(notify):
    asha = factories.UserFactory()
    client = Client()
    client.force_login(asha)
    base = {kind: "on" for kind in ("bookings", "reminders", "groups")}
    refused = client.post("/account/notifications/", {**base, "phone": "+1 202 555 0143",
                                                       "reminders_by": "text"})  # fmt: skip
    assert refused.status_code == 400 and "Enter a UK mobile number" in refused.content.decode()
    landline = client.post("/account/notifications/", {**base, "phone": "0116 454 1000"})
    assert "That is not a mobile number" in landline.content.decode()
    no_phone = client.post("/account/notifications/", {**base, "reminders_by": "text"})
    assert "Give a mobile number above to get texts" in no_phone.content.decode()
    no_address = client.post("/account/notifications/", {**base, "bookings_by": "letter"})
    assert "Give a postal address above" in no_address.content.decode()
    saved = client.post("/account/notifications/", {
        **base, "phone": "07400 123456", "reminders_by": "text", "bookings_by": "letter",
        "postal_address": "12 Church Lane\nLeicester\nLE3 0AA"})  # fmt: skip
    assert saved.status_code == 302
    asha.refresh_from_db()
    assert str(asha.phone) == "+447400123456"  # kept in E.164
    assert NotificationSettings.objects.get(user=asha).channels["reminders"] == "text"
    assert messaging.channel_for(asha, "reminders") == "text"
    assert messaging.channel_for(asha, "bookings") == "letter"
    assert messaging.channel_for(asha, "work") is None  # not ticked: not sent


def test_each_person_sees_only_their_own_messages(notify):
    asha, ben = person(reminders="text"), person()
    booked_soon(asha, title="Asha's walk")
    booked_soon(ben, title="Ben's walk")
    community_tasks.send_reminders.call()
    client = Client()
    client.force_login(ben)
    page = client.get("/account/messages/").content.decode()
    assert "Ben&#x27;s walk" in page and "Asha" not in page


def test_staff_see_each_message_that_could_not_be_delivered(notify):
    asha = person(reminders="text")
    booked_soon(asha)
    notify.fail_next(400, "phone_number Not a UK mobile number")
    community_tasks.send_reminders.call()
    staff = factories.StaffFactory()
    items = [i for g in work.queue(staff) for k in g.kinds for i in k.items
             if i.kind == "Messages that could not be delivered"]  # fmt: skip
    assert items and "Not a UK mobile number" in items[0].text
    client = Client()
    client.force_login(staff)
    page = client.get("/messages/failed/").content.decode()
    assert "Asha Patel" in page and "Not a UK mobile number" in page and "Litter pick" not in page


def test_a_message_a_stopped_worker_left_half_sent_is_settled_without_sending_twice(
    notify, settings
):
    asha = person(reminders="text")
    booked_soon(asha)
    community_tasks.send_reminders.call()
    sent = Message.objects.get()
    long_ago = timezone.now() - timedelta(hours=1)
    # Notify took it, but the worker stopped before marking it sent.
    Message.objects.filter(pk=sent.pk).update(status=MessageStatus.SENDING, taken_at=long_ago)
    # Another never reached Notify before the worker stopped.
    lost = Message.objects.create(key="reminder:lost", user=asha, kind="reminders", channel="text",
                                  to=str(asha.phone), subject="Lost", body="Lost",
                                  status=MessageStatus.SENDING, taken_at=long_ago, attempts=1)  # fmt: skip
    # An email handed to the mail server cannot be asked after: failed, for staff to check.
    mailed = Message.objects.create(key="email:stuck", user=asha, kind="groups", channel="email",
                                    to=asha.email, subject="Stuck", body="Stuck",
                                    status=MessageStatus.SENDING, taken_at=long_ago)  # fmt: skip
    settings.PZ_NOTIFY_TEMPLATES = {**TEMPLATES, "email": ""}  # email by the mail server
    assert messaging.send_due() == 1  # the lost one, sent now
    for message in (sent, lost, mailed):
        message.refresh_from_db()
    assert (
        sent.status == MessageStatus.SENT
        and len([n for n in notify.sent if n["reference"] == sent.key]) == 1
    )
    assert (
        lost.status == MessageStatus.SENT
        and [n["reference"] for n in notify.sent].count("reminder:lost") == 1
    )
    assert mailed.status == MessageStatus.FAILED and "not sent again" in mailed.error
