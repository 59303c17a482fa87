"""Asset pages: the map and its accessible list (same filters, same downloads), one asset, adding
and editing, imports with preview and progress, residential points, gap analysis, and the skills
and gifts inventory."""

from typing import Any
from urllib.parse import urlencode

import numpy as np
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peoplezones.assets import exporters, gaps, importers, jobs, queries, services, tasks
from peoplezones.assets.forms import (
    AssetForm,
    FilterForm,
    GapForm,
    ImportForm,
    PointsImportForm,
    SkillOfferForm,
)
from peoplezones.assets.models import (
    Asset,
    Category,
    ImportFormat,
    ImportJob,
    JobStatus,
    PointSet,
    Skill,
    SkillOffer,
)
from peoplezones.assets.permissions import (
    can_edit_asset,
    can_import_points,
    can_manage_assets,
    can_see_gaps,
    can_see_skill_names,
)
from peoplezones.core import audit, csvfile
from peoplezones.core import jobs as background
from peoplezones.core.forms import render_form
from peoplezones.core.pagecache import public_page
from peoplezones.core.paging import page_of, query_without_page
from peoplezones.core.permissions import role_required
from peoplezones.zones.permissions import zones_managed_by
from peoplezones.zones.queries import visible_zones
from peoplezones.zones.views.common import zone_for

PAGE_SIZE = 50
manager_required = role_required(can_manage_assets)


# The map, the list and the downloads share one filter ---------------------------------------------


