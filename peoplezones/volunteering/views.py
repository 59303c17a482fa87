"""Volunteering pages. Asking for and offering help need an account; coordinating (requests,
DBS checks, matches) is for the Zone's coordinators and the programme's safeguarding leads; a
match page is also the matched volunteer's. Every view of a concern is audited."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from peoplezones.core import audit, params
from peoplezones.core.forms import render_form
from peoplezones.core.models import User
from peoplezones.volunteering import permissions, queries, services
from peoplezones.volunteering.forms import (
    ConcernForm,
    DbsCheckForm,
    HelpRequestForm,
    OfferForm,
    VisitForm,
)
from peoplezones.volunteering.models import (
    Concern,
    ConcernStatus,
    HelpRequest,
    Match,
    MatchStatus,
    RequestStatus,
    Visit,
    VolunteerOffer,
)
from peoplezones.zones.models import Zone
from peoplezones.zones.views.common import zone_for


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    context: dict[str, Any] = {"zones": Zone.objects.filter(is_published=True)}
    if user.is_authenticated:
        context |= {
            "my_requests": HelpRequest.objects.filter(requester=user).select_related("help_type"),
            "my_offers": VolunteerOffer.objects.filter(volunteer=user).select_related("zone"),
            "my_matches": Match.objects.filter(volunteer=user, status=MatchStatus.ACTIVE)
            .select_related("request__help_type"),
            "coordinating": user.coordinated_zones.all()
            if not permissions.is_safeguarding_lead(user) else Zone.objects.all(),
        }  # fmt: skip
    return render(request, "volunteering/home.html", context)


@login_required
def ask(request: HttpRequest, slug: str) -> HttpResponse:
    """Ask for help: for yourself, or (a coordinator) for a neighbour without an account."""
    zone = zone_for(request, slug)
    on_behalf = permissions.coordinates(request.user, zone)
    initial = {} if on_behalf else {"name": request.user.name}
    form = HelpRequestForm(request.POST or None, initial=initial, on_behalf=on_behalf)
    if request.method == "POST" and form.is_valid():
        help_request = services.ask_for_help(
            form.instance, zone=zone, by=request.user, on_behalf=on_behalf
        )
        messages.success(request, _("Thank you. A coordinator will look for a volunteer and be in "
                                  "touch."))  # fmt: skip
        if on_behalf:
            return redirect(help_request)
        return redirect("volunteering:home")
    return render_form(request, "volunteering/ask.html",
                       {"form": form, "zone": zone, "on_behalf": on_behalf})  # fmt: skip


@login_required
def offer(request: HttpRequest, slug: str) -> HttpResponse:
    zone = zone_for(request, slug)
    held = VolunteerOffer.objects.filter(volunteer=request.user, zone=zone).first()
    form = OfferForm(request.POST or None, instance=held or VolunteerOffer(volunteer=request.user,
                                                                           zone=zone))  # fmt: skip
    if request.method == "POST" and form.is_valid():
        services.offer_to_volunteer(form.instance, help_types=form.cleaned_data["help_types"])
        messages.success(
            request,
            _(
                "Thank you for offering. A coordinator will be in touch; for "
                "some kinds of help they will need to see a DBS certificate."
            ),
        )
        return redirect("volunteering:home")
    return render_form(request, "volunteering/offer.html", {"form": form, "zone": zone})


def _coordinated_zone(request: HttpRequest, slug: str) -> Zone:
    zone = get_object_or_404(Zone, slug=slug)
    if not permissions.can_coordinate(request.user, zone):
        raise PermissionDenied
    return zone


@login_required
def coordinate(request: HttpRequest, slug: str) -> HttpResponse:
    zone = _coordinated_zone(request, slug)
    open_visits = Visit.objects.filter(
        match__request__zone=zone, checked_in_at__isnull=False, checked_out_at=None
    ).select_related("match__volunteer", "match__request")
    offers = (
        VolunteerOffer.objects.filter(zone=zone)
        .select_related("volunteer")
        .prefetch_related("help_types", "volunteer__dbs_checks")
    )
    return render(request, "volunteering/coordinate.html", {
        "zone": zone,
        "requests": zone.help_requests.filter(status=RequestStatus.OPEN).select_related("help_type"),
        "matches": Match.objects.filter(request__zone=zone, status=MatchStatus.ACTIVE)
        .select_related("request__help_type", "volunteer"),
        "offers": offers, "expiring": services.expiring_checks(zone),
        "overdue": set(queries.overdue_visits().filter(match__request__zone=zone)
                       .values_list("pk", flat=True)),
        "open_visits": open_visits, "today": timezone.localdate(),
        "new_concerns": zone.concerns.filter(status=ConcernStatus.NEW).count(),
    })  # fmt: skip


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    help_request = get_object_or_404(HelpRequest.objects.select_related("zone", "help_type"), pk=pk)
    if not permissions.can_coordinate(request.user, help_request.zone):
        raise PermissionDenied
    audit.viewed(request, help_request)
    ranked, blocked = services.suggestions(help_request)
    return render(request, "volunteering/request.html", {
        "help_request": help_request, "ranked": ranked, "blocked": blocked,
        "matches": help_request.matches.select_related("volunteer"),
    })  # fmt: skip


@login_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    help_request = get_object_or_404(HelpRequest, pk=pk)
    if not permissions.can_coordinate(request.user, help_request.zone):
        raise PermissionDenied
    chosen = request.POST.get("volunteer", "")
    volunteer = get_object_or_404(User, pk=params.parse_id(chosen) or 0)
    try:
        match = services.confirm_match(help_request, volunteer, request.user)
    except services.MatchRefused as refused:
        messages.error(request, str(refused))
        return redirect(help_request)
    messages.success(request, _("Matched with %(name)s. We have told them.") % {
        "name": volunteer.get_full_name()})  # fmt: skip
    return redirect(match)


@login_required
def record_check(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a DBS certificate the coordinator has seen, for a volunteer offering in their Zone."""
    offered = get_object_or_404(VolunteerOffer.objects.select_related("volunteer", "zone"), pk=pk)
    if not permissions.can_coordinate(request.user, offered.zone):
        raise PermissionDenied
    form = DbsCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = services.record_check(form.instance, volunteer=offered.volunteer, by=request.user)
        messages.success(request, _("%(level)s DBS check recorded for %(name)s.") % {
            "level": check.get_level_display(), "name": offered.volunteer.get_full_name()})  # fmt: skip
        return redirect("volunteering:coordinate", offered.zone.slug)
    return render_form(request, "volunteering/record_check.html", {
        "form": form, "offered": offered,
        "checks": offered.volunteer.dbs_checks.all(),
    })  # fmt: skip


