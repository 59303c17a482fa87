"""Consent records: taken where a form asks for consent, and withdrawn by the person.

Withdrawing stops the use at once: the app that took the consent registers what withdrawal does
(privacy.register.AppPrivacy.on_withdrawal): skills leave the counts and lists, a request for
help closes and its details are erased, a volunteer offer stops being offered, an application is
withdrawn and its contact details erased.
"""

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone

from peoplezones.core import audit
from peoplezones.core.models import AuditAction, User
from peoplezones.privacy import register
from peoplezones.privacy.models import Consent


def notice_version() -> str:
    """The privacy notice in force (the app publishing the notice registers how to tell)."""
    return register.notice_version()


def give(
    purpose: str, source: models.Model, *, user: User | None = None, email: str = ""
) -> Consent:
    has_account = user is not None and user.pk is not None
    return Consent.objects.create(
        user=user if has_account else None,
        email="" if has_account else email,
        purpose=purpose,
        notice_version=notice_version(),
        source_type=source._meta.label,
        source_id=str(source.pk),
    )


def for_source(source: models.Model) -> models.QuerySet[Consent]:
    return Consent.objects.filter(source_type=source._meta.label, source_id=str(source.pk))


def record(source: models.Model, chosen: dict[str, bool], user: User) -> None:
    """Several consents for one record, as just chosen (purpose -> given): new ones given,
    dropped ones withdrawn."""
    active = {c.purpose: c for c in for_source(source).filter(withdrawn_at__isnull=True)}
    for purpose, given in chosen.items():
        if given and purpose not in active:
            give(purpose, source, user=user)
        elif not given and purpose in active:
            mark_withdrawn(active[purpose], user)


def mark_withdrawn(consent: Consent, by: User | None) -> None:
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = by if by is not None and by.pk else None
    consent.save(update_fields=["withdrawn_at", "withdrawn_by"])


def _source(consent: Consent) -> models.Model | None:
    model = apps.get_model(consent.source_type)
    return model._default_manager.filter(pk=consent.source_id).first()


@transaction.atomic
def withdraw(consent: Consent, *, by: User) -> None:
    """Withdraw a consent and stop what it allowed. Safe to repeat."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        return
    mark_withdrawn(consent, by)
    source = _source(consent)
    handler = register.withdrawal(consent.purpose)
    if source is not None and handler is not None:
        handler(consent, source, by)
    audit.record(
        actor=by, action=AuditAction.CHANGED, target=consent,
        detail=f"consent withdrawn: {consent.purpose}",
    )  # fmt: skip
