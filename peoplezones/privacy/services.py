"""People's rights, driven by the register: what is held about a person, its export, erasure.

Erasure anonymises rather than deletes: the rows stay (so every published count, booking total
and survey figure stays right) but each personal field is emptied or replaced, and the account
itself becomes an "erased" tombstone that can no longer sign in.
"""

import secrets
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from peoplezones.core import audit
from peoplezones.core.models import AuditAction, AuditEvent, User
from peoplezones.core.postcodes import postcode_sector
from peoplezones.privacy import register
from peoplezones.privacy.models import Consent, ErasureRequest, ErasureStatus
from peoplezones.privacy.register import Erase, Holding

ERASED_DOMAIN = "erased.invalid"
ERASED_NAME = "Erased"


def model_of(holding: Holding) -> type[models.Model]:
    return apps.get_model(holding.model)


def emails_of(user: User) -> list[str]:
    """The person's addresses: the account's, and every verified one they added."""

    found = {user.email.lower()}
    found.update(
        e.lower()
        for e in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    )
    return sorted(found)


def _subject_q(holding: Holding, user: User, emails: list[str]) -> Q | None:
    q = Q()
    for lookup in holding.subject:
        if lookup.startswith("email:"):
            for email in emails:
                q |= Q(**{f"{lookup.removeprefix('email:')}__iexact": email})
        else:
            q |= Q(**{lookup: user.pk})
    return q or None


def _user_fields(holding: Holding) -> list[str]:
    """The holding's declared fields that point at an account."""
    model = model_of(holding)
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return [
        name
        for name in holding.fields
        if (f := model._meta.get_field(name)).is_relation and f.related_model is user_model
    ]


def rows_about(holding: Holding, user: User, emails: list[str]) -> models.QuerySet:
    model = model_of(holding)
    q = _subject_q(holding, user, emails)
    return model._default_manager.filter(q) if q is not None else model._default_manager.none()


def rows_by(holding: Holding, user: User) -> models.QuerySet:
    """Rows the person acted on (an actor field points at their account)."""
    model = model_of(holding)
    q = Q()
    for name in _user_fields(holding):
        q |= Q(**{name: user.pk})
    return model._default_manager.filter(q) if q else model._default_manager.none()


# --- Subject access ----------------------------------------------------------------------------


def _plain(value: Any, user: User) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    if isinstance(value, User):
        return "you" if value.pk == user.pk else "another person"
    if isinstance(value, models.Model):
        # Only things with public names are named; a link to anything else (a match, a
        # request) could carry another person's name, so it shows as a number.
        label = value._meta.label
        if label in register.no_personal_data() or label in register.named_in_exports():
            return str(value)
        return f"{value._meta.verbose_name} #{value.pk}"
    return value


@dataclass
class Section:
    model: str
    title: str
    about: str
    rows: list[dict[str, Any]]  # {field label: value}, in field order; "id" first
    acted_on: bool  # rows the person only acted on


def held_about(user: User) -> list[Section]:
    """Everything the register says is held about this person, as readable sections."""
    emails = emails_of(user)
    sections = []
    for holding in register.holdings():
        model = model_of(holding)
        about = list(rows_about(holding, user, emails))
        seen = {row.pk for row in about}
        acted = [row for row in rows_by(holding, user) if row.pk not in seen]
        for rows, acted_on in ((about, False), (acted, True)):
            if not rows:
                continue
            fields = [f for f in model._meta.concrete_fields if f.name not in holding.hidden]
            sections.append(
                Section(
                    model=holding.model,
                    title=str(model._meta.verbose_name_plural).capitalize(),
                    about=holding.about,
                    rows=[
                        {str(f.verbose_name): _plain(getattr(row, f.name), user) for f in fields}
                        for row in rows
                    ],
                    acted_on=acted_on,
                )
            )
    return sections


def export(user: User, *, actor: User | None = None) -> dict[str, Any]:
    """The subject access export (JSON): every section, and the register's reasons."""
    sections = held_about(user)
    audit.record(
        actor=actor or user, action=AuditAction.EXPORTED, target=user,
        detail=f"subject access export: {sum(len(s.rows) for s in sections)} records",
    )  # fmt: skip
    return {
        "generated_at": timezone.now().isoformat(),
        "site": settings.PZ_SITE_NAME,
        "person": {"id": user.pk, "email": user.email, "name": user.name},
        "records": [
            {
                "kind": section.model,
                "title": section.title,
                "relation": "you acted on this" if section.acted_on else "about you",
                "why_we_hold_it": {
                    name: {
                        "purpose": p.purpose,
                        "lawful_basis": p.basis.label,  # type: ignore[attr-defined]
                        "kept": p.kept,
                    }
                    for name, p in register.by_model()[section.model].fields.items()
                },
                "rows": section.rows,
            }
            for section in sections
        ],
    }


# --- Erasure ------------------------------------------------------------------------------------


def erased_email(pk: object) -> str:
    return f"erased-{pk}@{ERASED_DOMAIN}"


# Anonymisers apps register (privacy.register.AppPrivacy.anonymisers): (row, old value) -> new.


def to_sector(_row: models.Model, value: str) -> str:
    """A postcode becomes its sector ("LE1 5WW" -> "LE1 5"): still counted by place, no home."""
    return postcode_sector(value) if value else value


def to_erased_name(_row: models.Model, _value: object) -> str:
    return ERASED_NAME


