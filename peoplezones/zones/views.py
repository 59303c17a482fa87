"""Public Zone pages: the list and each Zone."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from peoplezones.zones.queries import public_zones, visible_zones


def zone_list(request: HttpRequest) -> HttpResponse:
    return render(request, "zones/list.html", {"zones": public_zones()})


def zone_detail(request: HttpRequest, slug: str) -> HttpResponse:
    zone = get_object_or_404(visible_zones(request.user), slug=slug)
    return render(request, "zones/detail.html", {"zone": zone})
