"""The audit trail of personal data: record, read, redact and verify a hash chain.

Each entry's hash is SHA-256 over the previous entry's hash and its own fields; the names,
addresses and free text enter only as `personal_digest` (a hash of them), so erasure can blank
them without breaking the chain. Anyone holding the latest hash (`manage.py audit_verify`
prints it) can later prove that nothing before it was changed, removed or reordered.
"""

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from peoplezones.core.models import AuditAction, AuditEvent, User
from peoplezones.core.ratelimit import client_ip

_SEP = "\x1f"
# Any fixed number: the PostgreSQL advisory lock that keeps the chain in one line.
_CHAIN_LOCK = 7_051_966


def _target_type(target: models.Model) -> str:
    return f"{target._meta.app_label}.{target._meta.model_name}"


def _digest(*parts: object) -> str:
    text = _SEP.join("" if part is None else str(part) for part in parts)
    return hashlib.sha256(text.encode()).hexdigest()


def personal_digest(event: AuditEvent) -> str:
    return _digest(event.actor_label, event.target_label, event.detail, event.ip_address)


def chain_hash(event: AuditEvent) -> str:
    at = event.at.astimezone(UTC).isoformat()
    return _digest(
        event.prev_hash, at, event.actor_id, event.action, event.target_type, event.target_id,
        event.personal_digest,
    )  # fmt: skip


def record(
    *,
    actor: User | None,
    action: AuditAction,
    target: models.Model,
    detail: str = "",
    request: HttpRequest | None = None,
) -> AuditEvent:
    ip = client_ip(request) if request is not None else None
    known = actor is not None and actor.pk
    event = AuditEvent(
        at=timezone.now(),
        actor=actor if known else None,
        actor_label=actor.email if known else "system",  # type: ignore[union-attr]
        action=action,
        target_type=_target_type(target),
        target_id=str(target.pk),
        target_label=str(target)[:200],
        detail=detail[:500],
        ip_address=ip or None,
    )
    event.personal_digest = personal_digest(event)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        event.prev_hash = last or ""
        event.hash = chain_hash(event)
        event.save(force_insert=True)
    return event


def viewed(
    request: HttpRequest, target: models.Model, detail: str = "", *, exported: bool = False
) -> AuditEvent:
    """Who saw (or downloaded) personal data: what a page showing it records. A read, not a
    change: changes are recorded by the service that makes them."""
    return record(
        actor=request.user, action=AuditAction.EXPORTED if exported else AuditAction.VIEWED,
        target=target, detail=detail, request=request,
    )  # fmt: skip


def events_for(target: models.Model) -> models.QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(target_type=_target_type(target), target_id=str(target.pk))


def redact(events: models.QuerySet[AuditEvent], *, keep_actor_label: bool = False) -> int:
    """Blank the names, addresses and detail of these entries; the chain still verifies."""
    blank: dict[str, object] = {"target_label": "", "detail": "", "ip_address": None}
    if not keep_actor_label:
        blank["actor_label"] = "erased"
    return events.update(redacted=True, **blank)


def redact_ip_addresses(before: datetime) -> int:
    """Retention: addresses are kept for a year."""
    return AuditEvent.objects.filter(at__lt=before, ip_address__isnull=False).update(
        redacted=True, ip_address=None
    )


@dataclass
class Verification:
    entries: int
    head: str
    broken_at: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify(progress: Iterator[None] | None = None) -> Verification:
    """Walk the whole chain in order; report the first entry that does not fit."""
    previous = ""
    count = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=5000):
        count += 1
        if progress is not None:
            next(progress, None)
        if event.prev_hash != previous:
            return Verification(count, previous, event.pk, "does not follow the entry before it")
        if not event.redacted and personal_digest(event) != event.personal_digest:
            return Verification(count, previous, event.pk, "names or detail were changed")
        if chain_hash(event) != event.hash:
            return Verification(count, previous, event.pk, "its content was changed")
        previous = event.hash
    return Verification(count, previous)
