"""Writes for the API's own records: tokens issued and revoked, each in the audit trail."""

from django.db import transaction
from django.utils import timezone

from peoplezones.api.models import Token
from peoplezones.core import audit
from peoplezones.core.models import AuditAction, User


@transaction.atomic
def issue_token(
    *, name: str, user: User, zones: object, scopes: list[str], by: User | None = None
) -> tuple[Token, str]:
    """A token for `user`'s system, limited to `zones` and `scopes`; its key is returned once."""
    token, key = Token.issue(name=name, user=user, zones=zones, scopes=scopes, by=by)
    audit.record(
        actor=by, action=AuditAction.CREATED, target=token, detail=f"API token for {user.email}"
    )
    return token, key


@transaction.atomic
def revoke_token(token: Token, *, by: User | None = None) -> Token:
    Token.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    token.refresh_from_db()
    audit.record(actor=by, action=AuditAction.CHANGED, target=token, detail="API token revoked")
    return token


def revoke_by_prefix(prefix: str) -> int:
    """Revoke the live token whose key starts `prefix` (from the command line); how many."""
    live = list(Token.objects.filter(prefix=prefix, revoked_at=None))
    for token in live:
        revoke_token(token)
    return len(live)
