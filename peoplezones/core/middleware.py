"""Sign-in rules that apply to every request."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

# Paths a person without a second factor may still reach: setting one up, signing out, assets.
_MFA_SETUP_OPEN = ("/accounts/", "/static/", "/i18n/")


class RequireMFAMiddleware:
    """Roles that handle people's data (see PZ_MFA_REQUIRED_ROLES) must add an authenticator app
    before they can use anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and getattr(user, "needs_mfa", False)
            and not request.path.startswith(_MFA_SETUP_OPEN)
            and not _has_totp(user)
        ):
            return redirect(f"{reverse('mfa_activate_totp')}?required=1")
        return self.get_response(request)


def _has_totp(user: object) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
