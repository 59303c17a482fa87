"""The programme view for programme staff (the commissioner's office): every Zone side by side,
sortable, on a map, and as CSV."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from peoplezones.core import csvfile
from peoplezones.core.permissions import staff_required
from peoplezones.programme import queries
from peoplezones.zones.queries import visible_zones, zones_feature_collection


def _zones(request: HttpRequest) -> list:
    return list(visible_zones(request.user).order_by("name"))


@staff_required
def overview(request: HttpRequest) -> HttpResponse:
    sort = request.GET.get("sort", "")
    sort = sort if sort in queries.BY_NAME else ""
    descending = request.GET.get("order") == "desc"
    rows = queries.table(_zones(request), sort, descending)
    columns = [
        {
            "column": column,
            "sorted": column.name == sort,
            # The next click reverses the order of the column already sorted.
            "next": "asc" if column.name == sort and descending else "desc"
            if column.name == sort or column.numeric else "asc",
        }
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
