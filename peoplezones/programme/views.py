"""The programme's pages for programme staff (the commissioner's office): every Zone side by side
(sortable, on a map, as CSV), and where the next Zone is most needed."""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from peoplezones.core import csvfile
from peoplezones.core.permissions import staff_required
from peoplezones.geography.models import StatisticalArea
from peoplezones.programme import queries, report
from peoplezones.programme import where_next as where
from peoplezones.zones.queries import visible_zones, zones_feature_collection


def _zones(request: HttpRequest) -> list:
    return list(visible_zones(request.user).order_by("name"))


def _next_order(column: queries.Column, sort: str, descending: bool) -> str:
    """What a click on the column's heading sorts by: the sorted column the other way round;
    another column biggest first when it holds numbers, else A to Z."""
    if column.name == sort:
        return "asc" if descending else "desc"
    return "desc" if column.numeric else "asc"


@staff_required
def overview(request: HttpRequest) -> HttpResponse:
    sort = request.GET.get("sort", "")
    sort = sort if sort in queries.BY_NAME else ""
    descending = request.GET.get("order") == "desc"
    rows = queries.table(_zones(request), sort, descending)
    columns = [
        {"column": column, "sorted": column.name == sort,
         "next": _next_order(column, sort, descending)}
        for column in queries.COLUMNS
    ]  # fmt: skip
    context = {"rows": rows, "columns": columns, "sort": sort, "descending": descending}
    return render(request, "programme/overview.html", context)


@staff_required
def overview_csv(request: HttpRequest) -> HttpResponse:
    rows = queries.table(_zones(request))
    header = ["zone", *[str(c.label) for c in queries.COLUMNS]]
    body = [[row.zone.name, *[cell.text for cell in row.cells]] for row in rows]
    stamp = timezone.localdate().isoformat()
    return csvfile.attachment([header, *body], f"people-zones-programme-{stamp}.csv")


@staff_required
def zones_geojson(request: HttpRequest) -> JsonResponse:
    return JsonResponse(zones_feature_collection(visible_zones(request.user)))


SHOWN = 50  # the table and the map show the areas of most need first


@staff_required
def where_next(request: HttpRequest) -> HttpResponse:
    """Where the next Zone is most needed, by the weights chosen on the page."""
    weights = where.weights_from(request.GET)
    found = where.areas(weights)
    context = {
        "areas": found[:SHOWN],
        "total": len(found),
        "measures": [(m, weights[m.name]) for m in where.MEASURES],
        "max_weight": where.MAX_WEIGHT,
        "weights_query": urlencode(weights),
    }
    return render(request, "programme/where_next.html", context)


@staff_required
def where_next_geojson(request: HttpRequest) -> JsonResponse:
    """The areas of most need (shaded by need), every Zone, and each open application's area."""
    found = where.areas(where.weights_from(request.GET))[:SHOWN]
    shapes = dict(
        StatisticalArea.objects.filter(code__in=[a.code for a in found]).values_list(
            "code", "geometry"
        )
    )
    features = [
        {
            "type": "Feature",
            "geometry": shapes[area.code],
            "properties": {"name": f"{area.code} {area.name}", "layer": "area",
                           "shade": area.score, "stage": f"{_('need')} {area.score:.2f}"},
        }
        for area in found
    ]  # fmt: skip
    zones = zones_feature_collection(visible_zones(request.user))
    for feature in zones["features"]:
        feature["properties"]["layer"] = "zone"
    return JsonResponse({"type": "FeatureCollection", "features": features + zones["features"]})


def _report(request: HttpRequest) -> dict:
    quarter = report.parse_quarter(request.GET.get("quarter", "")) or report.latest_quarter()
    return report.build(quarter, _zones(request))


@staff_required
def report_page(request: HttpRequest) -> HttpResponse:
    """The quarterly report to the Police and Crime Panel, for any quarter that has ended."""
    context = _report(request)
    context["quarters"] = report.quarters()
    return render(request, "programme/report.html", context)


@staff_required
def report_pdf(request: HttpRequest) -> HttpResponse:
    context = _report(request)
    response = HttpResponse(report.pdf(context), content_type="application/pdf")
    name = f"people-zones-report-{context['quarter'].slug}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
