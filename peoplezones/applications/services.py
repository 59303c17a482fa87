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


def _acknowledge_by_post(application: Application) -> None:
    """The acknowledgement as a letter (they chose post), kept on the record like the email.
    Logged as a core message: a letter that cannot go reaches staff's failed messages."""
    subject = _("We have your People Zones application: %(ref)s") % {"ref": application.reference}
    letter = messaging.post_letter(
        messaging.lines_of(application.postal_address), "application", subject,
        "applications/letter/acknowledgement.txt",
        {"application": application}, key=f"application:{application.reference}:acknowledgement",
    )  # fmt: skip
    Message.objects.create(
        application=application, by_post=True, subject=subject, body=letter.body, automatic=True
    )


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
    """Write to the applicant from the inbox, by email or (they chose post) by letter, and keep it
    on the record. If an email cannot be sent, nothing is recorded and the error reaches the
    caller; a letter that cannot go is kept, retried and shown to staff by core.messaging."""
    if application.contact_preference == ContactPreference.PHONE:
        raise PhoneOnly(application.reference)
    context = {"application": application, "body": body, "sender": actor}
    by_post = application.contact_preference == ContactPreference.POST
    message = Message.objects.create(
        application=application, sender=actor, by_post=by_post,
        to_email="" if by_post else application.email, subject=subject,
        body="" if by_post else render_to_string("applications/email/reply.txt", context),
    )  # fmt: skip
    if by_post:
        message.body = messaging.post_letter(
            messaging.lines_of(application.postal_address), "application", subject,
            "applications/email/reply.txt", context,
            key=f"application:{application.reference}:reply:{message.pk}",
        ).body  # fmt: skip
        message.save(update_fields=["body"])
    note = _("Wrote: %s") if by_post else _("Replied: %s")
    Event.objects.create(application=application, actor=actor, note=note % subject)
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
    if not by_post:
        send_mail(subject, message.body, None, [application.email])
    return message
