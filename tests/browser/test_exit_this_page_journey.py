"""A resident on a sensitive page leaves in a hurry: Shift three times (or the button) covers the
page and replaces it with an ordinary site, so Back does not return to it; axe finds nothing."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ELSEWHERE = "https://weather.example/"


def test_shift_three_times_or_the_button_leaves_and_back_does_not_return(visit, settings):
    settings.PZ_QUICK_EXIT_URL = ELSEWHERE
    page = visit.page
    page.route(f"{ELSEWHERE}**", lambda route: route.fulfill(
        status=200, content_type="text/html",
        body="<!DOCTYPE html><html lang='en'><title>Weather</title><h1>Weather</h1></html>"))  # fmt: skip
    page.goto("/")
    expect(page.get_by_role("button", name="Emergency Exit this page")).to_have_count(0)
    page.goto("/apply/")
    exit_button = page.get_by_role("button", name="Emergency Exit this page")
    expect(exit_button).to_be_visible()
    visit.assert_accessible("the apply form with Exit this page")

    page.get_by_label("Your name").fill("Someone who must not be seen here")
    page.keyboard.press("Shift")
    expect(page.locator("[data-exit-this-page-status]")).to_have_text(
        "Shift, press 2 more times to exit."
    )
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    expect(page).to_have_url(ELSEWHERE)
    page.go_back()
    expect(page).to_have_url(re.compile(r"/$"))  # the home page: the form is not in the history
    assert "/apply/" not in page.url

    page.goto("/apply/")
    page.get_by_role("button", name="Emergency Exit this page").click()
    expect(page).to_have_url(ELSEWHERE)
    assert all(url.startswith(ELSEWHERE) for url in visit.third_party)
