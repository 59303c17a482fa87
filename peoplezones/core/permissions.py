"""Who may see what. Views ask these questions; they never compare roles themselves."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from peoplezones.core.models import Role, User


def is_programme_staff(user: Any) -> bool:
    return bool(user.is_authenticated and isinstance(user, User) and user.is_programme_staff)


def partner_organisation_id(user: Any) -> int | None:
    """The organisation a partner acts for (None for anyone else)."""
    if user.is_authenticated and user.role == Role.PARTNER and user.organisation_id:
        return user.organisation_id
    return None


def role_required(test: Callable[[Any], bool]) -> Callable:
    """Anonymous people are sent to sign in; signed-in people who fail `test` get 403."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not test(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = role_required(is_programme_staff)