def _match(request: HttpRequest, pk: int) -> Match:
    match = get_object_or_404(
        Match.objects.select_related("request__zone", "request__help_type", "volunteer"), pk=pk
    )
    if not permissions.can_see_match(request.user, match):
        raise PermissionDenied
    return match


@login_required
def match_detail(request: HttpRequest, pk: int) -> HttpResponse:
    match = _match(request, pk)
    coordinator = permissions.can_read_notes_and_concerns(request.user, match.request.zone)
    is_volunteer = match.volunteer_id == request.user.pk
    form = VisitForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST":
        if not is_volunteer:
            raise PermissionDenied
        if form.is_valid():
            services.log_visit(form.instance, match=match)
            messages.success(request, _("Visit logged. Thank you."))
            return redirect(match)
    if coordinator:
        audit.viewed(request, match)
    return render_form(request, "volunteering/match.html", {
        "match": match, "form": form if is_volunteer and match.status == MatchStatus.ACTIVE
        else None, "visits": match.visits.all(), "coordinator": coordinator,
        "is_volunteer": is_volunteer,
        "open_visit": match.visits.filter(checked_in_at__isnull=False, checked_out_at=None).first(),
    })  # fmt: skip


@login_required
@require_POST
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    match = _match(request, pk)
    if match.volunteer_id != request.user.pk:
        raise PermissionDenied
    minutes = params.parse_id(request.POST.get("expected_minutes", "")) or 90
    visit = services.check_in(match, expected_minutes=max(15, min(minutes, 480)))
    messages.success(request, _("Checked in at %(time)s. Remember to check out when you leave.")
                     % {"time": f"{timezone.localtime(visit.checked_in_at):%H:%M}"})  # fmt: skip
    return redirect(match)


@login_required
@require_POST
def check_out(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(Visit.objects.select_related("match"), pk=pk)
    if visit.match.volunteer_id != request.user.pk:
        raise PermissionDenied
    services.check_out(visit, notes=request.POST.get("notes", "")[:5000])
    messages.success(request, ngettext(
        "Checked out after %(n)s minute. Thank you.", "Checked out after %(n)s minutes. Thank you.",
        visit.minutes or 0) % {"n": visit.minutes})  # fmt: skip
    return redirect(visit.match)


@login_required
@require_POST
def end(request: HttpRequest, pk: int) -> HttpResponse:
    match = _match(request, pk)
    if not permissions.can_coordinate(request.user, match.request.zone):
        raise PermissionDenied
    services.end_match(match)
    messages.success(request, _("The match has ended."))
    return redirect("volunteering:coordinate", match.request.zone.slug)


@login_required
def concern_new(request: HttpRequest, slug: str) -> HttpResponse:
    """Raise a concern, from a match or visit page or on its own."""
    zone = zone_for(request, slug)
    match = visit = None
    if request.GET.get("match"):
        match = _match(request, params.parse_id(request.GET["match"]) or 0)
        if match.request.zone_id != zone.pk:
            raise PermissionDenied
        visit = params.object_or_404(match.visits.all(), request.GET.get("visit"))
    form = ConcernForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.raise_concern(by=request.user, zone=zone, match=match, visit=visit,
                               what=form.cleaned_data["what"],
                               urgent=form.cleaned_data["urgent"])  # fmt: skip
        return render(request, "volunteering/concern_sent.html", {"zone": zone})
    return render_form(request, "volunteering/concern_new.html",
                       {"form": form, "zone": zone, "match": match, "visit": visit})  # fmt: skip


@login_required
def concerns(request: HttpRequest, slug: str) -> HttpResponse:
    zone = _coordinated_zone(request, slug)
    return render(request, "volunteering/concerns.html",
                  {"zone": zone, "concerns": zone.concerns.all()})  # fmt: skip


@login_required
def concern_detail(request: HttpRequest, pk: int) -> HttpResponse:
    concern = get_object_or_404(Concern.objects.select_related("zone", "match", "raised_by"), pk=pk)
    if not permissions.can_read_notes_and_concerns(request.user, concern.zone):
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("status") in ConcernStatus.values:
        services.set_concern_status(concern, request.POST["status"], by=request.user)
        messages.success(request, _("Saved."))
        return redirect(concern)
    audit.viewed(request, concern)
    return render(request, "volunteering/concern.html", {
        "concern": concern, "statuses": ConcernStatus.choices,
        "views": audit.events_for(concern)[:50],
    })  # fmt: skip
