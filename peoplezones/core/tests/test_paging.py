"""core.paging: one way to show a long list a page at a time."""

from django.test import RequestFactory

from peoplezones.core.paging import page_of


def test_the_page_asked_for_and_the_filters_kept_without_the_page():
    request = RequestFactory().get("/list/", {"q": "café & bar", "tag": ["a", "b"], "page": "2"})
    page, query = page_of(request, list(range(25)), 10)
    assert list(page) == list(range(10, 20))
    assert query == "q=caf%C3%A9+%26+bar&tag=a&tag=b"


def test_anything_but_a_page_number_gives_the_nearest_page():
    for asked, shown in [("0", 3), ("-1", 3), ("nan", 1), ("1e309", 1), ("", 1), ("4", 3)]:
        page, query = page_of(RequestFactory().get("/", {"page": asked}), list(range(25)), 10)
        assert page.number == shown, asked
        assert query == ""
