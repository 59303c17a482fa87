"""Public pages are kept briefly for visitors who are not signed in, and only for them."""

import pytest
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def caching(settings):
    settings.PZ_PUBLIC_PAGE_CACHE_SECONDS = 30


def test_a_visitor_gets_the_kept_page_and_a_signed_in_person_a_fresh_one(caching):
    zone = factories.ZoneFactory(name="Braunstone", summary="Old summary", is_published=True)
    first = Client().get(zone.get_absolute_url())
    assert b"Old summary" in first.content
    zone.summary = "New summary"
    zone.save()
    kept = Client().get(zone.get_absolute_url())
    assert b"Old summary" in kept.content  # kept for PZ_PUBLIC_PAGE_CACHE_SECONDS
    assert "unsafe-inline" not in kept["Content-Security-Policy"]  # headers still added
    signed_in = Client()
    signed_in.force_login(factories.UserFactory())
    assert b"New summary" in signed_in.get(zone.get_absolute_url()).content
    assert b"New summary" in Client().get(zone.get_absolute_url() + "?x=1").content


def test_pages_with_a_form_or_for_someone_with_a_message_waiting_are_never_kept(caching, db):
    visitor = Client()
    visitor.get("/apply/")  # a form: its CSRF token is the visitor's own
    other = Client().get("/apply/")
    assert other.cookies.get("csrftoken")  # made afresh, with its own token
    zone = factories.ZoneFactory(summary="Before", is_published=True)
    Client().get(zone.get_absolute_url())
    zone.summary = "After"
    zone.save()
    with_message = Client()
    with_message.cookies["messages"] = "waiting"
    assert b"After" in with_message.get(zone.get_absolute_url()).content


def test_off_by_default_in_development_and_tests(db):
    zone = factories.ZoneFactory(summary="Before", is_published=True)
    Client().get(zone.get_absolute_url())
    zone.summary = "After"
    zone.save()
    assert b"After" in Client().get(zone.get_absolute_url()).content


def test_a_page_whose_time_is_up_is_made_once_while_others_get_the_kept_copy(caching, monkeypatch):
    from peoplezones.core import pagecache

    zone = factories.ZoneFactory(name="Braunstone", summary="Old summary", is_published=True)
    url = zone.get_absolute_url()
    assert b"Old summary" in Client().get(url).content
    zone.summary = "New summary"
    zone.save()
    later = pagecache.time.time() + 31
    monkeypatch.setattr(pagecache.time, "time", lambda: later)  # the kept page's time is up
    # Another request (another process) is making the page now: this one is given the old copy.
    key = pagecache.page_key(url, "en-gb")
    assert pagecache.cache.add(key + ":making", 1, pagecache.REBUILD_SECONDS)
    assert b"Old summary" in Client().get(url).content
    pagecache.cache.delete(key + ":making")
    # Nobody is making it: this request makes it, and everyone after gets the new page.
    assert b"New summary" in Client().get(url).content
    zone.summary = "Newer summary"
    zone.save()
    assert b"New summary" in Client().get(url).content  # fresh again for its 30 seconds
