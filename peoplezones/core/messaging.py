"""Delivering messages to people by the channel each chose: email (SMTP, as Django sends it), or
GOV.UK Notify for texts and letters (and email, when configured). Every message is logged
(core.Message) under a key naming what it is about, so asking twice sends once; a temporary
failure (Notify busy or down, rate limited, the network) is tried again with growing waits by
`manage.py send_messages` (cron); a permanent one is kept with its reason for staff. Notify's
delivery receipts arrive at a signed callback (views.notify_callback) and mark each delivered or
failed. Templates live in the platform: Notify gets the finished text as personalisation."""

import logging
import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from notifications_python_client.errors import HTTPError, TokenError
from notifications_python_client.notifications import NotificationsAPIClient

from peoplezones.core.models import Channel, Message, MessageStatus, NotificationSettings, User
from peoplezones.core.permissions import is_programme_staff
from peoplezones.core.postcodes import normalise_postcode
from peoplezones.core.work import Urgency, WorkItem

logger = logging.getLogger(__name__)
SAFETY = "safety"  # lone-working alerts, concerns: always sent, by the fastest channel held
TEMPORARY_STATUSES = {429, 500, 502, 503, 504}
LETTER_LINES = 7  # Notify takes address_line_1 to address_line_7, the postcode last
LETTER_MIN_LINES = 3  # and needs at least three


class Permanent(Exception):
    """The message cannot be sent as it is (no number, a refused template): not tried again."""


def notify_ready(channel: str) -> bool:
    return bool(settings.PZ_NOTIFY_API_KEY and settings.PZ_NOTIFY_TEMPLATES.get(channel))


def lines_of(address: str) -> list[str]:
    """An address as written (a line each, perhaps blank lines and spaces): its lines."""
    return [line.strip() for line in address.splitlines() if line.strip()]


def address_lines(user: User) -> list[str]:
    return lines_of(user.postal_address)


def letter_address_problem(address: str) -> str:
    """What stops a letter reaching this address (GOV.UK Notify prints 3 to 7 lines, a real
    postcode last), or "" when it will go."""
    lines = lines_of(address)
    if not lines:
        return _("Enter the address we should write to")
    if len(lines) < LETTER_MIN_LINES:
        return _(
            "Enter the address on at least 3 lines: the house and street, the town, the postcode"
        )
    if len(lines) > LETTER_LINES:
        return _("Enter the address on no more than 7 lines")
    if normalise_postcode(lines[-1]) is None:
        return _("Put a real UK postcode on the last line, like LE3 1AB")
    return ""


def channel_for(user: User, kind: str) -> str | None:
    """How ``user`` hears about ``kind``: the channel they chose if they can be reached by it
    (else email), nothing if they turned it off; safety messages by the fastest they have."""
    has_text = bool(user.phone) and notify_ready(Channel.TEXT)
    if kind == SAFETY:
        return Channel.TEXT if has_text else Channel.EMAIL
    held = NotificationSettings.objects.filter(user=user).values_list(kind, "channels").first()
    wanted, channels = held or (True, {})  # no settings row yet: everything, by email
    if not wanted:
        return None
    chosen = (channels or {}).get(kind, Channel.EMAIL)
    if chosen == Channel.TEXT and has_text:
        return Channel.TEXT
    if (
        chosen == Channel.LETTER
        and len(address_lines(user)) >= LETTER_MIN_LINES
        and notify_ready(Channel.LETTER)
    ):
        return Channel.LETTER
    return Channel.EMAIL


def _text_body(template: str, subject: str, context: dict) -> str:
    """A text message's words: the template's short form (name.sms.txt) if it has one, else
    the subject and the link."""
    try:
        return render_to_string(template.removesuffix(".txt") + ".sms.txt", context).strip()
    except TemplateDoesNotExist:
        return f"{subject}: {context['url']}" if context.get("url") else subject


def tell(
    user: User, kind: str, subject: Any, template: str, context: dict, key: str | None = None
) -> Message | None:
    """Send ``user`` a message about ``kind`` (a NotificationSettings field, or SAFETY) by their
    channel, now; None when they turned that kind off or the account is closed. With ``key``,
    a second call for the same thing sends nothing more and returns the first message."""
    if not user.is_active:
        return None
    channel = channel_for(user, kind)
    if channel is None:
        return None
    full = {**context, "user": user, "site_url": settings.PZ_SITE_URL.rstrip("/")}
    with translation.override(user.language or settings.LANGUAGE_CODE):  # the language they chose
        subject = str(subject)  # a lazy subject (format_lazy) is written in it too
        body = (
            _text_body(template, subject, full)
            if channel == Channel.TEXT
            else render_to_string(template, full)
        )
    to = {
        Channel.EMAIL: user.email,
        Channel.TEXT: str(user.phone),
        Channel.LETTER: "\n".join(address_lines(user)),
    }[channel]
    return _log_and_send(key or f"once:{uuid.uuid4()}", user=user, kind=kind, channel=channel,
                         to=to, subject=subject, body=body)  # fmt: skip


