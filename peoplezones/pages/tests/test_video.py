"""The video slot: nothing from the video host until the person presses play."""

import pytest

from peoplezones.pages.models import Page

pytestmark = pytest.mark.django_db


@pytest.fixture
def video_page():
    page = Page.objects.get(slug="what-is-a-people-zone")
    page.video_title = "Our story"
    page.video_embed_url = "https://www.youtube-nocookie.com/embed/abc123"
    page.video_transcript = "Narrator: hello."
    page.save()
    return page


def test_before_play_there_is_no_frame_and_the_policy_forbids_frames(client, video_page):
    response = client.get(video_page.get_absolute_url())
    body = response.content.decode()
    assert "youtube-nocookie.com/embed" not in body
    assert "Play video" in body
    assert "Narrator: hello." in body  # the transcript is always there
    assert "frame-src 'none'" in response["Content-Security-Policy"]


def test_after_play_the_frame_loads_from_that_host_only(client, video_page):
    response = client.get(video_page.get_absolute_url(), {"play": "1"})
    body = response.content.decode()
    assert 'src="https://www.youtube-nocookie.com/embed/abc123?autoplay=1"' in body
    policy = response["Content-Security-Policy"]
    assert "frame-src https://www.youtube-nocookie.com" in policy
    assert "script-src 'self'" in policy


def test_page_without_video_ignores_play(client):
    response = client.get("/about/contact/", {"play": "1"})
    assert "<iframe" not in response.content.decode()
