"""Slowing password guessing (core.signin) without a lock anyone could use on an owner: per
address and account, per address, per account from unrecognised devices, and the owner's own
devices counted apart."""

import pytest
from django.test import Client

from peoplezones.core import signin
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


WRONG = "not-the-password"


def attempt(client: Client, email: str, password: str = WRONG) -> bool:
    """True when the attempt was heard (not slowed), whatever the password."""
    response = client.post(LOGIN, {"login": email, "password": password})
    return "Too many failed login attempts" not in response.content.decode()


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def sign_out_keeping_the_device(client: Client) -> None:
    device = client.cookies[signin.COOKIE]
    client.logout()  # the test client forgets every cookie; a browser keeps this one
    client.cookies[signin.COOKIE] = device.value


def test_one_address_guessing_one_account_is_slowed_for_that_account_only():
    owner, other = UserFactory(), UserFactory()
    stranger = Client(REMOTE_ADDR="203.0.113.5")
    heard = [attempt(stranger, owner.email) for _ in range(7)]
    assert heard == [True] * 5 + [False] * 2
    assert not attempt(stranger, owner.email, TEST_PASSWORD)  # even the right password waits
    assert attempt(stranger, other.email)  # another account from there: still heard
    elsewhere = Client(REMOTE_ADDR="198.51.100.7")
    attempt(elsewhere, owner.email, TEST_PASSWORD)
    assert signed_in(elsewhere)


def test_one_address_trying_many_accounts_is_slowed(settings):
    settings.PZ_SIGNIN_ADDRESS_RATE = "6/3600"
    people = UserFactory.create_batch(8)
    sprayer = Client(REMOTE_ADDR="203.0.113.6")
    heard = [attempt(sprayer, person.email) for person in people]
    assert heard == [True] * 6 + [False] * 2
    owner = Client(REMOTE_ADDR="198.51.100.8")
    attempt(owner, people[-1].email, TEST_PASSWORD)
    assert signed_in(owner)


def test_guessing_from_many_addresses_slows_new_devices_but_the_owners_own_device_gets_in(
    settings,
):
    settings.PZ_SIGNIN_ACCOUNT_RATE = "10/3600"
    owner = UserFactory()
    laptop = Client(REMOTE_ADDR="198.51.100.9")
    attempt(laptop, owner.email, TEST_PASSWORD)
    assert signed_in(laptop)
    assert laptop.cookies[signin.COOKIE]["httponly"]
    sign_out_keeping_the_device(laptop)
    for n in range(10):  # a botnet: ten addresses, one guess each
        assert attempt(Client(REMOTE_ADDR=f"203.0.113.{100 + n}"), owner.email)
    newcomer = Client(REMOTE_ADDR="192.0.2.50")
    assert not attempt(newcomer, owner.email, TEST_PASSWORD)  # an unrecognised device waits
    laptop.defaults["REMOTE_ADDR"] = "192.0.2.51"  # the owner's laptop, on another network
    attempt(laptop, owner.email, TEST_PASSWORD)
    assert signed_in(laptop)


def test_a_forged_or_borrowed_device_cookie_is_not_recognised(settings):
    settings.PZ_SIGNIN_ACCOUNT_RATE = "3/3600"
    owner, attacker = UserFactory(), UserFactory()
    own_browser = Client(REMOTE_ADDR="203.0.113.20")
    attempt(own_browser, attacker.email, TEST_PASSWORD)  # the attacker's cookie names their account
    assert signed_in(own_browser)
    sign_out_keeping_the_device(own_browser)
    forged = Client(REMOTE_ADDR="203.0.113.21")
    forged.cookies[signin.COOKIE] = "not-a-signed-value"
    for client in (own_browser, forged, Client(REMOTE_ADDR="203.0.113.22")):
        attempt(client, owner.email)
    assert not attempt(Client(REMOTE_ADDR="203.0.113.23"), owner.email, TEST_PASSWORD)
    assert not attempt(own_browser, owner.email, TEST_PASSWORD)


def test_a_password_reset_ends_the_account_wide_count(settings):
    settings.PZ_SIGNIN_ACCOUNT_RATE = "2/3600"
    owner = UserFactory()
    for n in range(2):
        attempt(Client(REMOTE_ADDR=f"203.0.113.{30 + n}"), owner.email)
    assert not attempt(Client(REMOTE_ADDR="192.0.2.60"), owner.email, TEST_PASSWORD)
    signin.proved(owner.email)
    fresh = Client(REMOTE_ADDR="192.0.2.60")
    attempt(fresh, owner.email, TEST_PASSWORD)
    assert signed_in(fresh)
