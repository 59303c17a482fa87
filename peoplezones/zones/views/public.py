"""Zone pages everyone can read, and what signed-in residents do there: join, propose, support,
follow. Personal data is never shown: people appear as counts, organisations by name."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from peoplezones.core import csvfile
from peoplezones.core.forms import render_form
from peoplezones.core.pagecache import public_page
from peoplezones.zones import indicators, queries, services
from peoplezones.zones.forms import FollowForm, JoinForm, ProposalForm
from peoplezones.zones.models import Follow, ProposalStatus
from peoplezones.zones.panels import ZONE_ACTIONS, ZONE_ASSETS
from peoplezones.zones.permissions import can_add_action, can_manage_zone, is_member
from peoplezones.zones.tasks import UNSUBSCRIBE_SALT
from peoplezones.zones.views.common import zone_for


@public_page
def zone_list(request: HttpRequest) -> HttpResponse:
    return render(request, "zones/list.html", {"zones": queries.public_zones()})


@public_page
def zones_geojson(request: HttpRequest) -> JsonResponse:
    return JsonResponse(queries.zones_feature_collection(queries.public_zones()))


@public_page
def zone_detail(request: HttpRequest, slug: str) -> HttpResponse:
    zone = zone_for(request, slug)
    follow = (
        Follow.objects.filter(zone=zone, user=request.user).first()
        if request.user.is_authenticated
        else None
    )
    objectives = list(queries.objectives_with_actions(zone).select_related("survey"))
    indicators.attach(objectives)
    return render(
        request,
        "zones/detail.html",
        {
            "zone": zone,
            "objectives": objectives,
            "partners_by_type": queries.partners_by_type(zone),
            "news": zone.news.all()[:5],
            "follow": follow,
            "is_member": is_member(request.user, zone),
            "can_manage": can_manage_zone(request.user, zone),
            "can_add_action": can_add_action(request.user, zone),
            "open_proposals": queries.ranked_proposals(zone).count(),
            "indicator_templates": indicators.templates(),
            "loop": queries.loop_closed(zone),
            "small": settings.PZ_SMALL_NUMBER_RECORDS,
            "action_panels": ZONE_ACTIONS.render(request, zone=zone),
            "asset_panels": ZONE_ASSETS.render(request, zone=zone),
        },
    )


@public_page
def zone_geojson(request: HttpRequest, slug: str) -> JsonResponse:
    zone = zone_for(request, slug)
    return JsonResponse(queries.zones_feature_collection(type(zone).objects.filter(pk=zone.pk)))


@public_page
def objective(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    zone = zone_for(request, slug)
    objective = get_object_or_404(zone.objectives.select_related("survey"), pk=pk)
    indicators.attach([objective])
    return render(
        request,
        "zones/objective.html",
        {
            "zone": zone,
            "objective": objective,
            "story": queries.objective_story(objective),
            "indicator_templates": indicators.templates(),
        },
    )


def proposals(request: HttpRequest, slug: str) -> HttpResponse:
    zone = zone_for(request, slug)
    member = is_member(request.user, zone)
    form = ProposalForm(request.POST or None)
    if request.method == "POST":
        if not member:
            return redirect("zones:join", slug=zone.slug)
        if form.is_valid():
            services.propose_objective(zone=zone, proposed_by=request.user, **form.cleaned_data)
            messages.success(
                request, _("Thank you. Your proposal is up for neighbours to support.")
            )
            return redirect("zones:proposals", slug=zone.slug)
    return render_form(
        request,
        "zones/proposals.html",
        {
            "zone": zone,
            "proposals": queries.ranked_proposals(zone),
            "closed": zone.proposals.exclude(status=ProposalStatus.OPEN),
            "supported": queries.supported_ids(zone, request.user),
            "is_member": member,
            "form": form,
        },
    )


@login_required
@require_POST
def support(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    zone = zone_for(request, slug)
    proposal = get_object_or_404(zone.proposals, pk=pk)
    if not is_member(request.user, zone):
        messages.info(
            request, _("Join the Zone first: support is for people connected to the area.")
        )
        return redirect("zones:join", slug=zone.slug)
    try:
        now_supports = services.toggle_support(proposal=proposal, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("You support “%s”.") % proposal.title if now_supports else _("Support withdrawn."),
        )
    return redirect("zones:proposals", slug=zone.slug)


@login_required
def join(request: HttpRequest, slug: str) -> HttpResponse:
    zone = zone_for(request, slug)
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.join_zone(zone=zone, user=request.user, connection=form.cleaned_data["connection"])
        messages.success(
            request,
            _("You have joined %s. You can now propose and support objectives.") % zone.name,
        )
        return redirect("zones:proposals", slug=zone.slug)
    return render_form(request, "zones/join.html", {"zone": zone, "form": form})


@login_required
def follow(request: HttpRequest, slug: str) -> HttpResponse:
    zone = zone_for(request, slug)
    current = Follow.objects.filter(zone=zone, user=request.user).first()
    if request.method == "POST" and request.POST.get("stop"):
        services.unfollow_zone(zone=zone, user=request.user)
        messages.success(request, _("You no longer follow %s.") % zone.name)
        return redirect(zone)
    form = FollowForm(
        request.POST or None, initial={"frequency": current.frequency} if current else None
    )
    if request.method == "POST" and form.is_valid():
        services.follow_zone(zone=zone, user=request.user, frequency=form.cleaned_data["frequency"])
        messages.success(request, _("You follow %s. We will email you its updates.") % zone.name)
        return redirect(zone)
    return render(request, "zones/follow.html", {"zone": zone, "form": form, "current": current})


@csrf_exempt  # the signed token is the credential; mail clients post here for one-click unsubscribe
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return render(request, "zones/unsubscribe.html", {"invalid": True}, status=400)
    follow = (
        Follow.objects.filter(pk=data.get("follow"), user_id=data.get("user"))
        .select_related("zone")
        .first()
    )
    if request.method == "POST" and follow is not None:
        zone_name = follow.zone.name
        services.unfollow_zone(zone=follow.zone, user=follow.user)
        return render(request, "zones/unsubscribe.html", {"done": True, "zone_name": zone_name})
    return render(request, "zones/unsubscribe.html", {"follow": follow})


@public_page
def plan(request: HttpRequest, slug: str) -> HttpResponse:
    zone = zone_for(request, slug)
    return render(
        request,
        "zones/plan.html",
        {
            "zone": zone,
            "objectives": queries.objectives_with_actions(zone),
            "partners_by_type": queries.partners_by_type(zone),
        },
    )


def plan_csv(request: HttpRequest, slug: str) -> HttpResponse:
    zone = zone_for(request, slug)
    fields = [
        "objective",
        "theme",
        "indicator",
        "action",
        "organisation",
        "due",
        "status",
        "latest progress",
    ]
    return csvfile.attachment(
        csvfile.dict_rows(fields, queries.plan_rows(zone)),
        f"{zone.slug}-action-plan.csv",
        bom=True,
    )