def post_letter(
    address: list[str], kind: str, subject: str, template: str, context: dict, key: str
) -> Message:
    """A letter to someone who has no account here (an applicant who asked for post): the
    address's lines, the postcode last. Logged, retried and surfaced to staff like any message;
    the same ``key`` twice sends one letter."""
    full = {**context, "site_url": settings.PZ_SITE_URL.rstrip("/")}
    return _log_and_send(key, user=None, kind=kind, channel=Channel.LETTER,
                         to="\n".join(address), subject=subject,
                         body=render_to_string(template, full))  # fmt: skip


def _log_and_send(key: str, *, to: str, subject: str, **fields: Any) -> Message:
    """Log the message under ``key`` and send it, unless that key was logged before (then the
    first message is returned and nothing more is sent)."""
    message, created = Message.objects.get_or_create(
        key=key[:120], defaults={"to": to[:320], "subject": subject[:200], **fields}
    )
    if created:
        deliver(message)
    return message


def deliver(message: Message, now: Any = None) -> Message:
    """One try at sending: the message is taken (so two workers never both send it), sent, and
    marked sent, to be tried again later, or failed with its reason."""
    now = now or timezone.now()
    taken = Message.objects.filter(
        pk=message.pk, status__in=[MessageStatus.QUEUED, MessageStatus.RETRYING]
    ).update(status=MessageStatus.SENDING, attempts=message.attempts + 1, taken_at=now)
    if not taken:
        message.refresh_from_db()
        return message
    message.attempts += 1
    try:
        provider_id = _send(message)
    except Permanent as reason:
        return _mark(message, MessageStatus.FAILED, error=str(reason))
    except HTTPError as error:
        text = _notify_error(error)
        if error.status_code in TEMPORARY_STATUSES:
            return _again(message, text, now)
        return _mark(message, MessageStatus.FAILED, error=text)
    except (OSError, TokenError) as error:  # the network, the mail server, a malformed key
        return _again(message, f"could not reach the service ({type(error).__name__})", now)
    return _mark(message, MessageStatus.SENT, provider_id=provider_id, sent_at=now, error="")


def _send(message: Message) -> str:
    if message.channel == Channel.EMAIL and not notify_ready(Channel.EMAIL):
        send_mail(message.subject, message.body, None, [message.to])
        return ""
    if not notify_ready(message.channel):
        raise Permanent(f"GOV.UK Notify is not set up for {message.get_channel_display()}")
    client = _client()
    template = settings.PZ_NOTIFY_TEMPLATES[message.channel]
    words = {"subject": message.subject, "body": message.body}
    if message.channel == Channel.TEXT:
        answer = client.send_sms_notification(
            phone_number=message.to, template_id=template, personalisation=words,
            reference=message.key,
        )  # fmt: skip
    elif message.channel == Channel.LETTER:
        lines = lines_of(message.to)
        if len(lines) < LETTER_MIN_LINES:
            raise Permanent("a letter needs at least 3 address lines, the postcode last")
        if len(lines) > LETTER_LINES:
            lines = [*lines[: LETTER_LINES - 1], lines[-1]]
        address = {f"address_line_{n}": line for n, line in enumerate(lines, start=1)}
        answer = client.send_letter_notification(
            template_id=template, personalisation={**address, **words}, reference=message.key
        )
    else:
        answer = client.send_email_notification(
            email_address=message.to, template_id=template, personalisation=words,
            reference=message.key,
        )  # fmt: skip
    return str(answer.get("id", ""))


def _notify_error(error: HTTPError) -> str:
    """Notify's own words for what went wrong ("BadRequestError: phone_number Not a UK mobile
    number"), never the personalisation."""
    messages = error.message if isinstance(error.message, list) else [error.message]
    said = "; ".join(
        f"{m.get('error', '')}: {m.get('message', '')}" if isinstance(m, dict) else str(m)
        for m in messages
    )
    return f"GOV.UK Notify answered {error.status_code}: {said}"[:500]


def _again(message: Message, reason: str, now: Any) -> Message:
    """Tried again after the next wait (PZ_MESSAGE_RETRY_MINUTES, then its last wait over and
    over), so a message held up by an outage goes soon after the service is back; failed once
    PZ_MESSAGE_GIVE_UP_HOURS have passed since it was written."""
    waits = settings.PZ_MESSAGE_RETRY_MINUTES
    later = now + timedelta(minutes=waits[min(message.attempts, len(waits)) - 1])
    if later > message.created_at + timedelta(hours=settings.PZ_MESSAGE_GIVE_UP_HOURS):
        return _mark(
            message, MessageStatus.FAILED, error=f"{reason} (tried {message.attempts} times)"
        )
    return _mark(message, MessageStatus.RETRYING, next_attempt_at=later, error=reason[:500])


