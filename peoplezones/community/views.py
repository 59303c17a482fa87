"""Pages for groups and events: public listings and calendars, joining and booking for anyone
signed in, and running groups, events, registers and certificates for organisers, the Zone's
coordinators and programme staff."""

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from peoplezones.community import ical, permissions, services
from peoplezones.community.forms import (
    CalendarFileForm,
    EventForm,
    GroupForm,
    JoinForm,
    MessageForm,
)
from peoplezones.community.models import (
    Booking,
    BookingStatus,
    Certificate,
    Event,
    EventKind,
    Group,
    GroupKind,
    Membership,
    MembershipStatus,
)
from peoplezones.core import params
from peoplezones.core.forms import render_form
from peoplezones.core.notify import site_url
from peoplezones.core.pagecache import public_page
from peoplezones.core.permissions import is_programme_staff
from peoplezones.zones.permissions import zones_managed_by
from peoplezones.zones.queries import visible_zones
from peoplezones.zones.views.common import zone_for

# How far ahead the calendar lists dates.
CALENDAR_DATES = 60


def _visible_events(request: HttpRequest) -> Any:
    zones = visible_zones(request.user)
    return (
        services.upcoming_events()
        .filter(Q(zone__isnull=True) | Q(zone__in=zones))
        .filter(Q(group__isnull=True) | Q(group__is_published=True))
    )


def _dates(events: Any, now: datetime, limit: int = CALENDAR_DATES) -> list[tuple[datetime, Event]]:
    dates = [(when, event) for event in events for when in services.occurrences(event, after=now)]
    return sorted(dates, key=lambda pair: (pair[0], pair[1].title))[:limit]


@public_page
def calendar(request: HttpRequest) -> HttpResponse:
    """What is on: every date to come, grouped by day, for the programme or one Zone."""
    events = _visible_events(request)
    zone = None
    if request.GET.get("zone"):
        zone = get_object_or_404(visible_zones(request.user), slug=request.GET["zone"])
        events = events.filter(zone=zone)
    kind = request.GET.get("kind", "")
    if kind in EventKind.values:
        events = events.filter(kind=kind)
    dates = _dates(events, timezone.now())
    return render(request, "community/calendar.html", {
        "dates": dates, "zone": zone, "kind": kind, "kinds": EventKind.choices,
        "zones": visible_zones(request.user).filter(events__isnull=False).distinct(),
        "can_create": permissions.can_create_any_event(request.user),
    })  # fmt: skip


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event.objects.select_related("zone", "group"), pk=pk)
    if event.zone and not visible_zones(request.user).filter(pk=event.zone_id).exists():
        raise Http404
    now = timezone.now()
    dates = services.occurrences(event)
    mine = {}
    if request.user.is_authenticated:
        mine = {
            b.occurrence: b
            for b in event.bookings.filter(user=request.user).exclude(
                status=BookingStatus.CANCELLED
            )
        }
    rows = [
        {"when": when, "past": when < now, "left": services.places_left(event, when),
         "mine": mine.get(when)}
        for when in (dates[:1] if event.is_training else dates)
    ]  # fmt: skip
    return render(request, "community/event.html", {
        "event": event, "rows": rows, "sessions": dates, "now": now,
        "can_run": permissions.can_run_event(request.user, event),
        "certificate": Certificate.objects.filter(
            booking__event=event, booking__user_id=request.user.pk or 0
        ).first(),
    })  # fmt: skip


@login_required
def event_new(request: HttpRequest) -> HttpResponse:
    """A group's event (?group=slug), or one in a Zone the person runs (staff may also add
    programme-wide events)."""
    if not permissions.can_create_any_event(request.user):
        raise PermissionDenied
    group = None
    if request.GET.get("group"):
        group = get_object_or_404(Group, slug=request.GET["group"])
        if not permissions.can_run_group(request.user, group):
            raise PermissionDenied
    zones = None if group else zones_managed_by(request.user)
    if zones is not None and not zones.exists() and not is_programme_staff(request.user):
        raise PermissionDenied  # an organiser adds events from their group's page
    preselected = zones.filter(slug=request.GET.get("zone", "")).first() if zones else None
    form = EventForm(
        request.POST or None,
        instance=Event(group=group, zone=group.zone if group else None, created_by=request.user),
        zones=zones, zone_required=not is_programme_staff(request.user),
        initial={"zone": preselected},
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        event = services.save_event(form.instance)
        messages.success(request, _("“%(title)s” is on the calendar.") % {"title": event.title})
        return redirect(event)
    return render_form(request, "community/event_form.html", {"form": form, "group": group})


@login_required
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event, pk=pk)
    if not permissions.can_run_event(request.user, event):
        raise PermissionDenied
    was = event.starts
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        services.save_event(form.instance, was=was)
        messages.success(request, _("Saved."))
        return redirect(event)
    return render_form(
        request,
        "community/event_form.html",
        {"form": form, "event": event, "zone": event.zone, "group": event.group},
    )


