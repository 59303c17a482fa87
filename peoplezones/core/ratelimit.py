"""Flood control for public forms: fixed-window counters kept in the database, so every web
process behind a load balancer shares them and an increment is atomic on SQLite and PostgreSQL."""

import hashlib
import hmac
import random
import time

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest

from peoplezones.core.models import RateLimitCounter


def client_ip(request: HttpRequest) -> str:
    """The caller's address, trusting X-Forwarded-For only as far as the configured proxies."""
    proxies = settings.PZ_TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def parse_rates(rates: str) -> list[tuple[int, int]]:
    """'5/60,20/3600' -> [(5, 60), (20, 3600)]: at most 5 per minute and 20 per hour."""
    parsed = []
    for part in rates.split(","):
        limit, _, period = part.strip().partition("/")
        parsed.append((int(limit), int(period)))
    return parsed


def _hashed(value: str) -> str:
    # Addresses are personal data: store a keyed hash, never the address itself.
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def _windows(scope: str, key: str, rates: str) -> list[tuple[int, dict[str, object]]]:
    hashed, now = _hashed(key), int(time.time())
    return [
        (limit, {"scope": f"{scope}:{period}", "key": hashed, "window_start": now - now % period})
        for limit, period in parse_rates(rates)
    ]


def hit(*, scope: str, key: str, rates: str) -> bool:
    """Count one event for ``key``; False when any window's limit is now passed."""
    allowed = True
    for limit, bucket in _windows(scope, key, rates):
        with transaction.atomic():
            RateLimitCounter.objects.bulk_create(
                [RateLimitCounter(**bucket, count=0)], ignore_conflicts=True
            )
            RateLimitCounter.objects.filter(**bucket).update(count=F("count") + 1)
            count = RateLimitCounter.objects.filter(**bucket).values_list("count", flat=True).get()
        if count > limit:
            allowed = False
    if random.random() < 0.01:  # nosec B311 # sampling when to clear old counters, not security
        RateLimitCounter.objects.filter(window_start__lt=int(time.time()) - 2 * 86400).delete()
    return allowed


def used_up(*, scope: str, key: str, rates: str) -> bool:
    """Whether any window already holds its limit of events for ``key`` (nothing is counted)."""
    for limit, bucket in _windows(scope, key, rates):
        count = RateLimitCounter.objects.filter(**bucket).values_list("count", flat=True).first()
        if count is not None and count >= limit:
            return True
    return False


def forget(*, scope: str, key: str, rates: str) -> None:
    """Clear the current windows for ``key`` (after the person proved who they are)."""
    for _limit, bucket in _windows(scope, key, rates):
        RateLimitCounter.objects.filter(**bucket).delete()


def allow(*, scope: str, request: HttpRequest, rates: str | None = None) -> bool:
    """Count this request against the caller's address; False when a limit is used up."""
    return hit(scope=scope, key=client_ip(request), rates=rates or settings.PZ_PUBLIC_FORM_RATE)
