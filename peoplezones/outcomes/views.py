"""Outcomes pages: each Zone's trend and comparison, all Zones side by side, the CSV download.
Public, with small counts suppressed; the programme team loads the police files."""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render

from peoplezones.core import csvfile
from peoplezones.core import jobs as background
from peoplezones.core.forms import render_form
from peoplezones.core.pagecache import public_page
from peoplezones.core.permissions import is_programme_staff, role_required, staff_required
from peoplezones.outcomes import disclosure, jobs, queries
from peoplezones.outcomes.forms import DemandUploadForm, UploadForm
from peoplezones.outcomes.models import Batch, BatchKind, Upload
from peoplezones.outcomes.permissions import can_send_demand
from peoplezones.outcomes.police import ASB
from peoplezones.outcomes.tasks import start_upload
from peoplezones.zones.queries import visible_zones
from peoplezones.zones.views.common import zone_for

CHART_HEIGHT = 100
WITHHELD = "withheld"  # a 12-month figure of the CSV with a hidden month in it (disclosure.py)


def _blank(value: float | None, layout: str = "{}") -> str:
    return "" if value is None else layout.format(value)


def _category(request: HttpRequest, zone: Any) -> tuple[str, list[tuple[str, str]]]:
    choices = queries.category_choices(zone)
    wanted = request.GET.get("category", "")
    return (wanted if wanted in dict(choices) else ""), choices


def _bars(series: queries.Series) -> list[dict[str, Any]]:
    """Bar positions for the chart, in a 10-unit-wide slot per month."""
    top = max(series.counts or [0]) or 1
    bars = []
    for i, (month, shown) in enumerate(zip(series.months, series.shown, strict=True)):
        height = round(CHART_HEIGHT * shown / top, 2)
        bars.append({"x": i * 10 + 1, "y": CHART_HEIGHT - height, "height": height, "month": month,
                     "after": bool(series.launch and month >= series.launch)})  # fmt: skip
    return bars


@public_page
def zone_outcomes(request: HttpRequest, slug: str) -> HttpResponse:
    zone = zone_for(request, slug)
    category, choices = _category(request, zone)
    series = queries.zone_series(zone, category)
    outcomes, outcomes_last = queries.outcomes_recorded(zone)
    launch_x = next(
        (i * 10 for i, m in enumerate(series.months) if series.launch and m >= series.launch), None
    )
    return render(
        request,
        "outcomes/zone.html",
        {
            "zone": zone, "series": series, "category": category, "choices": queries.grouped(choices),
            "demand_type": queries.demand_type(category),
            "outcomes": outcomes, "outcomes_last": outcomes_last,
            "bars": _bars(series), "launch_x": launch_x, "chart_width": 10 * len(series.months),
            "comparison": queries.cached_compare(zone, category),
            "before": series.mean(after=False), "after": series.mean(after=True),
            "means_withheld": series.means_withheld,
            "threshold": settings.PZ_SMALL_NUMBER_RECORDS,
        },
    )  # fmt: skip


def zone_csv(request: HttpRequest, slug: str) -> HttpResponse:
    zone = zone_for(request, slug)
    category, _choices = _category(request, zone)
    series = queries.zone_series(zone, category)
    header = [
        "zone",
        "category",
        "month",
        "count",
        "rolling_12_months",
        "rolling_12_months_per_1000",
    ]
    rows = [
        [
            zone.slug, series.label, f"{row['month']:%Y-%m}",
            f"<{settings.PZ_SMALL_NUMBER_RECORDS}" if row["hidden"] else row["count"],
            WITHHELD if row["rolling_withheld"] else _blank(row["rolling"]),
            WITHHELD if row["rolling_withheld"] else _blank(row["rolling_rate"], "{:.1f}"),
        ]
        for row in series.rows
    ]  # fmt: skip
    return csvfile.attachment([header, *rows], f"{zone.slug}-outcomes.csv")


def programme(request: HttpRequest) -> HttpResponse:
    """Every Zone side by side: the last 12 months against the 12 before, crime and ASB."""
    latest = queries.latest_month()
    zones = list(visible_zones(request.user).order_by("name"))
    by_category = {
        category: queries.zones_series(zones, category, months=24, last=latest)
        for category in ("crime", ASB)
    }
    rows = []
    for zone in zones:
        figures = []
        for category in ("crime", ASB):
            series = by_category[category][zone.pk]
            # The 12 months to the latest, and the 12 before only when all of them are loaded;
            # each withheld (None) when a month of it is hidden (disclosure.py).
            last = disclosure.total(series.counts[-12:])
            before = disclosure.total(series.counts[-24:-12]) if len(series.counts) == 24 else 0
            figures.append({
                "last": last, "rate": series.rate(last) if last is not None else None,
                "change": round(100 * (last - before) / before)
                if before and last is not None else None,
            })  # fmt: skip
        rows.append({"zone": zone, "figures": figures, "population": series.population})
    return render(
        request,
        "outcomes/programme.html",
        {
            "rows": rows,
            "latest": latest,
            "threshold": settings.PZ_SMALL_NUMBER_RECORDS,
        },
    )


# Loading police data (programme staff) -------------------------------------------------------------


@staff_required
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = start_upload(file=form.cleaned_data["file"], by=request.user)
        return redirect("outcomes:upload_job", pk=job.pk)
    return render_form(
        request,
        "outcomes/upload.html",
        {
            "form": form,
            "uploads": Upload.objects.filter(kind="police").select_related("created_by")[:10],
            "batches": Batch.objects.exclude(kind=BatchKind.DEMAND).select_related("force")[:60],
        },
    )


def _own_upload(request: HttpRequest, pk: int) -> Upload:
    job = get_object_or_404(Upload, pk=pk)
    if not is_programme_staff(request.user) and job.created_by_id != request.user.pk:
        raise PermissionDenied
    background.settle(job, jobs.KIND)  # its worker died mid-way: the page says so now
    return job


@role_required(can_send_demand)
def demand_upload(request: HttpRequest) -> HttpResponse:
    staff = is_programme_staff(request.user)
    own = "" if staff else request.user.organisation.name
    form = DemandUploadForm(request.POST or None, request.FILES or None, agency=own)
    if request.method == "POST" and form.is_valid():
        job = start_upload(
            file=form.cleaned_data["file"], by=request.user, kind="demand",
            agency=own or form.cleaned_data["agency"], demand_type=form.cleaned_data["demand_type"],
        )  # fmt: skip
        return redirect("outcomes:upload_job", pk=job.pk)
    batches = Batch.objects.filter(kind=BatchKind.DEMAND)
    uploads = Upload.objects.filter(kind="demand").select_related("created_by")
    if not staff:
        batches = batches.filter(agency=own)
        uploads = uploads.filter(created_by=request.user)
    return render_form(
        request,
        "outcomes/demand_upload.html",
        {"form": form, "uploads": uploads[:10], "batches": batches[:60]},
    )


@role_required(can_send_demand)
def upload_job(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "outcomes/upload_job.html", {"job": _own_upload(request, pk)})


@role_required(can_send_demand)
def upload_status(request: HttpRequest, pk: int) -> JsonResponse:
    job = _own_upload(request, pk)
    return JsonResponse(
        {
            "status": job.status,
            "label": job.phase or job.get_status_display(),
            "done": job.files_done,
            "total": job.files_total,
            "percent": job.percent,
        }
    )