@login_required
@require_POST
def event_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event, pk=pk)
    if not permissions.can_run_event(request.user, event):
        raise PermissionDenied
    told = services.cancel_event(event)
    messages.success(
        request,
        _(
            "The event is cancelled, and shows so in calendar feeds. %(n)s people with a place or "
            "on the waiting list are told."
        )
        % {"n": told},
    )
    return redirect(event)


@login_required
@require_POST
def book(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event, pk=pk)
    wanted = None
    if request.POST.get("occurrence"):
        try:
            wanted = datetime.fromisoformat(request.POST["occurrence"])
        except ValueError:
            wanted = None
    try:
        booking = services.book(event, request.user, wanted)
    except services.BookingRefused as refused:
        messages.error(request, str(refused))
        return redirect(event)
    if booking.status == BookingStatus.BOOKED:
        messages.success(request, _("You have a place. We have emailed you the details."))
    else:
        messages.info(request, _("It is full, so you are on the waiting list. If a place comes "
                               "free it is yours, and we will email you."))  # fmt: skip
    return redirect(event)


@login_required
@require_POST
def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    booking = get_object_or_404(Booking, pk=pk, user=request.user)
    services.cancel_booking(booking)
    messages.success(request, _("Your place is cancelled. Thank you for letting us know."))
    return redirect(booking.event)


@login_required
def my_bookings(request: HttpRequest) -> HttpResponse:
    bookings = (
        request.user.bookings.exclude(status=BookingStatus.CANCELLED)
        .select_related("event")
        .order_by("occurrence")
    )
    now = timezone.now()
    return render(request, "community/my_bookings.html", {
        "upcoming": [b for b in bookings if b.occurrence >= now],
        "past": [b for b in bookings if b.occurrence < now][::-1],
        "certificates": Certificate.objects.filter(booking__user=request.user)
        .select_related("booking__event"),
    })  # fmt: skip


@login_required
def take_register(request: HttpRequest, pk: int) -> HttpResponse:
    """The register for one session: tick who came. A course's certificates follow."""
    event = get_object_or_404(Event, pk=pk)
    if not permissions.can_run_event(request.user, event):
        raise PermissionDenied
    dates = services.occurrences(event)
    chosen = request.POST.get("session") or request.GET.get("session")
    session = next((d for d in dates if d.isoformat() == chosen), None)
    if session is None:
        past = [d for d in dates if d <= timezone.now()]
        session = past[-1] if past else (dates[0] if dates else None)
    if session is None:
        raise Http404
    people = list(services.register(event, session))
    if request.method == "POST":
        present = params.parse_ids(request.POST.getlist("present"))
        issued = services.take_register(event, session, present, request.user)
        said = _("Register saved: %(came)s of %(n)s came.") % {
            "came": len(present & {b.pk for b in people}), "n": len(people)}  # fmt: skip
        if issued:
            said += " " + ngettext("%(n)s certificate issued.", "%(n)s certificates issued.",
                                   len(issued)) % {"n": len(issued)}  # fmt: skip
        messages.success(request, said)
        return redirect(f"{request.path}?session={session.isoformat()}")
    marks = dict(
        event.bookings.filter(attendance__session=session).values_list("pk", "attendance__present")
    )
    return render(request, "community/register.html", {
        "event": event, "session": session, "dates": dates,
        "people": [(b, marks.get(b.pk)) for b in people],
    })  # fmt: skip


