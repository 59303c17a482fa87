"""API tokens: a partner's or staff member's system writing for them, in named Zones only."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


class Scope(models.TextChoices):
    PROGRESS = "progress", "Post progress on actions in the token's Zones"
    DEMAND = "demand", "Send the organisation's demand figures (agency-wide)"


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class Token(models.Model):
    """Only a hash of the key is kept; the key is shown once, when issued."""

    name = models.CharField(max_length=100, help_text="What uses it, e.g. 'Council CRM'.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens"
    )
    zones = models.ManyToManyField("zones.Zone", related_name="api_tokens")
    scopes = models.JSONField(default=list)  # [Scope values]
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)  # shown in lists, to tell tokens apart
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, *, name: str, user: object, zones: object, scopes: list[str],
              by: object = None) -> tuple["Token", str]:  # fmt: skip
        """A new token and its key (shown once)."""
        key = "pz_" + secrets.token_urlsafe(32)
        token = cls.objects.create(
            name=name, user=user, scopes=scopes, key_hash=digest(key), prefix=key[3:11],
            created_by=by,
        )  # fmt: skip
        token.zones.set(zones)  # type: ignore[arg-type]
        return token, key

    def allows(self, scope: str, zone: object) -> bool:
        return (
            self.revoked_at is None
            and scope in self.scopes
            and self.zones.filter(pk=getattr(zone, "pk", None)).exists()
        )
