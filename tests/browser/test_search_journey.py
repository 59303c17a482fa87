"""One search box for the whole site: a resident types a misspelt need into the header's box,
sees what matches grouped by kind with counts, moves between the groups by keyboard and opens
an event; the same search works with JavaScript off (the page is the same HTML either way: axe
checks it, the event and one kind's whole list with JavaScript on)."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NEED = "somewhere warm for my eldery nan to meet people"
EVENT = "Knit and natter in the library"


def _world() -> None:
    call_command("import_toolkit", verbosity=0)
    zone = factories.ZoneFactory(name="Braunstone Park", slug="braunstone-park")
    factories.make_event(
        zone, title=EVENT, rrule="FREQ=WEEKLY;COUNT=10", booking_required=False,
        description="A warm room, tea and company for older neighbours. Bring wool or just "
        "come for a chat.", where="Braunstone Library",
    )  # fmt: skip
    factories.make_group(zone, name="Park walkers", slug="park-walkers",
                         description="A gentle walk for anyone, at the pace of the slowest.")  # fmt: skip
    factories.make_asset(name="Braunstone Library", description="Books, computers and a warm "
                         "place to sit, with tea on Tuesdays.")  # fmt: skip


def test_a_misspelt_need_in_the_header_box_finds_an_event(new_visit):
    _world()
    resident = new_visit()
    page = resident.page
    page.goto("/")
    box = page.get_by_role("searchbox", name="Search People Zones")
    box.fill(NEED)
    box.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")
    expect(page.get_by_role("status").first).to_contain_text(re.compile(r"\d+ results for"))
    expect(page.get_by_text(re.compile("“eldery” as “[a-z /]*elderly"))).to_be_visible()
    kinds = page.get_by_role("navigation", name="Results by kind")
    expect(kinds.get_by_role("link", name=re.compile(r"Events and courses \(1\)"))).to_be_visible()
    expect(kinds.get_by_role("link", name=re.compile(r"Tool Kit options \(\d+\)"))).to_be_visible()
    # Each group is a region headed by its kind and count.
    for name in ("Tool Kit options", "Places and services", "Events and courses"):
        expect(page.get_by_role("region", name=re.compile(name))).to_be_visible()
    resident.assert_accessible("the site search's results")

    # By keyboard: the jump link to the events, then into the group and the event.
    kinds.get_by_role("link", name=re.compile("Events and courses")).focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#results-event$"))
    events = page.get_by_role("region", name=re.compile("Events and courses"))
    link = events.get_by_role("link", name=EVENT)
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(EVENT)
    resident.assert_accessible("the event found")

    # One kind, page by page: the whole list of places and services.
    page.go_back()
    page.get_by_role("link", name=re.compile(r"^All \d+ in Tool Kit options")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Search: Tool Kit options")
    resident.assert_accessible("one kind of result")


def test_the_same_search_works_without_javascript(browser, live_server):
    _world()
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, java_script_enabled=False
    )
    page = context.new_page()
    page.goto("/toolkit/")
    box = page.get_by_role("searchbox", name="Search People Zones")
    box.fill(NEED)
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q="))
    kinds = page.get_by_role("navigation", name="Results by kind")
    expect(kinds.get_by_role("link", name=re.compile(r"Events and courses \(1\)"))).to_be_visible()
    events = page.get_by_role("region", name=re.compile("Events and courses"))
    events.get_by_role("link", name=EVENT).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(EVENT)
    context.close()