def _mark(message: Message, status: str, **fields: Any) -> Message:
    message.status = status
    for name, value in fields.items():
        setattr(message, name, value)
    message.save(update_fields=["status", "attempts", *fields])
    if status == MessageStatus.FAILED:
        logger.warning("Message %s (%s) failed: %s", message.pk, message.channel, message.error)
    return message


STUCK_AFTER = timedelta(minutes=30)


def _client() -> NotificationsAPIClient:
    return NotificationsAPIClient(
        settings.PZ_NOTIFY_API_KEY, base_url=settings.PZ_NOTIFY_BASE_URL, timeout=15
    )


def recover_stuck(now: Any = None) -> int:
    """Messages left "being sent" by a worker that stopped half way. Notify is asked whether it
    took one (by our reference): if so it is marked sent, if not it is tried again. An email
    handed to the mail server cannot be asked after, so it is marked failed for staff rather
    than risk sending it twice."""
    now = now or timezone.now()
    stuck = Message.objects.filter(status=MessageStatus.SENDING, taken_at__lt=now - STUCK_AFTER)
    count = 0
    for message in stuck:
        count += 1
        if message.channel == Channel.EMAIL and not notify_ready(Channel.EMAIL):
            _mark(message, MessageStatus.FAILED, error=(
                "sending stopped half way; not sent again in case it went: check with the person"))  # fmt: skip
            continue
        try:
            found = _client().get_all_notifications(reference=message.key).get("notifications", [])
        except (HTTPError, OSError, TokenError):
            continue  # Notify cannot be asked now: asked again at the next run
        if found:
            _mark(message, MessageStatus.SENT, provider_id=str(found[0].get("id", "")),
                  sent_at=now, error="")  # fmt: skip
        else:
            _mark(message, MessageStatus.RETRYING, next_attempt_at=now, error="")
    return count


def send_due(now: Any = None) -> int:
    """Try again every message whose wait is over (cron: `manage.py send_messages`), after
    settling any a stopped worker left half sent."""
    now = now or timezone.now()
    recover_stuck(now)
    due = Message.objects.filter(status=MessageStatus.RETRYING, next_attempt_at__lte=now)
    count = 0
    for message in due.select_related("user"):
        deliver(message, now)
        count += 1
    return count


# Notify's delivery receipts -------------------------------------------------------------------

RECEIPT_STATUSES = {
    "delivered": MessageStatus.DELIVERED,
    "received": MessageStatus.DELIVERED,  # letters: Notify's "received" by the post
    "permanent-failure": MessageStatus.FAILED,
    "temporary-failure": MessageStatus.FAILED,
    "technical-failure": MessageStatus.FAILED,
    "validation-failed": MessageStatus.FAILED,
}
RECEIPT_REASONS = {
    "permanent-failure": "the number or address does not exist",
    "temporary-failure": "the phone was off or the inbox full for 72 hours",
    "technical-failure": "a technical failure at GOV.UK Notify",
    "validation-failed": "the letter could not be printed as written",
}


@transaction.atomic
def receipt(data: dict) -> Message | None:
    """A delivery receipt from Notify (id, reference, status): the message it is about marked
    delivered or failed with the reason; unknown ids are ignored."""
    message = (
        Message.objects.select_for_update().filter(provider_id=str(data.get("id", ""))).first()
    )
    status = RECEIPT_STATUSES.get(str(data.get("status", "")))
    if message is None or status is None:
        return None
    message.status = status
    fields = ["status"]
    if status == MessageStatus.DELIVERED:
        message.delivered_at, message.error = timezone.now(), ""
        fields += ["delivered_at", "error"]
    else:
        message.error = RECEIPT_REASONS.get(str(data.get("status")), str(data.get("status")))
        fields.append("error")
    message.save(update_fields=fields)
    return message


# For programme staff -----------------------------------------------------------------------------

FAILED_SHOWN_DAYS = 30


def failed_recently(now: Any = None) -> Any:
    """Messages that could not be delivered in the last 30 days, newest first."""
    since = (now or timezone.now()) - timedelta(days=FAILED_SHOWN_DAYS)
    return Message.objects.filter(
        status=MessageStatus.FAILED, created_at__gte=since
    ).select_related("user")


def work_items(person: Any) -> Any:
    """core.work: for programme staff, each message that could not be delivered."""
    if not is_programme_staff(person):
        return
    for message in failed_recently()[:50]:
        yield WorkItem(
            _("Messages that could not be delivered"),
            f"{message.get_channel_display()} to {message.user or message.about}: "
            f"{message.error[:80]}",
            reverse("core:messages_failed"), Urgency.SOON,
        )  # fmt: skip
