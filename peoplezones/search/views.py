"""One search box for the whole site: everything the public may find, grouped by kind."""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from peoplezones.core.paging import page_of
from peoplezones.search import index, registry

# What a person types is cut to this: no need is longer, and the page repeats it back.
MAX_QUERY = 200
PER_PAGE = 20


def results(request: HttpRequest) -> HttpResponse:
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY]
    kinds = {kind.key: kind for kind in registry.kinds()}
    only = request.GET.get("kind", "")
    only = only if only in kinds else ""
    base = {"search_query": query, "only": only, "corrections": [], "answer": None}
    if query and only:
        ids, corrections = index.search_kind(query, only)
        page, _asked = page_of(request, ids, PER_PAGE)
        found = {
            "page": page, "entries": index.entries(list(page.object_list)),
            "page_query": urlencode({"q": query, "kind": only}),  # as cleaned, for the links
            "corrections": corrections, "kind_label": kinds[only].label, "count": len(ids),
        }  # fmt: skip
    elif query:
        answer = index.search(query)
        found = {"answer": answer, "corrections": answer.corrections}
    else:
        found = {}
    return render(request, "search/results.html", {**base, **found})
