"""Sign-in rules and security headers that apply to every request."""

import errno
import logging
import time
from collections.abc import Callable
from typing import Any

from allauth.mfa.models import Authenticator
from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from peoplezones.core import basemap, work

logger = logging.getLogger(__name__)

NUL_REFUSED = "The request holds a NUL character, which no field accepts."


class RefuseNulMiddleware:
    """A NUL character is never part of anything a person types, and PostgreSQL can neither store
    nor search text holding one: a request with one in its address, query string or form fields
    (not in uploaded files) is answered 400 before any page sees it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        fields = [request.GET] + ([request.POST] if request.method == "POST" else [])
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for data in fields
            for key, values in data.lists()
        ):
            if request.path.startswith("/api/"):  # the API answers in JSON, whatever the error
                return JsonResponse({"detail": NUL_REFUSED}, status=400)
            raise BadRequest(NUL_REFUSED)
        return self.get_response(request)


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
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class StaffSessionMiddleware:
    """People who see others' data (the roles that need a second factor) are signed out after
    PZ_STAFF_SESSION_IDLE_SECONDS without a request, and PZ_STAFF_SESSION_MAX_SECONDS after
    signing in, whatever they do. Everyone else keeps SESSION_COOKIE_AGE.

    The last-seen time is written at most every few minutes, not on every request: a session
    saved by every request (and every map or progress poll a page makes) costs a write each."""

    RESOLUTION = 300  # seconds: how stale the last-seen time may be

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and getattr(user, "needs_mfa", False):
            now = int(time.time())
            session = request.session
            started = int(session.get("pz_started", now))
            seen = int(session.get("pz_seen", now))
            if (
                now - started > settings.PZ_STAFF_SESSION_MAX_SECONDS
                or now - seen > settings.PZ_STAFF_SESSION_IDLE_SECONDS
            ):
                logout(request)
                return redirect(f"{reverse('account_login')}?next={request.path}")
            if "pz_started" not in session:
                session["pz_started"] = now
            if "pz_seen" not in session or now - seen >= self.RESOLUTION:
                session["pz_seen"] = now
        return self.get_response(request)


class WorkChangedMiddleware:
    """After anything a signed-in person or an API token changes (a POST, PUT, PATCH or DELETE
    that did not fail), the work queues kept for the dashboard are worked out afresh (core.work)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.method not in ("GET", "HEAD", "OPTIONS", "TRACE")
            and response.status_code < 400
            and ("Authorization" in request.headers or request.user.is_authenticated)
        ):
            work.changed()
        return response


class PermissionsPolicyMiddleware:
    """No page needs the camera, microphone, location, payment or the like: say so, so that an
    injected script could not ask for them either."""

    POLICY = ", ".join(
        f"{feature}=()"
        for feature in (
            "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer",
            "microphone", "payment", "usb", "interest-cohort", "browsing-topics",
        )
    )  # fmt: skip

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.POLICY)
        return response


class CSPMiddleware(BaseCSPMiddleware):
    """django-csp's policy, with exactly the base map's tile host added to img-src (none when the
    platform serves its own tiles or maps have no base map)."""

    def get_policy_parts(
        self, request: HttpRequest, response: Any, report_only: bool = False
    ) -> Any:
        parts = super().get_policy_parts(request, response, report_only)
        host = basemap.current().host
        if host and not report_only:
            update = dict(parts.update or {})
            update["img-src"] = [*update.get("img-src", []), host]
            parts.update = update
        return parts


class DiskFullMiddleware:
    """The disk holding uploads (or the upload's temporary copy) full: a page that says so, with
    status 507, instead of a server error. Files are written whole or not at all
    (core.storage), and the row naming a file is saved after it, so nothing half-written is
    left; a job's row is not made at all."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not (isinstance(exception, OSError) and exception.errno in (errno.ENOSPC, errno.EDQUOT)):
            return None
        logger.error("Disk full while answering %s %s", request.method, request.path)
        return render(request, "disk_full.html", status=507)
