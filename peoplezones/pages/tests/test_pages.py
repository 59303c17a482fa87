"""Public information pages: present on a fresh install, safe Markdown, staff can edit."""

import pytest
from django.urls import reverse

from peoplezones.pages.models import Page

pytestmark = pytest.mark.django_db

STANDARD = [
    "what-is-a-people-zone",
    "what-happens",
    "setting-up",
    "abcd",
    "privacy",
    "accessibility",
    "contact",
]


@pytest.mark.parametrize("slug", STANDARD)
def test_standard_page_exists_on_a_fresh_install(client, slug):
    response = client.get(reverse("pages:page", args=[slug]))
    assert response.status_code == 200
    assert Page.objects.get(slug=slug).title in response.content.decode()


def test_home_links_to_the_guides_and_the_form(client):
    body = client.get("/").content.decode()
    assert reverse("applications:apply") in body
    assert reverse("pages:page", args=["abcd"]) in body


def test_markdown_is_rendered_without_script_or_raw_html(client):
    page = Page.objects.get(slug="contact")
    page.body = (
        "## Hi\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) <b onclick=x>bold</b>"
    )
    page.save()
    body = client.get(page.get_absolute_url()).content.decode()
    assert "<h2>Hi</h2>" in body
    assert "<script>alert(1)" not in body
    assert "javascript:" not in body
    assert "onclick" not in body


def test_staff_edit_goes_live_and_records_the_editor(staff_client, staff, client):
    url = reverse("pages:staff_edit", args=["contact"])
    response = staff_client.post(
        url, {"title": "Get in touch", "summary": "", "body": "Call us on Mondays."}
    )
    assert response.status_code == 302
    page = Page.objects.get(slug="contact")
    assert page.updated_by == staff
    assert "Call us on Mondays." in client.get(page.get_absolute_url()).content.decode()


def test_staff_edit_refuses_a_tracking_video_address(staff_client):
    url = reverse("pages:staff_edit", args=["contact"])
    response = staff_client.post(
        url,
        {
            "title": "Contact",
            "body": "x",
            "video_embed_url": "https://www.youtube.com/embed/abc",
            "video_transcript": "words",
        },
    )
    assert response.status_code == 200
    assert "privacy-enhanced embed address" in response.content.decode()
    assert Page.objects.get(slug="contact").video_embed_url == ""


def test_video_needs_a_transcript(staff_client):
    url = reverse("pages:staff_edit", args=["contact"])
    response = staff_client.post(
        url,
        {
            "title": "Contact",
            "body": "x",
            "video_embed_url": "https://www.youtube-nocookie.com/embed/abc",
        },
    )
    assert "A video needs a text transcript" in response.content.decode()
