"""Consent records: taken where a form asks for consent, and withdrawn by the person.

Withdrawing stops the use at once: skills leave the counts and lists, a request for help closes
and its details are erased, a volunteer offer stops being offered, an application is withdrawn
and its contact details erased.
"""

from collections.abc import Callable

from django.db import models, transaction
from django.utils import timezone

from peoplezones.core import audit
from peoplezones.core.models import AuditAction, User
from peoplezones.pages.models import Page
from peoplezones.privacy.models import Consent, Purpose

SKILLS = {
    Purpose.SKILLS_CONTACT: "consent_contact",
    Purpose.SKILLS_COUNT: "consent_count",
    Purpose.SKILLS_MATCH: "consent_match",
}


def notice_version() -> str:
    """The privacy notice in force: the date its page last changed."""
    notice = Page.objects.filter(slug="privacy").only("updated_at").first()
    return notice.updated_at.isoformat() if notice else ""


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


def record_skills(offer: models.Model, user: User) -> None:
    """A skills offer's three consents, as just chosen: new ones given, dropped ones withdrawn."""
    active = {c.purpose: c for c in for_source(offer).filter(withdrawn_at__isnull=True)}
    for purpose, flag in SKILLS.items():
        if getattr(offer, flag) and purpose not in active:
            give(purpose, offer, user=user)
        elif not getattr(offer, flag) and purpose in active:
            _mark(active[purpose], user)


def _mark(consent: Consent, by: User | None) -> None:
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = by if by is not None and by.pk else None
    consent.save(update_fields=["withdrawn_at", "withdrawn_by"])


def _source(consent: Consent) -> models.Model | None:
    from django.apps import apps

    model = apps.get_model(consent.source_type)
    return model._default_manager.filter(pk=consent.source_id).first()


def _erase_source(source: models.Model) -> None:
    from peoplezones.privacy.register import BY_MODEL
    from peoplezones.privacy.services import erase_rows

    erase_rows(BY_MODEL[source._meta.label], [source])


def _skills(consent: Consent, offer: models.Model, by: User) -> None:
    from peoplezones.assets.services import withdraw_offer

    setattr(offer, SKILLS[Purpose(consent.purpose)], False)
    if any(getattr(offer, flag) for flag in SKILLS.values()):
        offer.save(update_fields=list(SKILLS.values()))
    else:
        for other in for_source(offer).filter(withdrawn_at__isnull=True):
            _mark(other, by)
        withdraw_offer(offer=offer, actor=by)  # type: ignore[arg-type]


def _help_request(_consent: Consent, request: models.Model, _by: User) -> None:
    from peoplezones.volunteering.models import MatchStatus, RequestStatus
    from peoplezones.volunteering.services import end_match

    for match in request.matches.filter(status=MatchStatus.ACTIVE):  # type: ignore[attr-defined]
        end_match(match)
    type(request)._default_manager.filter(pk=request.pk).update(status=RequestStatus.CLOSED)
    _erase_source(request)


def _volunteering(_consent: Consent, offer: models.Model, _by: User) -> None:
    type(offer)._default_manager.filter(pk=offer.pk).update(active=False)
    _erase_source(offer)


def _application(_consent: Consent, application: models.Model, _by: User) -> None:
    from peoplezones.applications.models import OPEN, Status

    if application.status in OPEN:  # type: ignore[attr-defined]
        type(application)._default_manager.filter(pk=application.pk).update(
            status=Status.WITHDRAWN, status_changed_at=timezone.now()
        )
    _erase_source(application)


ON_WITHDRAWAL: dict[str, Callable[[Consent, models.Model, User], None]] = {
    Purpose.SKILLS_CONTACT: _skills,
    Purpose.SKILLS_COUNT: _skills,
    Purpose.SKILLS_MATCH: _skills,
    Purpose.HELP_REQUEST: _help_request,
    Purpose.VOLUNTEERING: _volunteering,
    Purpose.APPLICATION: _application,
}


@transaction.atomic
def withdraw(consent: Consent, *, by: User) -> None:
    """Withdraw a consent and stop what it allowed. Safe to repeat."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        return
    _mark(consent, by)
    source = _source(consent)
    if source is not None:
        ON_WITHDRAWAL[consent.purpose](consent, source, by)
    audit.record(
        actor=by, action=AuditAction.CHANGED, target=consent,
        detail=f"consent withdrawn: {consent.purpose}",
    )  # fmt: skip
