"""Public pages kept for a few seconds for visitors who are not signed in.

Only a GET with no query string, from someone not signed in with no messages waiting, whose
page set no cookie and used no CSRF token (a form), is kept or served from the cache; everyone
else gets the page made for them. PZ_PUBLIC_PAGE_CACHE_SECONDS sets how long (production: 30;
development and tests: 0, off), so a change shows to the public within that time and at once to
whoever made it.

When a kept page's time is up, one request makes it again while everyone else asking meanwhile
(in any process) still gets the kept copy, for up to REBUILD_SECONDS: a busy page is made once,
not by every request that arrives while it is being made.
"""

import hashlib
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import translation

_KEY = "pz:page:2:"  # 2: kept as (fresh until, page); a copy kept by a release before is never read
REBUILD_SECONDS = 30  # how long others may be given the old copy while one request makes the page


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        request.method == "GET"
        and not request.META.get("QUERY_STRING")
        and "messages" not in request.COOKIES
        and not request.user.is_authenticated
        and "_messages" not in request.session
    )


def page_key(path: str, language: str) -> str:
    """Each language its own copy (the visitor's choice comes from a cookie, not the address)."""
    return _KEY + hashlib.sha256(f"{language}:{path}".encode()).hexdigest()


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        seconds = settings.PZ_PUBLIC_PAGE_CACHE_SECONDS
        if not seconds or not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key = page_key(request.path, translation.get_language())
        kept = cache.get(key)
        if kept is not None:
            fresh_until, page = kept
            # Fresh; or being made again by another request (cache.add is atomic): the kept copy.
            if time.time() < fresh_until or not cache.add(key + ":making", 1, REBUILD_SECONDS):
                return page
        try:
            response = view(request, *args, **kwargs)
            if (
                response.status_code == 200
                and not response.cookies
                and not getattr(response, "streaming", False)
                and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            ):
                cache.set(key, (time.time() + seconds, response), seconds + REBUILD_SECONDS)
        finally:
            if kept is not None:
                cache.delete(key + ":making")
        return response

    return wrapped
