"""The mail server and GOV.UK Notify down for an hour: the messages wait, are tried by the cron
every five minutes without failing, and go once each soon after the services are back; never
twice, even with two cron runs at once. The mail server is a real SMTP server (aiosmtpd) on
loopback, Notify the local stand-in; "down" is nothing listening on their ports."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.utils import timezone

from peoplezones.community import tasks as community_tasks
from peoplezones.core import messaging
from peoplezones.core.models import Message, MessageStatus
from peoplezones.core.tests.test_messaging import booked_soon, person
from tests import background

pytestmark = pytest.mark.django_db(transaction=True)
CRON_MINUTES = 5  # docs/deployment.md: send_messages every five minutes


class Inbox:
    """What the mail server received (aiosmtpd calls handle_DATA once per message)."""

    def __init__(self) -> None:
        self.received: list[str] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.received.append(envelope.content.decode("utf-8", "replace"))
        return "250 Message accepted for delivery"


def test_an_hour_without_mail_or_notify_loses_nothing_and_sends_nothing_twice(notify, settings):
    smtp_port, dead_notify = background.free_port(), background.free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", smtp_port, 3
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    live_notify = notify.url
    settings.PZ_NOTIFY_BASE_URL = f"http://127.0.0.1:{dead_notify}"
    settings.PZ_NOTIFY_TEMPLATES = {k: v for k, v in settings.PZ_NOTIFY_TEMPLATES.items()
                                    if k != "email"}  # fmt: skip  # email by SMTP, texts by Notify
    by_email, by_text = person(reminders="email"), person(reminders="text")
    booked_soon(by_email, title="Litter pick")
    booked_soon(by_text, title="Walking football")
    start = timezone.now()
    assert community_tasks.send_reminders.call() == 2
    # The two reminders, and the two places' confirmations (by email, each person's default).
    messages = list(Message.objects.order_by("channel", "subject"))
    assert [m.channel for m in messages] == ["email", "email", "email", "text"]
    assert {m.status for m in messages} == {MessageStatus.RETRYING}
    # Notify's client reports a refused connection as its own 503, the mail server as an error.
    assert [("503" in m.error or "could not reach the service" in m.error) for m in messages] == [
        True, True, True, True,
    ]  # fmt: skip

    # An hour of cron runs with both services down: still waiting, none given up.
    for minute in range(CRON_MINUTES, 61, CRON_MINUTES):
        messaging.send_due(start + timedelta(minutes=minute))
    assert set(Message.objects.values_list("status", flat=True)) == {MessageStatus.RETRYING}
    assert notify.sent == []

    # Both back: the next cron runs send each message once, two runs at once included.
    inbox = Inbox()
    mail_server = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    mail_server.start()
    try:
        settings.PZ_NOTIFY_BASE_URL = live_notify
        back = start + timedelta(minutes=61)
        for minute in range(65, 61 + 120, CRON_MINUTES):
            now = start + timedelta(minutes=minute)
            if connection.vendor == "postgresql":
                with ThreadPoolExecutor(2) as cron:
                    list(cron.map(lambda _n, now=now: _cron(now), range(2)))
            else:
                messaging.send_due(now)
    finally:
        mail_server.stop()
    sent = list(Message.objects.order_by("channel", "subject"))
    assert {m.status for m in sent} == {MessageStatus.SENT}
    emails = [m for m in sent if m.channel == "email"]
    assert len(inbox.received) == len(emails) == 3  # each once
    for message in emails:
        assert sum(message.subject in got for got in inbox.received) == 1, message.subject
    assert [n["type"] for n in notify.sent] == ["sms"]
    assert "Walking football" in notify.sent[0]["personalisation"]["body"]
    # Gone within a quarter of an hour of the services coming back, after waiting unharmed.
    for message in sent:
        assert back < message.sent_at <= back + timedelta(minutes=15 + CRON_MINUTES)


def _cron(now) -> None:
    try:
        messaging.send_due(now)
    finally:
        connection.close()
