"""The audit trail of personal data: one function to record, one to read."""

from django.db import models
from django.http import HttpRequest

from peoplezones.core.models import AuditAction, AuditEvent, User
from peoplezones.core.ratelimit import client_ip


def _target_type(target: models.Model) -> str:
    return f"{target._meta.app_label}.{target._meta.model_name}"


def record(
    *,
    actor: User | None,
    action: AuditAction,
    target: models.Model,
    detail: str = "",
    request: HttpRequest | None = None,
) -> AuditEvent:
    ip = client_ip(request) if request is not None else None
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        actor_label=actor.email if actor is not None and actor.pk else "system",
        action=action,
        target_type=_target_type(target),
        target_id=str(target.pk),
        target_label=str(target)[:200],
        detail=detail[:500],
        ip_address=ip or None,
    )


def events_for(target: models.Model) -> models.QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(target_type=_target_type(target), target_id=str(target.pk))
