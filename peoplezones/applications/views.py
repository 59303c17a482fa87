"""The public apply/ask form and the programme team's inbox. Thin: parse, call a service, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peoplezones.applications import queries, services
from peoplezones.applications.forms import ApplicationForm, CallForm, ReplyForm, StatusForm
from peoplezones.applications.models import Application, ContactPreference, Kind, Status
from peoplezones.applications.panels import APPLICATION_EVIDENCE
from peoplezones.core import audit, ratelimit
from peoplezones.core.paging import page_of
from peoplezones.core.permissions import staff_required

INBOX_PAGE_SIZE = 50  # newest first; the filters and search find the rest
_THANKS_SESSION_KEY = "applications:last_reference"


def apply(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "applications/apply.html", {"form": ApplicationForm()})
    if not ratelimit.allow(scope="apply", request=request):
        return render(request, "applications/too_many.html", status=429)
    form = ApplicationForm(request.POST)
    if form.is_spam:
        form.add_error(None, _("We could not accept this form. Leave the last field empty."))
        return render(request, "applications/apply.html", {"form": form}, status=400)
    if not form.is_valid():
        return render(request, "applications/apply.html", {"form": form}, status=400)
    application = services.submit_application(data=form.cleaned_data)
    request.session[_THANKS_SESSION_KEY] = application.reference
    return redirect("applications:thanks")


def thanks(request: HttpRequest) -> HttpResponse:
    reference = request.session.get(_THANKS_SESSION_KEY)
    if not reference:
        return redirect("applications:apply")
    application = Application.objects.filter(reference=reference).only("reference", "email").first()
    return render(request, "applications/thanks.html", {"application": application})


@staff_required
def inbox(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    kind = request.GET.get("kind", "")
    overdue = request.GET.get("overdue") == "1"
    search = request.GET.get("q", "").strip()[:100]
    applications = queries.inbox(
        status=status if status in Status.values else "",
        kind=kind if kind in Kind.values else "",
        overdue=overdue,
        search=search,
    )
    page, query = page_of(request, applications, INBOX_PAGE_SIZE)
    return render(
        request,
        "applications/inbox.html",
        {
            "page": page,
            "query": query,
            "total": page.paginator.count,
            "statuses": Status.choices,
            "kinds": Kind.choices,
            "status": status,
            "kind": kind,
            "overdue": overdue,
            "search": search,
            "overdue_cutoff": queries.overdue_cutoff(),
        },
    )


def _detail(
    request: HttpRequest,
    application: Application,
    *,
    status_form: StatusForm | None = None,
    reply_form: ReplyForm | None = None,
    call_form: CallForm | None = None,
    status: int = 200,
) -> HttpResponse:
    audit.viewed(request, application)
    return render(
        request,
        "applications/detail.html",
        {
            "application": application,
            "is_overdue": queries.is_overdue(application),
            "status_form": status_form or StatusForm(application=application),
            "reply_form": reply_form
            or ReplyForm(
                initial={"subject": _("Your People Zones application %s") % application.reference}
            ),
            "call_form": call_form or CallForm(prefix=CallForm.PREFIX),
            "phone_only": application.contact_preference == ContactPreference.PHONE,
            "by_post": application.contact_preference == ContactPreference.POST,
            "history": application.events.select_related("actor"),
            "sent": application.messages.select_related("sender"),
            "audit_trail": audit.events_for(application)[:50],
            "evidence": APPLICATION_EVIDENCE.render(request, application=application),
        },
        status=status,
    )


@staff_required
def detail(request: HttpRequest, reference: str) -> HttpResponse:
    return _detail(request, get_object_or_404(Application, reference=reference))


@staff_required
@require_POST
def change_status(request: HttpRequest, reference: str) -> HttpResponse:
    application = get_object_or_404(Application, reference=reference)
    form = StatusForm(request.POST, application=application)
    if not form.is_valid():
        return _detail(request, application, status_form=form, status=400)
    try:
        application = services.change_status(
            application=application,
            to_status=form.cleaned_data["to_status"],
            actor=request.user,
            note=form.cleaned_data["note"],
            request=request,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _detail(request, application, status_form=form, status=400)
    if application.status == Status.ACCEPTED and application.zone:
        messages.success(
            request,
            _("Accepted. A draft Zone, %(zone)s, now holds this application's content.")
            % {"zone": application.zone.name},
        )
    else:
        messages.success(request, _("Status changed to %s.") % application.get_status_display())
    return redirect(application)


@staff_required
@require_POST
def reply(request: HttpRequest, reference: str) -> HttpResponse:
    application = get_object_or_404(Application, reference=reference)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return _detail(request, application, reply_form=form, status=400)
    if application.contact_preference == ContactPreference.PHONE:
        messages.error(
            request,
            _("Nothing was emailed: they asked to be phoned. Call them and record the call."),
        )
        return _detail(request, application, status=400)
    try:
        services.send_reply(
            application=application,
            actor=request.user,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            ask_for_more=form.cleaned_data["ask_for_more"],
            request=request,
        )
    except (OSError, ValidationError):
        form.add_error(None, _("The email could not be sent, so nothing was recorded. Try again."))
        return _detail(request, application, reply_form=form, status=502)
    if application.contact_preference == ContactPreference.POST:
        messages.success(request, _("The letter is on its way and kept on the record."))
    else:
        messages.success(request, _("Reply sent to %s and kept on the record.") % application.email)
    return redirect(application)


@staff_required
@require_POST
def record_call(request: HttpRequest, reference: str) -> HttpResponse:
    """An applicant who asked to be phoned: what was said on the call, kept on the record."""
    application = get_object_or_404(Application, reference=reference)
    form = CallForm(request.POST, prefix=CallForm.PREFIX)
    if not form.is_valid():
        return _detail(request, application, call_form=form, status=400)
    services.record_call(
        application=application, actor=request.user, note=form.cleaned_data["note"],
        request=request,
    )  # fmt: skip
    messages.success(request, _("The call is kept on the record."))
    return redirect(application)
