"""Partner agencies' pages: answering an invitation, adding and updating their own actions; and
programme staff's view of which agencies are in which Zones."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peoplezones.core.forms import render_form
from peoplezones.core.permissions import staff_required
from peoplezones.zones import queries, services
from peoplezones.zones.forms import ActionForm, InvitationResponseForm, ProgressForm
from peoplezones.zones.models import Partnership
from peoplezones.zones.permissions import (
    can_add_action,
    can_answer_invitation,
    can_manage_zone,
    can_update_action,
)
from peoplezones.zones.views.common import zone_for


@login_required
def invitation(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = get_object_or_404(
        Partnership.objects.select_related("zone", "organisation"), pk=pk
    )
    if not can_answer_invitation(request.user, partnership):
        raise PermissionDenied
    form = InvitationResponseForm(request.POST or None, organisation=partnership.organisation)
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        try:
            services.respond_to_invitation(
                partnership=partnership,
                actor=request.user,
                accept=accept,
                lead=form.cleaned_data["lead"],
                commitment=form.cleaned_data["commitment"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if accept:
                messages.success(request, _("Welcome to %s's partnership.") % partnership.zone.name)
                return redirect(partnership.zone)
            messages.success(request, _("You have declined the invitation."))
            return redirect("core:dashboard")
    return render_form(request, "zones/invitation.html", {"partnership": partnership, "form": form})


@login_required
def action_new(request: HttpRequest, slug: str) -> HttpResponse:
    zone = zone_for(request, slug)
    if not can_add_action(request.user, zone):
        raise PermissionDenied
    # Partner members act for their own organisation only; coordinators may assign any partner.
    own = request.user.organisation if not can_manage_zone(request.user, zone) else None
    form = ActionForm(request.POST or None, zone=zone, organisation=own)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.create_action(zone=zone, fields=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Action added to the plan: %s") % action.title)
            return redirect(action)
    return render_form(request, "zones/action_form.html", {"zone": zone, "form": form})


def action(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    zone = zone_for(request, slug)
    action = get_object_or_404(zone.actions.select_related("organisation", "objective"), pk=pk)
    can_update = can_update_action(request.user, action)
    form = ProgressForm(initial={"status": action.status}) if can_update else None
    return render(
        request,
        "zones/action.html",
        {
            "zone": zone,
            "action": action,
            "updates": action.updates.all(),
            "form": form,
            "can_update": can_update,
        },
    )


@login_required
@require_POST
def action_progress(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    zone = zone_for(request, slug)
    action = get_object_or_404(zone.actions, pk=pk)
    if not can_update_action(request.user, action):
        raise PermissionDenied
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            services.record_progress(action=action, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Progress posted. Residents can see it on the Zone page."))
            return redirect(action)
    return render(
        request,
        "zones/action.html",
        {
            "zone": zone,
            "action": action,
            "updates": action.updates.all(),
            "form": form,
            "can_update": True,
        },
        status=400,
    )


@staff_required
def partnership_matrix(request: HttpRequest) -> HttpResponse:
    zones, rows = queries.partnership_matrix()
    return render(request, "zones/partnership_matrix.html", {"zones": zones, "rows": rows})
