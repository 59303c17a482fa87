"""Security headers on every page, staff session expiry, MFA code attempts limited."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import TEST_PASSWORD, StaffFactory, UserFactory


@pytest.mark.parametrize("path", ["/", "/zones/", "/apply/", "/privacy/register/"])
def test_every_page_sends_a_strict_policy(client, db, path):
    page = client.get(path)
    csp = page["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert page["Referrer-Policy"] == "same-origin"
    assert page["X-Content-Type-Options"] == "nosniff"
    assert page["X-Frame-Options"] == "DENY"
    assert "camera=()" in page["Permissions-Policy"]
    assert "geolocation=()" in page["Permissions-Policy"]


def test_staff_sessions_expire_when_idle_and_after_the_longest_day(db, settings):
    staff = StaffFactory()
    client = Client()
    client.force_login(staff)
    assert client.get("/dashboard/").status_code == 200
    started = client.session["pz_started"]
    client.get("/dashboard/")
    assert client.session["pz_started"] == started  # not rewritten on every request
    session = client.session
    session["pz_seen"] = int(time.time()) - settings.PZ_STAFF_SESSION_IDLE_SECONDS - 1
    session.save()
    assert client.get("/dashboard/").status_code == 302  # idle too long
    assert "_auth_user_id" not in client.session
    client.force_login(staff)
    client.get("/dashboard/")
    session = client.session
    session["pz_started"] = int(time.time()) - settings.PZ_STAFF_SESSION_MAX_SECONDS - 1
    session.save()
    assert client.get("/dashboard/").status_code == 302  # signed in too long ago
    assert "_auth_user_id" not in client.session


def test_residents_keep_the_ordinary_session(db, settings):
    client = Client()
    client.force_login(UserFactory())
    client.get("/dashboard/")
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    assert "pz_seen" not in client.session


def test_second_factor_codes_are_rate_limited(db):
    StaffFactory(email="mfa-target@example.org")
    client = Client()
    client.post(
        reverse("account_login"), {"login": "mfa-target@example.org", "password": TEST_PASSWORD}
    )
    bodies = [
        client.post(reverse("mfa_authenticate"), {"code": "000000"}).content.decode()
        for _ in range(6)
    ]
    assert "Too many" not in bodies[0]
    assert "Too many" in bodies[-1]
