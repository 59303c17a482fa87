"""The door-step page: a volunteer records households' answers on a phone, with or without signal.
Once opened, a service worker keeps the page and its files; answers wait on the device (IndexedDB)
with an idempotency key each and are sent when the connection returns (research/doorstep.js)."""

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from peoplezones.research import services
from peoplezones.research.answering import survey_version
from peoplezones.research.models import Channel, Wave
from peoplezones.research.permissions import can_enter_paper
from peoplezones.research.views.common import questions_of, response_form

MAX_PER_SEND = 100  # answers per request; the device sends its queue in batches of this size
# What the page needs offline besides itself: the site's files and the two scripts.
OFFLINE_FILES = ("pz/site.css", "pz/site.js", "pz/favicon.svg", "pz/exit-this-page.js",
                 "research/survey.js", "research/doorstep.js")  # fmt: skip


def _wave(request: HttpRequest, pk: int) -> Wave:
    wave = get_object_or_404(Wave.objects.select_related("survey__zone"), pk=pk)
    if not can_enter_paper(request.user, wave.survey):
        raise PermissionDenied
    return wave


@never_cache
@login_required
@require_GET
def doorstep(request: HttpRequest, pk: int) -> HttpResponse:
    wave = _wave(request, pk)
    survey = wave.survey
    form = response_form(request, survey, "")
    del form.fields["website"]  # a volunteer's own page, signed in: no honeypot
    recorded = wave.responses.filter(channel=Channel.DOORSTEP)
    return render(request, "research/doorstep.html", {
        "wave": wave, "survey": survey, "form": form,
        "version": survey_version(questions_of(survey)),
        "recorded": recorded.count(), "recorded_by_me": recorded.filter(entered_by=request.user).count(),
        "sync_url": reverse("research:doorstep_sync", args=[wave.pk]), "batch": MAX_PER_SEND,
        "worker_url": reverse("research:doorstep_worker", args=[wave.pk]),
    })  # fmt: skip


@require_GET
def doorstep_worker(request: HttpRequest, pk: int) -> HttpResponse:
    """The service worker for one wave's door-step page, served from under the page's own path so
    its scope is that page. It holds no one's data: the page and the site's files only."""
    page = reverse("research:doorstep", args=[pk])
    script = render(
        request, "research/doorstep_worker.js",
        {"page": json.dumps(page), "files": json.dumps([static(f) for f in OFFLINE_FILES]),
         "cache": json.dumps(f"pz-doorstep-{pk}-v1")},
        content_type="text/javascript; charset=utf-8",
    )  # fmt: skip
    script["Cache-Control"] = "no-cache"
    return script


@never_cache
@require_POST
def doorstep_sync(request: HttpRequest, pk: int) -> JsonResponse:
    """The device's queued answers, a batch at a time: what became of each, by its key. A key
    already stored is answered "already", so a retry after a lost reply stores nothing more."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Sign in again to send the answers waiting.")}, status=401)
    wave = _wave(request, pk)
    if request.content_type != "application/json":  # a form's body is already read as fields
        return JsonResponse({"error": _("The request must be JSON with a list of answers.")},
                            status=400)  # fmt: skip
    try:
        items = json.loads(request.body)["answers"]
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": _("The request must be JSON with a list of answers.")},
                            status=400)  # fmt: skip
    if not isinstance(items, list) or len(items) > MAX_PER_SEND:
        return JsonResponse(
            {"error": _("Send a list of at most %(n)s answers at a time.") % {"n": MAX_PER_SEND}},
            status=400,
        )
    results = services.store_doorstep(wave=wave, items=items, by=request.user)
    return JsonResponse({
        "results": [{"key": r.key, "state": r.state, "message": r.message} for r in results],
        "recorded": wave.responses.filter(channel=Channel.DOORSTEP).count(),
    })  # fmt: skip
