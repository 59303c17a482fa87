"""Flood counters: windows, separate addresses, trusted proxies."""

import pytest
from django.test import RequestFactory

from peoplezones.core import ratelimit
from peoplezones.core.models import RateLimitCounter

pytestmark = pytest.mark.django_db


def _request(ip: str, forwarded: str = ""):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().post("/", REMOTE_ADDR=ip, **extra)


def test_allows_up_to_the_limit_then_refuses():
    results = [
        ratelimit.allow(scope="t", request=_request("192.0.2.1"), rates="3/60") for _ in range(5)
    ]
    assert results == [True, True, True, False, False]


def test_every_window_must_have_room():
    results = [
        ratelimit.allow(scope="t", request=_request("192.0.2.2"), rates="10/60,2/3600")
        for _ in range(3)
    ]
    assert results == [True, True, False]


def test_addresses_are_stored_only_as_keyed_hashes():
    ratelimit.allow(scope="t", request=_request("192.0.2.3"), rates="3/60")
    assert "192.0.2.3" not in RateLimitCounter.objects.get().key


def test_forwarded_address_is_trusted_only_behind_configured_proxies(settings):
    request = _request("10.0.0.1", forwarded="198.51.100.1, 10.0.0.1")
    assert ratelimit.client_ip(request) == "10.0.0.1"
    settings.PZ_TRUSTED_PROXY_COUNT = 1
    assert ratelimit.client_ip(request) == "10.0.0.1"
    request = _request("10.0.0.9", forwarded="203.0.113.5")
    assert ratelimit.client_ip(request) == "203.0.113.5"
