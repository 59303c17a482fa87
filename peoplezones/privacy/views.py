"""Pages for people's rights (their data, consents, erasure), staff decisions and the audit."""

import json
from collections import Counter
from datetime import datetime, time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peoplezones.core import audit
from peoplezones.core.forms import render_form
from peoplezones.core.models import AuditEvent
from peoplezones.core.pagecache import public_page
from peoplezones.core.paging import page_of
from peoplezones.core.permissions import staff_required
from peoplezones.privacy import consent, services
from peoplezones.privacy import register as registry
from peoplezones.privacy.forms import AuditSearchForm, DecisionForm, ErasureRequestForm
from peoplezones.privacy.models import ErasureRequest, ErasureStatus, RetentionRun

AUDIT_PAGE_SIZE = 50


@public_page
def register(request: HttpRequest) -> HttpResponse:
    """The personal data register, published: what we hold, why, and for how long."""
    return render(
        request,
        "privacy/register.html",
        {
            "holdings": registry.holdings(),
            "rules": registry.rules(),
            "no_personal_data": sorted(registry.no_personal_data().items()),
        },
    )


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    sections = services.held_about(request.user)
    audit.viewed(request, request.user, "own data page")
    form = ErasureRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.request_erasure(request.user, form.cleaned_data["reason"])
        messages.success(
            request,
            _(
                "We have your request. The programme team will act on it within a month and email you."
            ),
        )
        return redirect("privacy:my_data")
    context = {
        "sections": sections,
        "consents": services.consents_of(request.user),
        "requests": request.user.erasure_requests.all(),
        "pending": request.user.erasure_requests.filter(status=ErasureStatus.PENDING).first(),
        "form": form,
    }
    return render_form(request, "privacy/my_data.html", context)


@login_required
def my_data_json(request: HttpRequest) -> HttpResponse:
    data = services.export(request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="people-zones-my-data-{stamp}.json"'
    return response


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    held = get_object_or_404(services.consents_of(request.user), pk=pk)
    consent.withdraw(held, by=request.user)
    messages.success(
        request, _("Withdrawn: %(purpose)s.") % {"purpose": held.get_purpose_display()}
    )
    return redirect("privacy:my_data")


@staff_required
def erasure_list(request: HttpRequest) -> HttpResponse:
    requests = ErasureRequest.objects.select_related("user", "decided_by")
    return render(
        request,
        "privacy/erasure_list.html",
        {
            "pending": requests.filter(status=ErasureStatus.PENDING).order_by("requested_at"),
            "decided": requests.exclude(status=ErasureStatus.PENDING)[:50],
            "now": timezone.now(),
            "runs": RetentionRun.objects.all()[:5],
            "rules": {rule.name: rule.says for rule in registry.rules()},
        },
    )


@staff_required
def erasure(request: HttpRequest, pk: int) -> HttpResponse:
    held = get_object_or_404(ErasureRequest.objects.select_related("user"), pk=pk)
    person = held.user
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and held.status != ErasureStatus.PENDING:
        raise Http404("This request has been decided.")
    if request.method == "POST" and form.is_valid():
        address, erase_now = person.email, form.cleaned_data["decision"] == "erase"
        decided = services.decide_erasure(
            held, by=request.user, erase_now=erase_now,
            refusal_reason=form.cleaned_data["refusal_reason"].strip(),
        )  # fmt: skip
        body = (
            "Your data has been erased from People Zones and your account closed."
            if erase_now
            else "We could not erase your data yet, for this reason:\n\n" + decided.refusal_reason
        )
        transaction.on_commit(
            lambda: send_mail("Your request to erase your data", body, None, [address])
        )
        messages.success(request, "Erased." if erase_now else "Refused; the person is told why.")
        return redirect("privacy:erasure_list")
    counts: Counter[str] = Counter()
    if held.status == ErasureStatus.PENDING:
        for section in services.held_about(person):
            if not section.acted_on:
                counts[section.title] += len(section.rows)
        audit.viewed(request, person, "erasure request")
    context = {
        "held": held,
        "person": person,
        "counts": sorted(counts.items()),
        "pauses": services.reasons_to_pause(person) if held.status == ErasureStatus.PENDING else [],
        "form": form,
    }
    return render_form(request, "privacy/erasure.html", context)


def _day(value: object, end: bool = False) -> datetime:
    return timezone.make_aware(datetime.combine(value, time.max if end else time.min))  # type: ignore[arg-type]


@staff_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """Search the audit trail: who saw, exported or changed personal data."""
    form = AuditSearchForm(request.GET or None)
    events = AuditEvent.objects.all()
    if form.is_valid():
        data = form.cleaned_data
        if data["who"]:
            events = events.filter(actor_label__icontains=data["who"].strip())
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["record"]:
            kind, _sep, ident = data["record"].strip().lower().partition("#")
            events = events.filter(target_type=kind)
            if ident:
                events = events.filter(target_id=ident)
        if data["since"]:
            events = events.filter(at__gte=_day(data["since"]))
        if data["until"]:
            events = events.filter(at__lte=_day(data["until"], end=True))
    page, query = page_of(request, events.order_by("-id"), AUDIT_PAGE_SIZE)
    check = audit.verify() if request.GET.get("verify") == "1" else None
    return render(
        request,
        "privacy/audit.html",
        {"form": form, "page": page, "check": check, "query": query,
         "site_name": settings.PZ_SITE_NAME},
    )  # fmt: skip
