"""The public site in the area's community languages. A visitor chooses with the switcher in the
header (GOV.UK's pattern: links, working without JavaScript); any page's address may carry
`?lang=<code>`, and the choice is remembered in a cookie for a year. A code we do not have is
refused with a note naming it, and the page shows in the language already in use.

Content staff write (pages, Zone summaries, Tool Kit option summaries) is translated per language
by staff (core.translation); Django's message catalogues (locale/) translate the platform's own
words, each string marked reviewed or not (gettext's "fuzzy" flag means "not yet reviewed")."""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.utils import translation

PARAMETER = "lang"


def site_languages() -> dict[str, str]:
    return dict(settings.LANGUAGES)


class LanguageChoiceMiddleware:
    """After Django's LocaleMiddleware (cookie, then the browser's Accept-Language): `?lang=` on
    any page chooses the language for this page and remembers it. Survey pages also take `?lang=`
    for a survey's own translations in languages the site has no catalogue for (research); those
    codes are left to them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        asked = request.GET.get(PARAMETER, "")
        chosen = ""
        request.language_refused = ""  # type: ignore[attr-defined]
        if asked:
            code = asked.strip().lower()
            if code == settings.LANGUAGE_CODE.split("-")[0]:
                code = settings.LANGUAGE_CODE
            if code in site_languages():
                chosen = code
                translation.activate(code)
                request.LANGUAGE_CODE = code
            elif code not in dict(settings.PZ_SURVEY_LANGUAGES):
                request.language_refused = asked[:20]  # type: ignore[attr-defined]
        elif settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            # Signed in on a new device: the language they chose before.
            own = getattr(getattr(request, "user", None), "language", "")
            if own in site_languages():
                translation.activate(own)
                request.LANGUAGE_CODE = own
        if chosen:
            remember(getattr(request, "user", None), chosen)
        response = self.get_response(request)
        if chosen and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != chosen:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, chosen, max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite="Lax", secure=settings.SESSION_COOKIE_SECURE, httponly=True,
            )  # fmt: skip
        if chosen or request.language_refused:  # type: ignore[attr-defined]
            response.headers.setdefault("Cache-Control", "private")
        return response


def remember(user: object, code: str) -> None:
    """Keep a signed-in person's choice on their account: their messages are written in it."""
    if getattr(user, "is_authenticated", False) and getattr(user, "language", code) != code:
        get_user_model().objects.filter(pk=user.pk).update(language=code)  # type: ignore[attr-defined]
        user.language = code  # type: ignore[attr-defined]


def switcher(request: HttpRequest) -> list[dict[str, object]]:
    """The header's language links: each language named in itself, the current one marked."""
    current = translation.get_language() or settings.LANGUAGE_CODE
    query = request.GET.copy()
    links = []
    for code, (own_name, change) in settings.PZ_LANGUAGE_NAMES.items():
        if code not in site_languages():
            continue
        query[PARAMETER] = code
        links.append({
            "code": code, "name": own_name, "change": change, "current": code == current,
            "href": f"{request.path}?{query.urlencode()}",
            "bidi": code.split("-")[0] in settings.LANGUAGES_BIDI,
        })  # fmt: skip
    return links
