"""The Data sources page: each source of the programme area with its publisher, licence, last
refresh, rows, what changed, next refresh and last error; "refresh now" queues one (the worker
runs it) and the page follows its progress."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peoplezones.core.permissions import staff_required
from peoplezones.datasources import area as areas
from peoplezones.datasources import services, tasks
from peoplezones.datasources.models import WORKING


def _area() -> tuple[areas.Area | None, str]:
    """The programme area, or None and what is wrong with its file."""
    try:
        return areas.current(), ""
    except areas.AreaRefused as refused:
        return None, str(refused)


@staff_required
def index(request: HttpRequest) -> HttpResponse:
    area, problem = _area()
    states = services.states(area) if area else []
    context = {
        "area": area, "problem": problem, "states": states,
        "working": any(s.last and s.last.status in WORKING for s in states),
    }  # fmt: skip
    return render(request, "datasources/index.html", context)


@staff_required
def status(request: HttpRequest) -> JsonResponse:
    area, _problem = _area()
    rows = []
    for state in services.states(area) if area else []:
        run = state.last
        rows.append({
            "key": state.source.key,
            "status": run.status if run else "",
            "label": run.get_status_display() if run else _("Never loaded"),
            "stage": run.stage if run else "",
            "done": run.done if run else 0,
            "total": run.total if run else 0,
            "percent": run.percent if run else None,
        })  # fmt: skip
    return JsonResponse({"sources": rows, "working": any(r["status"] in WORKING for r in rows)})


@staff_required
@require_POST
def refresh(request: HttpRequest, key: str) -> HttpResponse:
    area, _problem = _area()
    if area is None or key not in area.sources:
        raise Http404
    title = area.sources[key].title
    if tasks.refresh_now(area, key, by=request.user) is None:
        messages.info(request, _("%(source)s is already waiting or running.") % {"source": title})
    else:
        messages.success(request, _("%(source)s: refresh asked for.") % {"source": title})
    return redirect(f"{reverse('datasources:index')}#source-{slugify(key)}")
