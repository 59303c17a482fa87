"""Coordinators' pages for running their own Zones (programme staff may use them for any Zone)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peoplezones.core import params
from peoplezones.core.forms import render_form
from peoplezones.core.geo import BoundaryError
from peoplezones.geography import queries as area_queries
from peoplezones.geography.models import Postcode, StatisticalArea
from peoplezones.zones import queries, services
from peoplezones.zones.forms import (
    BoundaryForm,
    BoundaryMethod,
    CloseProposalForm,
    InviteForm,
    MeetingProposalForm,
    NewsForm,
    ObjectiveForm,
    ZoneForm,
)
from peoplezones.zones.models import BoundarySource, ProposalStatus
from peoplezones.zones.panels import ZONE_MANAGE
from peoplezones.zones.views.common import managed_zone


@login_required
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    zone = managed_zone(request, slug)
    return render(
        request,
        "zones/manage/overview.html",
        {
            "zone": zone,
            "proposals": queries.ranked_proposals(zone),
            "objectives": queries.objectives_with_actions(zone),
            "partnerships": zone.partnerships.select_related("organisation", "lead"),
            "action_counts": queries.action_counts(zone),
            "stage_changes": zone.stage_changes.select_related("by"),
            "members": zone.members.count(),
            "followers": zone.follows.count(),
            "manage_panels": ZONE_MANAGE.render(request, zone=zone),
            "is_coordinator": zone.coordinators.filter(pk=request.user.pk).exists(),
        },
    )


@login_required
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    zone = managed_zone(request, slug)
    form = ZoneForm(request.POST or None, instance=zone)
    if request.method == "POST" and form.is_valid():
        services.update_zone(zone=zone, actor=request.user, changes=form.cleaned_data)
        messages.success(request, _("Zone details saved."))
        return redirect("zones:manage", slug=zone.slug)
    return render_form(request, "zones/manage/edit.html", {"zone": zone, "form": form})


@login_required
def boundary(request: HttpRequest, slug: str) -> HttpResponse:
    zone = managed_zone(request, slug)
    form = BoundaryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        method = form.cleaned_data["method"]
        try:
            if method == BoundaryMethod.AREAS:
                services.set_boundary_from_areas(
                    zone=zone, codes_text=form.cleaned_data["area_codes"]
                )
            elif method == BoundaryMethod.UPLOAD:
                services.set_boundary_from_geojson(
                    zone=zone, geojson=form.cleaned_data["file"].read()
                )
            else:
                services.set_boundary_from_geojson(
                    zone=zone, geojson=form.cleaned_data["geojson"], drawn=True
                )
        except BoundaryError as error:
            field = {"areas": "area_codes", "upload": "file"}.get(method, "geojson")
            form.add_error(field, str(error))
        else:
            zone.refresh_from_db()
            messages.success(
                request,
                _("Boundary saved: %(area).2f km².") % {"area": zone.boundary_area_km2 or 0},
            )
            return redirect("zones:manage", slug=zone.slug)
    return render_form(request, "zones/manage/boundary.html", {"zone": zone, "form": form})


AREAS_LISTED = 60


@login_required
def boundary_areas(request: HttpRequest, slug: str) -> HttpResponse:
    """Build the boundary from statistical areas (LSOAs, wards or parishes when loaded): found on
    the map or in a searchable list of checkboxes, which keyboard users can use alone; the page
    says live (and after "Check") how many people, which deprivation deciles and how many
    postcodes the areas chosen hold. Every step posts the whole form, so the choice is kept."""
    zone = managed_zone(request, slug)
    data = request.POST if request.method == "POST" else request.GET
    kinds = area_queries.loaded_kinds()
    kind = data.get("kind", "")
    if kind not in dict(kinds):
        kind = kinds[0][0] if kinds else ""
    query = data.get("q", "").strip()[:100]
    if request.method == "POST":
        chosen_codes = [c for c in data.getlist("codes") if services.is_area_code(c)][:500]
    elif zone.boundary_source == BoundarySource.AREAS:
        chosen_codes = zone.boundary_area_codes.split()
    else:
        chosen_codes = []
    chosen_codes = list(dict.fromkeys(chosen_codes))
    chosen = list(StatisticalArea.objects.filter(code__in=chosen_codes))
    chosen.sort(key=lambda a: chosen_codes.index(a.code))
    error = ""
    if data.get("action") == "save":
        try:
            services.set_boundary_from_areas(zone=zone, codes_text=" ".join(chosen_codes))
        except BoundaryError as refused:
            error = str(refused) if chosen_codes else _("Choose at least one area.")
        else:
            messages.success(
                request,
                _(
                    "Boundary saved from %(n)s areas. You can adjust its edges by drawing on "
                    "the map below, then save again."
                )
                % {"n": len(chosen_codes)},
            )
            return redirect("zones:boundary", slug=zone.slug)
    found = _candidate_areas(zone, kind, query) if kind else []
    listed = chosen + [a for a in found if a.code not in set(chosen_codes)][:AREAS_LISTED]
    described = area_queries.facts(listed)
    selection = area_queries.Selection([f for f in described if f.code in set(chosen_codes)])
    shapes = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": f.geometry,
                "properties": {"code": f.code, "name": f.name},
            }
            for f in described
        ],
    }
    return render(
        request,
        "zones/manage/boundary_areas.html",
        {
            "zone": zone, "kinds": kinds, "kind": kind, "query": query, "areas": described,
            "chosen_codes": set(chosen_codes), "selection": selection, "shapes": shapes,
            "error": error, "searched": bool(query), "found_count": len(found),
        },
        status=400 if error else 200,
    )  # fmt: skip


def _candidate_areas(zone: Any, kind: str, query: str) -> list[StatisticalArea]:
    """What to offer: the search's matches; else the areas around the Zone's boundary, or
    around its postcode."""
    if query:
        return list(area_queries.search(query, kind).order_by("name")[: AREAS_LISTED + 1])
    if zone.boundary_bbox:
        west, south, east, north = zone.boundary_bbox
        margin = 0.3 * max(east - west, north - south, 0.005)
        found = area_queries.within(
            [west - margin, south - margin, east + margin, north + margin], kind
        )
        return list(found.order_by("name")[: AREAS_LISTED + 1])
    located = Postcode.objects.filter(postcode=zone.postcode).exclude(lat=None).first()
    if located:
        return list(
            area_queries.near(located.lon, located.lat, kind).order_by("name")[:AREAS_LISTED]
        )
    return []


@login_required
def meeting_proposal(request: HttpRequest, slug: str) -> HttpResponse:
    zone = managed_zone(request, slug)
    form = MeetingProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.propose_objective(zone=zone, proposed_by=request.user, **form.cleaned_data)
        messages.success(request, _("The meeting's proposal is recorded and open for support."))
        return redirect("zones:manage", slug=zone.slug)
    return render_form(request, "zones/manage/meeting_proposal.html", {"zone": zone, "form": form})


@login_required
@require_POST
def proposal_close(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    zone = managed_zone(request, slug)
    proposal = get_object_or_404(zone.proposals, pk=pk, status=ProposalStatus.OPEN)
    form = CloseProposalForm(request.POST)
    if form.is_valid():
        services.close_proposal(proposal=proposal, reason=form.cleaned_data["reason"])
        messages.success(request, _("“%s” is marked as not taken forward.") % proposal.title)
    else:
        messages.error(request, _("Say why the proposal is not being taken forward."))
    return redirect("zones:manage", slug=zone.slug)


@login_required
def objective_new(request: HttpRequest, slug: str) -> HttpResponse:
    zone = managed_zone(request, slug)
    proposal = params.object_or_404(
        zone.proposals.filter(status=ProposalStatus.OPEN),
        request.GET.get("proposal") or request.POST.get("proposal"),
    )
    initial = {}
    if proposal is not None:
        initial = {
            "title": proposal.title,
            "statement": proposal.description,
            "theme": proposal.theme,
            "agreed_at": proposal.meeting,
            "agreed_on": proposal.meeting_date,
        }
    form = ObjectiveForm(request.POST or None, initial=initial, zone=zone)
    if request.method == "POST" and form.is_valid():
        objective = services.publish_objective(
            zone=zone, actor=request.user, fields=form.cleaned_data, proposal=proposal
        )
        messages.success(request, _("Objective published: %s") % objective.title)
        return redirect("zones:manage", slug=zone.slug)
    return render_form(
        request,
        "zones/manage/objective_form.html",
        {"zone": zone, "form": form, "proposal": proposal},
    )


@login_required
def objective_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    zone = managed_zone(request, slug)
    objective = get_object_or_404(zone.objectives, pk=pk)
    form = ObjectiveForm(request.POST or None, instance=objective, zone=zone)
    if request.method == "POST" and form.is_valid():
        services.update_objective(objective=objective, changes=form.cleaned_data)
        messages.success(request, _("Objective saved."))
        return redirect("zones:manage", slug=zone.slug)
    return render_form(
        request,
        "zones/manage/objective_form.html",
        {"zone": zone, "form": form, "objective": objective},
    )


@login_required
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    zone = managed_zone(request, slug)
    form = InviteForm(request.POST or None, zone=zone)
    if request.method == "POST" and form.is_valid():
        try:
            partnership = services.invite_partner(
                zone=zone,
                organisation=form.cleaned_data["organisation"],
                actor=request.user,
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            form.add_error("organisation", error)
        else:
            messages.success(
                request,
                _("%s is invited. Its members have been emailed.") % partnership.organisation,
            )
            return redirect("zones:manage", slug=zone.slug)
    return render_form(request, "zones/manage/invite.html", {"zone": zone, "form": form})


@login_required
def news_new(request: HttpRequest, slug: str) -> HttpResponse:
    zone = managed_zone(request, slug)
    form = NewsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.post_update(zone=zone, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Update posted and sent to followers."))
        return redirect(zone)
    return render_form(request, "zones/manage/news_form.html", {"zone": zone, "form": form})
