"""Map pages every map shares: the base map's tiles when the platform serves them itself (from a
PMTiles archive), and finding a postcode or place by name."""

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from peoplezones.core import basemap, places

TILE_MAX_AGE = 7 * 86400


@require_GET
@cache_control(public=True, max_age=TILE_MAX_AGE)
def tile(request: HttpRequest, z: int, x: int, y: int, ext: str) -> HttpResponse:
    """One tile of the self-hosted base map; 204 where the archive has none (open sea, or past
    its area), so the map simply shows nothing there."""
    try:
        found = basemap.archive()
    except basemap.BasemapError:
        found = None
    if found is None or ext != found.extension:
        raise Http404
    gzip_ok = "gzip" in request.headers.get("Accept-Encoding", "")
    body, gzipped = basemap.tile_body(found, z, x, y, gzip_ok)
    if not body:
        return HttpResponse(status=204)
    response = HttpResponse(body, content_type=found.content_type)
    if gzipped:
        response["Content-Encoding"] = "gzip"
    response["Vary"] = "Accept-Encoding"
    return response


def find(request: HttpRequest) -> HttpResponse:
    """A postcode or a place held here (a Zone, an asset, an area) by what someone typed: JSON for
    a map's search box, or a page listing the places for anyone without JavaScript."""
    query = request.GET.get("q", "").strip()[:100]
    found = places.find(query, request.user) if query else []
    message = ""
    if not query:
        message = _("Type a postcode, or the name of a Zone, a place or a street.")
    elif not found:
        message = _(
            "Nothing here matches “%(query)s”. Try a full postcode, like LE3 1AB, or the name of "
            "a Zone, a community place or a street."
        ) % {"query": query}
    if request.GET.get("format") == "json":
        shown = [
            {**p.as_dict(), "shown": _("Showing %(label)s (%(kind)s).") % p.as_dict()}
            for p in found
        ]
        others = _("Other places found:")
        return JsonResponse({"query": query, "message": message, "others": others, "places": shown})
    return render(
        request, "core/find_place.html", {"query": query, "places": found, "message": message}
    )
