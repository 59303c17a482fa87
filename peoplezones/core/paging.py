"""Long lists shown a page at a time, one way everywhere: `?page=N` (anything else, or a page
past the end, gives the nearest page) and links that keep the list's other filters. The links are
drawn by core/includes/pages.html."""

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def page_of(request: HttpRequest, items: Any, size: int) -> tuple[Page, str]:
    """The page of `items` (ordered) the request asks for, and the request's query string without
    its page, for the page links."""
    page = Paginator(items, size).get_page(request.GET.get("page"))
    return page, query_without_page(request)


def query_without_page(request: HttpRequest) -> str:
    """The request's filters as a query string, its page left out (for links to other pages, or
    to the same list shown another way)."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