def _filtered(request: HttpRequest) -> tuple[FilterForm, QuerySet[Asset], dict[str, Any]]:
    form = FilterForm(request.GET or None, zones=visible_zones(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    assets = queries.filter_assets(queries.visible_assets(request.user), filters)
    return form, assets, filters


def _listing_context(
    request: HttpRequest, form: FilterForm, assets: QuerySet[Asset], filters: dict[str, Any]
) -> dict[str, Any]:
    zone = filters.get("zone")
    return {
        "form": form,
        "zone": zone,
        "total": assets.count(),
        "query": query_without_page(request),
        "can_manage": can_manage_assets(request.user),
        "categories": Category.objects.all(),
    }


@public_page
def asset_list(request: HttpRequest) -> HttpResponse:
    form, assets, filters = _filtered(request)
    page, _query = page_of(request, assets.order_by("name", "id"), PAGE_SIZE)
    context = _listing_context(request, form, assets, filters)
    context.update({"page": page, "stale_total": queries.stale_count(assets)})
    return render(request, "assets/list.html", context)


def asset_map(request: HttpRequest) -> HttpResponse:
    form, assets, filters = _filtered(request)
    return render(request, "assets/map.html", _listing_context(request, form, assets, filters))


@public_page
def map_geojson(request: HttpRequest) -> StreamingHttpResponse:
    """The points the map draws: short features, streamed."""
    _form, assets, _filters = _filtered(request)
    return StreamingHttpResponse(
        exporters.map_chunks(assets),
        content_type="application/geo+json",
    )


def _download(
    request: HttpRequest, chunks: Any, content_type: str, extension: str
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="assets.{extension}"'
    return response


def download_geojson(request: HttpRequest) -> StreamingHttpResponse:
    _form, assets, _filters = _filtered(request)
    return _download(
        request,
        exporters.geojson_chunks(assets.iterator(chunk_size=2000)),
        "application/geo+json",
        "geojson",
    )


def download_csv(request: HttpRequest) -> HttpResponse:
    _form, assets, _filters = _filtered(request)
    return csvfile.attachment(
        exporters.csv_rows(assets.iterator(chunk_size=2000)), "assets.csv", stream=True
    )


def download_openreferral(request: HttpRequest) -> HttpResponse:
    _form, assets, _filters = _filtered(request)
    body = exporters.oruk_document(assets)
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = 'attachment; filename="services.openreferral.json"'
    return response


def csv_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(importers.csv_template(), content_type=csvfile.CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="assets-template.csv"'
    return response


def categories(request: HttpRequest) -> HttpResponse:
    return render(request, "assets/categories.html", {"categories": Category.objects.all()})


# One asset ---------------------------------------------------------------------------------------


def _visible_asset(request: HttpRequest, pk: int) -> Asset:
    return get_object_or_404(queries.visible_assets(request.user), pk=pk)


def _editable_asset(request: HttpRequest, pk: int) -> Asset:
    asset = get_object_or_404(Asset, pk=pk)
    if not can_edit_asset(request.user, asset):
        raise PermissionDenied
    return asset


@public_page
def asset_detail(request: HttpRequest, pk: int) -> HttpResponse:
    asset = _visible_asset(request, pk)
    return render(
        request,
        "assets/detail.html",
        {
            "asset": asset,
            "zones": [
                z
                for z in asset.zones.all()
                if z.is_published or can_edit_asset(request.user, asset)
            ],
            "can_edit": can_edit_asset(request.user, asset),
        },
    )


@login_required
@manager_required
def asset_new(request: HttpRequest) -> HttpResponse:
    form = AssetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        asset = form.instance
        services.save_asset(asset=asset, user=request.user, steward_zone=_steward(request, asset))
        messages.success(request, _("%(name)s is on the map.") % {"name": asset.name})
        return redirect(asset)
    return render_form(request, "assets/form.html", {"form": form, "asset": None})


def _steward(request: HttpRequest, asset: Asset) -> Any:
    """A new asset's steward: a managed Zone its point falls in; else, for a coordinator, their
    first Zone (programme staff may leave it with the programme)."""
    inside = services.zones_for_points(np.array([asset.lon]), np.array([asset.lat]))[0]
    zones = list(zones_managed_by(request.user))
    for zone in zones:
        if zone.pk in inside:
            return zone
    return None if request.user.is_programme_staff or not zones else zones[0]


@login_required
def asset_edit(request: HttpRequest, pk: int) -> HttpResponse:
    asset = _editable_asset(request, pk)
    form = AssetForm(request.POST or None, instance=asset)
    if request.method == "POST" and form.is_valid():
        services.save_asset(asset=form.instance, user=request.user)
        messages.success(request, _("Saved."))
        return redirect(asset)
    return render_form(request, "assets/form.html", {"form": form, "asset": asset})


@login_required
@require_POST
def asset_verify(request: HttpRequest, pk: int) -> HttpResponse:
    asset = _editable_asset(request, pk)
    services.verify_asset(asset=asset)
    messages.success(request, _("Marked as checked today."))
    return redirect(asset)


@login_required
def asset_delete(request: HttpRequest, pk: int) -> HttpResponse:
    asset = _editable_asset(request, pk)
    if request.method == "POST":
        services.delete_asset(asset=asset)
        messages.success(request, _("%(name)s was removed.") % {"name": asset.name})
        return redirect("assets:list")
    return render(request, "assets/delete.html", {"asset": asset})


# Imports -----------------------------------------------------------------------------------------


def _own_job(request: HttpRequest, pk: int) -> ImportJob:
    job = get_object_or_404(ImportJob, pk=pk)
    if job.created_by_id != request.user.pk and not request.user.is_programme_staff:
        raise PermissionDenied
    background.settle(job, jobs.KIND)  # its worker died mid-way: the page says so now
    return job


@login_required
@manager_required
def import_start(request: HttpRequest) -> HttpResponse:
    form = ImportForm(
        request.POST or None, request.FILES or None, zones=zones_managed_by(request.user)
    )
    if request.method == "POST" and form.is_valid():
        job = tasks.start_import(
            file=form.cleaned_data["file"], format=form.cleaned_data["format"], by=request.user,
            zone=form.cleaned_data["zone"],
        )  # fmt: skip
        return redirect(job)
    recent = ImportJob.objects.filter(created_by=request.user).exclude(format=ImportFormat.POINTS)[
        :10
    ]
    return render_form(request, "assets/import.html", {"form": form, "recent": recent})


@login_required
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = _own_job(request, pk)
    return render(
        request,
        "assets/import_job.html",
        {
            "job": job,
            "working": job.status in (JobStatus.CHECKING, JobStatus.QUEUED, JobStatus.RUNNING),
            "problem_count": job.result.get("problem_count") or len(job.problems),
        },
    )


@login_required
def import_status(request: HttpRequest, pk: int) -> JsonResponse:
    job = _own_job(request, pk)
    return JsonResponse(
        {
            "status": job.status,
            "label": job.get_status_display(),
            "done": job.rows_done,
            "total": job.rows_total,
            "percent": job.percent,
            "phase": job.phase,
        }
    )


@login_required
@require_POST
def import_run(request: HttpRequest, pk: int) -> HttpResponse:
    job = _own_job(request, pk)
    if not tasks.queue_import(job):
        messages.error(
            request,
            _("This file has already been imported or was refused; upload it again to import it."),
        )
    return redirect(job)


@login_required
@role_required(can_import_points)
def points(request: HttpRequest) -> HttpResponse:
    form = PointsImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = tasks.start_import(
            file=form.cleaned_data["file"], format=ImportFormat.POINTS, by=request.user,
            point_set_name=form.cleaned_data["name"],
        )  # fmt: skip
        return redirect(job)
    return render_form(
        request,
        "assets/points.html",
        {"form": form, "point_sets": PointSet.objects.order_by("-imported_at")},
    )


# Gap analysis ------------------------------------------------------------------------------------


def _gap_zone(request: HttpRequest, slug: str) -> Any:
    if not request.user.is_authenticated:
        raise PermissionDenied
    zone = zone_for(request, slug)
    if not can_see_gaps(request.user, zone):
        raise PermissionDenied
    return zone


def _gap_form(request: HttpRequest) -> GapForm:
    initial = {"category": "food-bank", "distance": settings.PZ_GAP_DISTANCE_M}
    data = request.GET if "category" in request.GET else None
    return GapForm(data, initial=initial)


def _chosen(form: GapForm) -> tuple[Category, int]:
    if form.is_bound and form.is_valid():
        return form.cleaned_data["category"], form.cleaned_data["distance"]
    category = Category.objects.filter(slug="food-bank").first() or Category.objects.first()
    return category, settings.PZ_GAP_DISTANCE_M  # type: ignore[return-value]


@login_required
def gap_analysis(request: HttpRequest, slug: str) -> HttpResponse:
    zone = _gap_zone(request, slug)
    form = _gap_form(request)
    category, distance = _chosen(form)
    points = gaps.zone_points(zone)
    gap = gaps.analyse(zone, category, distance, points)
    overview = gaps.overview(zone, distance, points)
    missing = [g.category.name.lower() for g in overview if not g.asset_count]
    return render(
        request,
        "assets/gaps.html",
        {
            "zone": zone, "form": form, "gap": gap, "overview": overview, "points": points,
            "missing": missing,
            "cells_url": f"{request.path}cells.geojson?{urlencode({'category': category.slug, 'distance': distance})}",
            "assets_url": "/assets/map.geojson?" + urlencode({"zone": zone.slug, "category": category.slug}),
        },
    )  # fmt: skip


@login_required
def gap_cells(request: HttpRequest, slug: str) -> JsonResponse:
    zone = _gap_zone(request, slug)
    category, distance = _chosen(_gap_form(request))
    points = gaps.zone_points(zone)
    gap = gaps.analyse(zone, category, distance, points)
    return JsonResponse(gaps.cells(zone, gap, points))


# Skills and gifts --------------------------------------------------------------------------------


def skills(request: HttpRequest, slug: str) -> HttpResponse:
    zone = zone_for(request, slug)
    counts, people = queries.skill_counts(zone)
    return render(
        request,
        "assets/skills.html",
        {
            "zone": zone, "counts": counts, "people": people,
            "threshold": settings.PZ_SMALL_NUMBER_PEOPLE,
            "can_see_names": can_see_skill_names(request.user, zone),
        },
    )  # fmt: skip


@login_required
def skills_offer(request: HttpRequest, slug: str) -> HttpResponse:
    zone = zone_for(request, slug)
    offer = SkillOffer.objects.filter(zone=zone, user=request.user).first()
    # A survey answer to "what could you offer" arrives as ?skills=cooking&skills=gardening: those
    # are ticked for the person, who still chooses every consent on this page.
    suggested = Skill.objects.filter(slug__in=request.GET.getlist("skills")[:30])
    initial = {"skills": list(suggested)} if offer is None and suggested else None
    form = SkillOfferForm(request.POST or None, instance=offer, initial=initial)
    if request.method == "POST" and form.is_valid():
        details = {k: v for k, v in form.cleaned_data.items() if k != "skills"}
        services.offer_skills(
            user=request.user, zone=zone, skills=form.cleaned_data["skills"], details=details
        )
        messages.success(
            request, _("Thank you. Your offer is saved; you can change or withdraw it at any time.")
        )
        return redirect("assets:skills_mine")
    return render_form(
        request, "assets/skills_offer.html", {"zone": zone, "form": form, "offer": offer}
    )


@login_required
def skills_mine(request: HttpRequest) -> HttpResponse:
    offers = (
        SkillOffer.objects.filter(user=request.user)
        .select_related("zone")
        .prefetch_related("skills")
    )
    return render(request, "assets/skills_mine.html", {"offers": offers})


@login_required
@require_POST
def skills_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_object_or_404(SkillOffer, pk=pk, user=request.user)
    services.withdraw_offer(offer=offer, actor=request.user)
    messages.success(
        request, _("Your offer is withdrawn and deleted. It no longer appears anywhere.")
    )
    return redirect("assets:skills_mine")


@login_required
def skills_people(request: HttpRequest, slug: str) -> HttpResponse:
    zone = zone_for(request, slug)
    if not can_see_skill_names(request.user, zone):
        raise PermissionDenied
    offers = queries.named_offers(zone)
    audit.viewed(request, zone, f"skills offers list ({len(offers)} people)")
    return render(request, "assets/skills_people.html", {"zone": zone, "offers": offers})
