"""Second factor: required for staff, coordinators and partners; sign-in asks for the code."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client
from django.urls import reverse

from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def current_code(secret: str = TEST_TOTP_SECRET) -> str:
    import time

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_staff_without_an_authenticator_must_set_one_up(client):
    staff = StaffFactory()
    Authenticator.objects.filter(user=staff).delete()
    client.force_login(staff)
    response = client.get(reverse("applications:inbox"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_activate_totp"))
    # Setting it up stays reachable (allauth first asks them to confirm their password).
    assert client.get(reverse("mfa_activate_totp"), follow=True).status_code == 200


def test_resident_needs_no_second_factor(client):
    client.force_login(UserFactory())
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_staff_sign_in_asks_for_the_code_then_lets_them_in():
    staff = StaffFactory(email="staffer@example.org")
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": "staffer@example.org", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    # Not signed in yet: the inbox still sends them to sign in.
    assert client.get(reverse("applications:inbox")).status_code == 302
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    response = client.post(reverse("mfa_authenticate"), {"code": current_code()})
    assert response.status_code == 302
    assert client.get(reverse("applications:inbox")).status_code == 200
    assert int(client.session["_auth_user_id"]) == staff.pk


def test_failed_sign_ins_are_rate_limited():
    UserFactory(email="target@example.org")
    client = Client()
    bodies = [
        client.post(
            reverse("account_login"), {"login": "target@example.org", "password": "wrong"}
        ).content.decode()
        for _ in range(6)
    ]
    assert "Too many failed login attempts" not in bodies[0]
    assert "Too many failed login attempts" in bodies[5]
