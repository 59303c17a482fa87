"""The platform's allauth adapter: password guessing is slowed by core.signin (per address and
account, per address, per account from unrecognised devices) in place of allauth's lock per
account, which anyone knowing an email could use to keep its owner out."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest

from peoplezones.core import signin


def _login(credentials: dict[str, Any]) -> str:
    return str(credentials.get("email") or credentials.get("username") or "")


class AccountAdapter(DefaultAccountAdapter):
    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        if signin.slowed(request, _login(credentials)):
            raise self.validation_error("too_many_login_attempts")

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        signin.failed(request, _login(credentials))

    def _delete_login_attempts_cached_email(self, request: HttpRequest, **credentials: Any) -> None:
        # Called by allauth after a successful password reset: the owner proved the mailbox.
        super()._delete_login_attempts_cached_email(request, **credentials)
        signin.proved(_login(credentials))
