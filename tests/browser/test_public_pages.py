"""Every public page, on a small phone screen, passes axe with zero WCAG 2.2 AA violations and
makes no request to any other site."""

import pytest

from peoplezones.pages.models import Page
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PATHS = [
    "/",
    "/about/what-is-a-people-zone/",
    "/about/what-happens/",
    "/about/setting-up/",
    "/about/abcd/",
    "/about/privacy/",
    "/about/accessibility/",
    "/about/contact/",
    "/zones/",
    "/apply/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/community/",
    "/community/groups/",
    "/community/certificates/check/",
    "/community/certificates/check/?code=NOSUCHCODE",
    "/privacy/register/",
]


def test_every_public_page_is_accessible_and_self_contained(visit):
    zone = factories.ZoneFactory(name="Braunstone Park", slug="braunstone-park")
    group = factories.make_group(zone, public_contact="Ring Olu on 0116 496 0000")
    event = factories.make_event(zone, group, rrule="FREQ=WEEKLY;COUNT=3", capacity=10)
    full = factories.make_event(zone, title="Full", capacity=0)
    pages = [zone.get_absolute_url(), group.get_absolute_url(), event.get_absolute_url(),
             full.get_absolute_url(), f"/community/?zone={zone.slug}"]  # fmt: skip
    for path in [*PUBLIC_PATHS, *pages]:
        response = visit.page.goto(path)
        assert response is not None and response.status == 200, path
        visit.assert_accessible(path)
    assert visit.third_party == []


def test_video_loads_nothing_from_its_host_until_play_is_pressed(visit):
    page = Page.objects.get(slug="what-is-a-people-zone")
    page.video_title = "Our story"
    page.video_embed_url = "https://www.youtube-nocookie.com/embed/abc123"
    page.video_transcript = "**Narrator:** A People Zone starts with the people who live there."
    page.save()
    # No network here: stand in for the video host so the frame has a document to show.
    visit.page.route(
        "https://www.youtube-nocookie.com/**",
        lambda route: route.fulfill(
            content_type="text/html",
            body='<!DOCTYPE html><html lang="en"><head><title>Video</title></head><body><p>Video</p></body></html>',
        ),
    )
    visit.page.goto(page.get_absolute_url())
    visit.page.get_by_text("Read the transcript").click()
    assert visit.page.get_by_text("starts with the people who live there").is_visible()
    visit.assert_accessible("video page before play")
    assert visit.third_party == []
    visit.page.get_by_role("button", name="Play video").click()
    frame = visit.page.frame_locator("iframe[title='Our story']")
    assert frame.get_by_text("Video").is_visible()
    assert any(
        url.startswith("https://www.youtube-nocookie.com/embed/abc123") for url in visit.third_party
    )
    visit.assert_accessible("video page after play")
