"""Slowing password guessing without handing anyone a way to lock an owner out.

A plain lock per account ("five wrong passwords and the account is closed for five minutes")
lets anyone who knows an email keep a coordinator out. Instead, failed sign-ins are counted:
- per address and account together: a stranger guessing from one place is slowed for that
  account only, and the owner signing in from anywhere else is not;
- per address: one place trying many accounts is slowed;
- per account, across every address the account has not been used from: a guess spread over
  many addresses is slowed too, but only for unrecognised devices;
- a device the owner signed in from before carries a signed cookie naming the account, and is
  counted apart, so the owner gets in from where they usually do even during such an attack.
Counters live in the database (core.ratelimit), shared by every web process."""

import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponseBase

from peoplezones.core import ratelimit

COOKIE = "pz_device"
COOKIE_AGE = 365 * 86400
_SALT = "peoplezones.core.signin.device"


def _account(login: str) -> str:
    """A keyed fingerprint of the email: what the cookie and the counters hold, never the email."""
    normalised = login.strip().lower()
    return hmac.new(settings.SECRET_KEY.encode(), normalised.encode(), hashlib.sha256).hexdigest()


def _recognised(request: HttpRequest, account: str) -> bool:
    try:
        remembered = signing.loads(request.COOKIES.get(COOKIE, ""), salt=_SALT, max_age=COOKIE_AGE)
    except signing.BadSignature:
        return False
    return isinstance(remembered, dict) and remembered.get("account") == account


def _counters(request: HttpRequest, login: str) -> list[tuple[str, str, str]]:
    """(scope, key, rates) counting a failed sign-in from this request for this account."""
    account = _account(login)
    if _recognised(request, account):
        cookie = request.COOKIES[COOKIE]
        return [("signin-device", f"{cookie}:{account}", settings.PZ_SIGNIN_DEVICE_RATE)]
    address = ratelimit.client_ip(request)
    return [
        ("signin-pair", f"{address}:{account}", settings.PZ_SIGNIN_PAIR_RATE),
        ("signin-address", address, settings.PZ_SIGNIN_ADDRESS_RATE),
        ("signin-account", account, settings.PZ_SIGNIN_ACCOUNT_RATE),
    ]


def slowed(request: HttpRequest, login: str) -> bool:
    """Whether this attempt must wait (the form then says there were too many attempts)."""
    return any(
        ratelimit.used_up(scope=scope, key=key, rates=rates)
        for scope, key, rates in _counters(request, login)
    )


def failed(request: HttpRequest, login: str) -> None:
    for scope, key, rates in _counters(request, login):
        ratelimit.hit(scope=scope, key=key, rates=rates)


def proved(login: str) -> None:
    """The owner proved they hold the mailbox (a password reset): the account-wide count ends."""
    ratelimit.forget(
        scope="signin-account", key=_account(login), rates=settings.PZ_SIGNIN_ACCOUNT_RATE
    )


def signed_in(sender: object, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """allauth's user_logged_in, sent once sign-in is complete (second factor included)."""
    response = kwargs.get("response")
    if response is not None:
        remember_device(response, user.email)


def remember_device(response: HttpResponseBase, email: str) -> None:
    """This browser is now one the owner uses."""
    response.set_cookie(
        COOKIE,
        signing.dumps({"account": _account(email)}, salt=_SALT),
        max_age=COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