def unusable_password(_row: models.Model, _value: object) -> str:
    return "!" + secrets.token_urlsafe(30)


def _empty(field: models.Field) -> Any:
    if field.null:
        return None
    if field.has_default() and not callable(field.default):
        return field.default
    return ""


def _erase_row(
    holding: Holding, row: models.Model, only: Collection[str] | None, anonymisers: dict
) -> None:
    model = model_of(holding)
    changes = {}
    for name, personal in holding.fields.items():
        if only is not None and name not in only:
            continue
        key = f"{holding.model}.{name}"
        if personal.erase == Erase.CLEAR:
            field = model._meta.get_field(name)
            if isinstance(field, models.FileField) and getattr(row, name):
                getattr(row, name).delete(save=False)  # the stored file goes, not just its name
            changes[name] = _empty(field)
        elif personal.erase == Erase.ANONYMISE:
            changes[name] = anonymisers[key](row, getattr(row, name))
    if changes:
        model._default_manager.filter(pk=row.pk).update(**changes)


def _sessions_of(user: User) -> list[str]:
    keys = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            keys.append(session.session_key)
    return keys


def erase_rows(
    holding: Holding, rows: Iterable[models.Model], *, only: Collection[str] | None = None
) -> int:
    """Erase these rows' personal data as the register says: every personal field, or `only`
    the named ones (a retention rule erasing one field). Rows a holding deletes on erasure are
    deleted unless `only` names fields."""
    unknown = set(only or ()) - set(holding.fields)
    if unknown:
        raise ValueError(f"{holding.model} declares no personal field {sorted(unknown)}")
    if holding.erase_rows == "delete" and only is None and isinstance(rows, models.QuerySet):
        _deleted, by_model = rows.delete()  # in bulk: expired sessions may be many
        return by_model.get(holding.model, 0)
    anonymisers = register.anonymisers()
    count = 0
    for row in rows:
        if holding.erase_rows == "delete" and only is None:
            row.delete()
        else:
            _erase_row(holding, row, only, anonymisers)
        count += 1
    return count


def erase_records(
    model: str, rows: Iterable[models.Model], *, only: Collection[str] | None = None
) -> int:
    """`erase_rows` for the holding of `model` ("app.Model"): what retention rules call."""
    return erase_rows(register.by_model()[model], rows, only=only)


@transaction.atomic
def erase(user: User, *, by: User, request: ErasureRequest | None = None) -> dict[str, int]:
    """Erase everything about this person, in every app, keeping every count right."""
    emails = emails_of(user)
    # Found first: matching by email stops working once the account's address is replaced.
    found = [(h, list(rows_about(h, user, emails))) for h in register.holdings() if h.subject]
    audited = Q(actor=user) | Q(target_type="core.user", target_id=str(user.pk))
    for holding, rows in found:
        model = model_of(holding)
        audited |= Q(
            target_type=f"{model._meta.app_label}.{model._meta.model_name}",
            target_id__in=[str(row.pk) for row in rows],
        )
    summary: dict[str, int] = {}
    for holding, rows in found:
        if holding.model in {"core.User", "core.AuditEvent", "privacy.ErasureRequest"}:
            continue
        if rows:
            summary[holding.model] = erase_rows(holding, rows)
    sessions = _sessions_of(user)
    Session.objects.filter(session_key__in=sessions).delete()
    summary["sessions.Session"] = len(sessions)
    if request is not None:
        ErasureRequest.objects.filter(pk=request.pk).update(reason="")
    summary["core.AuditEvent"] = audit.redact(AuditEvent.objects.filter(audited))
    User.objects.filter(pk=user.pk).update(
        email=erased_email(user.pk), name="", password="!" + secrets.token_urlsafe(30),
        last_login=None, is_active=False, is_safeguarding_lead=False,
    )  # fmt: skip
    summary["core.User"] = 1
    user.refresh_from_db()
    audit.record(
        actor=by, action=AuditAction.ERASED, target=user,
        detail=f"erasure: {sum(summary.values())} records anonymised or removed",
    )  # fmt: skip
    return summary


# --- Requests and consents -------------------------------------------------------------------------


def request_erasure(user: User, reason: str = "") -> ErasureRequest:
    existing = ErasureRequest.objects.filter(user=user, status=ErasureStatus.PENDING).first()
    if existing:
        return existing
    return ErasureRequest.objects.create(user=user, reason=reason)


@transaction.atomic
def decide_erasure(
    request: ErasureRequest, *, by: User, erase_now: bool, refusal_reason: str = ""
) -> ErasureRequest:
    locked = ErasureRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != ErasureStatus.PENDING:
        return locked
    if erase_now:
        locked.summary = erase(locked.user, by=by, request=locked)
        locked.status = ErasureStatus.DONE
    else:
        locked.status = ErasureStatus.REFUSED
        locked.refusal_reason = refusal_reason
        audit.record(
            actor=by, action=AuditAction.CHANGED, target=locked.user,
            detail="erasure refused: " + refusal_reason,
        )  # fmt: skip
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.save()
    return locked


def reasons_to_pause(user: User) -> list[str]:
    """What staff should weigh before erasing: records the law may require us to keep (each
    app registers its own reasons)."""
    return register.reasons_to_pause(user)


def consents_of(user: User) -> models.QuerySet[Consent]:
    q = Q(user=user)
    for email in emails_of(user):
        q |= Q(email__iexact=email)
    return Consent.objects.filter(q)
