"""Writes for applications: receive, move through the workflow, reply, accept into a Zone.

Each function owns its transaction. Emails to applicants are kept on the record as Messages.
"""

import logging
import secrets
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from peoplezones.applications.models import (
    OPEN,
    TRANSITIONS,
    Application,
    ContactPreference,
    Event,
    Message,
    Status,
)
from peoplezones.core import audit, messaging
from peoplezones.core.models import AuditAction, User
from peoplezones.privacy import consent
from peoplezones.privacy.models import Purpose
from peoplezones.zones.services import create_draft_zone

log = logging.getLogger(__name__)

# No 0/O or 1/I: references are read aloud over the phone.
_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference() -> str:
    body = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))
    return f"PZ-{body[:4]}-{body[4:]}"


def submit_application(*, data: dict[str, Any], now: datetime | None = None) -> Application:
    """Store a valid application from the public form and email the acknowledgement."""
    now = now or timezone.now()
    fields = {key: value for key, value in data.items() if key not in {"consent", "website"}}
    for _attempt in range(5):
        try:
            with transaction.atomic():
                application = Application.objects.create(
                    **fields,
                    reference=new_reference(),
                    status=Status.NEW,
                    consent_given_at=now,
                    privacy_notice_version=consent.notice_version(),
                    received_at=now,
                    status_changed_at=now,
                )
                Event.objects.create(
                    application=application, to_status=Status.NEW, note=_("Received")
                )
                consent.give(Purpose.APPLICATION, application, email=application.email)
                if application.contact_preference == ContactPreference.PHONE:
                    return application  # they asked to be phoned, not emailed
                if application.contact_preference == ContactPreference.POST:
                    transaction.on_commit(lambda a=application: _acknowledge_by_post(a))
                    return application
                message = Message.objects.create(
                    application=application,
                    to_email=application.email,
                    subject=_("We have your People Zones application: %(ref)s")
                    % {"ref": application.reference},
                    body=render_to_string(
                        "applications/email/acknowledgement.txt", {"application": application}
                    ),
                    automatic=True,
                )
                transaction.on_commit(lambda message=message: _send_quietly(message))
            return application
        except IntegrityError:
            # A reference collision (about 1 in 10^12 per pair): draw again.
            continue
    raise RuntimeError("Could not allocate a unique application reference.")


def _send_quietly(message: Message) -> None:
    try:
        send_mail(message.subject, message.body, None, [message.to_email])
    except Exception:  # the application is safe; staff see the failure in the logs
        log.exception("Acknowledgement email for %s failed", message.application.reference)


def _address(application: Application) -> list[str]:
    return [line for line in application.postal_address.splitlines() if line.strip()]


def _acknowledge_by_post(application: Application) -> None:
    """The acknowledgement as a letter (they chose post), kept on the record like the email.
    Logged as a core message: a letter that cannot go reaches staff's failed messages."""
    subject = _("We have your People Zones application: %(ref)s") % {"ref": application.reference}
    letter = messaging.post_letter(
        _address(application), "application", subject, "applications/letter/acknowledgement.txt",
        {"application": application}, key=f"application:{application.reference}:acknowledgement",
    )  # fmt: skip
    Message.objects.create(
        application=application, by_post=True, subject=subject, body=letter.body, automatic=True
    )


def _reply_by_post(
    application: Application, actor: User, subject: str, body: str, ask_for_more: bool,
    request: HttpRequest | None,
) -> Message:  # fmt: skip
    """send_reply for an applicant who chose post: the reply goes as a letter."""
    record = Message.objects.create(
        application=application, sender=actor, by_post=True, subject=subject, body=""
    )
    letter = messaging.post_letter(
        _address(application), "application", subject, "applications/email/reply.txt",
        {"application": application, "body": body, "sender": actor},
        key=f"application:{application.reference}:reply:{record.pk}",
    )  # fmt: skip
    record.body = letter.body
    record.save(update_fields=["body"])
    Event.objects.create(application=application, actor=actor, note=_("Wrote: %s") % subject)
    audit.record(
        actor=actor, action=AuditAction.EMAILED, target=application, detail=subject, request=request
    )
    if ask_for_more and application.status != Status.MORE_INFO:
        change_status(
            application=application, to_status=Status.MORE_INFO, actor=actor,
            note=_("Asked for more information"), request=request,
        )  # fmt: skip
    return record


class PhoneOnly(ValueError):
    """The applicant asked to be phoned, not emailed: nothing is emailed to them."""


@transaction.atomic
def record_call(
    *, application: Application, actor: User, note: str, request: HttpRequest | None = None
) -> Event:
    """A phone call with an applicant who asked to be phoned, kept on the record."""
    event = Event.objects.create(
        application=application, actor=actor, note=_("Phoned: %s") % note.strip()
    )
    audit.record(actor=actor, action=AuditAction.CHANGED, target=application,
                 detail="phone call recorded", request=request)  # fmt: skip
    return event


@transaction.atomic
def change_status(
    *,
    application: Application,
    to_status: str,
    actor: User,
    note: str = "",
    request: HttpRequest | None = None,
) -> Application:
    """Move an application on. Accepting creates a draft Zone carrying the application's content."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if to_status not in TRANSITIONS[application.status]:
        raise ValidationError(
            _("An application that is %(now)s cannot move to %(to)s.")
            % {"now": application.get_status_display(), "to": Status(to_status).label}
        )
    if to_status == Status.DECLINED and not note.strip():
        raise ValidationError(_("Give the reason for declining."))
    from_status = application.status
    application.status = to_status
    application.status_changed_at = timezone.now()
    if to_status == Status.ACCEPTED and application.zone is None:
        application.zone = create_draft_zone(
            name=application.area_name,
            postcode=application.postcode,
            community_priorities=application.wants_to_change,
            community_strengths=application.strengths,
            already_involved=application.already_involved,
        )
    application.save()
    Event.objects.create(
        application=application,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        note=note,
    )
    audit.record(
        actor=actor,
        action=AuditAction.CHANGED,
        target=application,
        detail=f"status {from_status} -> {to_status}",
        request=request,
    )
    return application


def withdraw_on_request(application: Application) -> None:
    """The applicant withdrew their consent: an application still open is withdrawn."""
    Application.objects.filter(pk=application.pk, status__in=OPEN).update(
        status=Status.WITHDRAWN, status_changed_at=timezone.now()
    )


@transaction.atomic
def send_reply(
    *,
    application: Application,
    actor: User,
    subject: str,
    body: str,
    ask_for_more: bool = False,
    request: HttpRequest | None = None,
) -> Message:
    """Email the applicant from the inbox and keep the email on the record. If sending fails,
    nothing is recorded and the error reaches the caller."""
    if application.contact_preference == ContactPreference.PHONE:
        raise PhoneOnly(application.reference)
    if application.contact_preference == ContactPreference.POST:
        return _reply_by_post(application, actor, subject, body, ask_for_more, request)
    full_body = render_to_string(
        "applications/email/reply.txt", {"application": application, "body": body, "sender": actor}
    )
    message = Message.objects.create(
        application=application,
        sender=actor,
        to_email=application.email,
        subject=subject,
        body=full_body,
    )
    Event.objects.create(application=application, actor=actor, note=_("Replied: %s") % subject)
    audit.record(
        actor=actor, action=AuditAction.EMAILED, target=application, detail=subject, request=request
    )
    if ask_for_more and application.status != Status.MORE_INFO:
        change_status(
            application=application,
            to_status=Status.MORE_INFO,
            actor=actor,
            note=_("Asked for more information"),
            request=request,
        )
    send_mail(subject, full_body, None, [application.email])
    return message