def certificate(request: HttpRequest, code: str) -> HttpResponse:
    """The printable certificate: its holder, the course's organisers and staff. Anyone else
    with the code may check it is genuine on the verification page."""
    found = get_object_or_404(
        Certificate.objects.select_related("booking__event", "booking__user"), code=code.upper()
    )
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if user.pk != found.booking.user_id and not permissions.can_run_event(
        user, found.booking.event
    ):
        raise PermissionDenied
    event = found.booking.event
    return render(request, "community/certificate.html", {
        "certificate": found, "event": event, "sessions": services.sessions(event),
        "verify_url": site_url(f"/community/certificates/check/?code={found.code}"),
    })  # fmt: skip


def certificate_check(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("code", "").strip().upper()
    found = None
    if code:
        found = (
            Certificate.objects.select_related("booking__event", "booking__user")
            .filter(code=code)
            .first()
        )
    return render(request, "community/certificate_check.html", {"code": code, "found": found})


# Groups ------------------------------------------------------------------------------------------


def _visible_groups(request: HttpRequest) -> Any:
    zones = visible_zones(request.user)
    return (
        Group.objects.filter(is_published=True)
        .filter(Q(zone__isnull=True) | Q(zone__in=zones))
        .select_related("zone")
    )


@public_page
def group_list(request: HttpRequest) -> HttpResponse:
    groups = _visible_groups(request)
    zone = None
    if request.GET.get("zone"):
        zone = get_object_or_404(visible_zones(request.user), slug=request.GET["zone"])
        groups = groups.filter(zone=zone)
    kind = request.GET.get("kind", "")
    if kind in GroupKind.values:
        groups = groups.filter(kind=kind)
    return render(request, "community/group_list.html", {
        "groups": groups, "zone": zone, "kind": kind, "kinds": GroupKind.choices,
        "zones": visible_zones(request.user).filter(groups__isnull=False).distinct(),
        "can_create": permissions.can_create_group(request.user),
    })  # fmt: skip


def _group(request: HttpRequest, slug: str) -> Group:
    group = get_object_or_404(Group.objects.select_related("zone", "asset"), slug=slug)
    if permissions.can_run_group(request.user, group):
        return group
    if not group.is_published or (
        group.zone and not visible_zones(request.user).filter(pk=group.zone_id).exists()
    ):
        raise Http404
    return group


def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    group = _group(request, slug)
    membership = None
    if request.user.is_authenticated:
        membership = group.memberships.filter(user=request.user).first()
    now = timezone.now()
    return render(request, "community/group.html", {
        "group": group, "membership": membership,
        "dates": _dates(group.events.filter(cancelled=False), now, limit=10),
        "can_run": permissions.can_run_group(request.user, group),
        "join_form": JoinForm(), "members": group.memberships.filter(
            status=MembershipStatus.MEMBER).count(),
    })  # fmt: skip


def _group_form_zones(request: HttpRequest) -> Any:
    return zones_managed_by(request.user)


@login_required
def group_new(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_group(request.user):
        raise PermissionDenied
    form = GroupForm(request.POST or None, zones=_group_form_zones(request))
    if not is_programme_staff(request.user):
        form.fields["zone"].required = True
    if request.method == "POST" and form.is_valid():
        group = services.save_group(
            form.instance, organisers=form.cleaned_data["organiser_emails"],
            toolkit_options=form.cleaned_data["toolkit_options"],
        )  # fmt: skip
        messages.success(request, _("%(name)s is listed.") % {"name": group.name})
        return redirect(group)
    return render_form(request, "community/group_form.html", {"form": form})


@login_required
def group_edit(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_object_or_404(Group, slug=slug)
    if not permissions.can_run_group(request.user, group):
        raise PermissionDenied
    zones = _group_form_zones(request)
    if group.zone_id and not zones.filter(pk=group.zone_id).exists():
        zones = zones.model.objects.filter(Q(pk__in=zones) | Q(pk=group.zone_id))
    form = GroupForm(request.POST or None, instance=group, zones=zones)
    if request.method == "POST" and form.is_valid():
        services.save_group(
            form.instance, organisers=form.cleaned_data["organiser_emails"],
            toolkit_options=form.cleaned_data["toolkit_options"],
        )  # fmt: skip
        messages.success(request, _("Saved."))
        return redirect(group)
    return render_form(request, "community/group_form.html", {"form": form, "group": group})


@login_required
@require_POST
def group_join(request: HttpRequest, slug: str) -> HttpResponse:
    group = _group(request, slug)
    form = JoinForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    services.ask_to_join(group, request.user, message)
    messages.success(request, _("Your request has gone to the organisers. We will email you "
                              "when they reply."))  # fmt: skip
    return redirect(group)


@login_required
@require_POST
def group_leave(request: HttpRequest, slug: str) -> HttpResponse:
    group = _group(request, slug)
    services.leave_group(group, request.user)
    messages.success(request, _("You have left %(name)s.") % {"name": group.name})
    return redirect(group)


@login_required
def group_members(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_object_or_404(Group, slug=slug)
    if not permissions.can_run_group(request.user, group):
        raise PermissionDenied
    if request.method == "POST":
        chosen = request.POST.get("membership", "")
        membership = get_object_or_404(Membership, pk=params.parse_id(chosen) or 0, group=group)
        decision = request.POST.get("decision")
        if decision == "remove":
            services.remove_member(membership)
        else:
            services.decide(membership, accept=decision == "accept")
        messages.success(request, _("%(name)s: %(status)s.") % {
            "name": membership.user.get_full_name(),
            "status": membership.get_status_display().lower()})  # fmt: skip
        return redirect(request.path)
    memberships = group.memberships.select_related("user").order_by("status", "created_at")
    return render(request, "community/group_members.html", {
        "group": group,
        "requests": [m for m in memberships if m.status == MembershipStatus.REQUESTED],
        "members": [m for m in memberships if m.status == MembershipStatus.MEMBER],
    })  # fmt: skip


@login_required
def group_contact(request: HttpRequest, slug: str) -> HttpResponse:
    group = _group(request, slug)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.message_organisers(group, request.user, form.cleaned_data["body"])
        messages.success(request, _("Your message has gone to the organisers."))
        return redirect(group)
    return render_form(request, "community/group_contact.html", {"form": form, "group": group})


@login_required
def group_messages(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_object_or_404(Group, slug=slug)
    if not permissions.can_run_group(request.user, group):
        raise PermissionDenied
    return render(request, "community/group_messages.html", {
        "group": group, "messages_in": group.messages.select_related("sender")[:200],
    })  # fmt: skip


@login_required
def group_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """Read the group's own calendar now: from a file, or from its address."""
    group = get_object_or_404(Group, slug=slug)
    if not permissions.can_run_group(request.user, group):
        raise PermissionDenied
    form = CalendarFileForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST":
        try:
            if "from_url" in request.POST and group.calendar_url:
                result = ical.import_calendar(group, ical.fetch(group.calendar_url))
            elif form.is_valid():
                data = form.cleaned_data["file"].read(ical.MAX_CALENDAR_BYTES + 1)
                result = ical.import_calendar(group, data)
            else:
                result = None
        except ical.CalendarRefused as refused:
            problems = refused.problems
            result = None
        if result is not None:
            messages.success(request, _(
                "Calendar read: %(new)s new, %(changed)s changed, %(cancelled)s cancelled, "
                "%(unchanged)s unchanged.") % {"new": result.created, "changed": result.updated,
                "cancelled": result.cancelled, "unchanged": result.unchanged})  # fmt: skip
            return redirect(group)
    return render(request, "community/group_calendar.html",
                  {"form": form, "group": group, "problems": problems},
                  status=400 if problems or form.errors else 200)  # fmt: skip


# Calendar feeds ----------------------------------------------------------------------------------


def _ics(events: Any, name: str, filename: str) -> HttpResponse:
    response = HttpResponse(
        ical.feed(list(events), name, site_url("")), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    return response


def programme_ics(request: HttpRequest) -> HttpResponse:
    return _ics(_visible_events(request), "People Zones: events", "people-zones")


def zone_ics(request: HttpRequest, slug: str) -> HttpResponse:
    zone = zone_for(request, slug)
    events = Event.objects.filter(zone=zone).select_related("zone", "group")
    return _ics(events.filter(Q(group__isnull=True) | Q(group__is_published=True)),
                f"{zone.name}: events", zone.slug)  # fmt: skip


def group_ics(request: HttpRequest, slug: str) -> HttpResponse:
    group = _group(request, slug)
    return _ics(group.events.all(), f"{group.name}: events", group.slug)
