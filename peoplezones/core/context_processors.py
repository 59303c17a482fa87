"""Values every template can use."""

from django.conf import settings
from django.http import HttpRequest

from peoplezones.core import basemap, languages
from peoplezones.core.permissions import is_programme_staff


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "site_name": settings.PZ_SITE_NAME,
        "programme_area": settings.PZ_PROGRAMME_AREA,
        "is_demo": settings.PZ_DEMO,
        "user_is_staff": is_programme_staff(request.user),
        "basemap": basemap.current(),
        "quick_exit_url": settings.PZ_QUICK_EXIT_URL,
        "language_links": languages.switcher(request),
        "language_refused": getattr(request, "language_refused", ""),
    }
