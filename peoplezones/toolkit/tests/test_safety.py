"""Stored XSS in any field renders inert everywhere it is shown; files are checked and only ever
downloaded."""

from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from peoplezones.toolkit import services
from peoplezones.toolkit.models import MARKDOWN_FIELDS, Attachment, Revision
from peoplezones.toolkit.tests.conftest import client_for
from peoplezones.toolkit.tests.test_moderation import form_data
from tests.factories import TOOLKIT_CONTENT

pytestmark = pytest.mark.django_db

ATTACKS = [
    "<script>alert('xss')</script>",
    '<img src=x onerror="alert(1)">',
    "[click me](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src=https://evil.example></iframe>",
    '<svg onload="alert(1)"></svg>',
    "<style>body{display:none}</style>",
]


class _ActiveContent(HTMLParser):
    """Collects anything in a page that a browser would run or load: script-like elements,
    event-handler attributes and javascript: links. Escaped text is not collected."""

    TAGS = {"script", "iframe", "svg", "style", "object", "embed"}

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        if tag in self.TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} {name}={value}")


def active_content(html: str) -> list[str]:
    parser = _ActiveContent()
    parser.feed(html.split('id="main"', 1)[1])  # the page's own chrome has no user content
    # The site's own scripts are loaded from /static/ only; anything else is the contributor's.
    return [item for item in parser.found if "/static/" not in item]


@pytest.mark.parametrize("attack", ATTACKS)
def test_xss_in_every_text_field_is_inert_on_every_page(attack, people):
    content = {
        **TOOLKIT_CONTENT,
        **{field: f"Before {attack} after" for field in MARKDOWN_FIELDS},
        "title": f"Title {attack}",
        "summary": f"Summary {attack}",
        "people_needed": attack,
        "space_needed": attack,
        "emmie": {"effect": {"summary": attack, "strength": 1}},
    }
    revision = services.propose_option(contributor=people["resident"], content=content)
    staff = client_for(people["staff"])
    pages = [
        staff.get(reverse("toolkit:moderate", args=[revision.pk])),
        client_for(people["resident"]).get(revision.get_absolute_url()),
    ]
    option = services.publish(revision=revision, moderator=people["staff"], lock=revision.lock)
    anonymous = client_for(people["other"])
    pages += [
        anonymous.get(option.get_absolute_url()),
        anonymous.get(reverse("toolkit:list")),
        anonymous.get(reverse("toolkit:list"), {"q": "before"}),
        anonymous.get(reverse("toolkit:version", args=[option.slug, 1])),
        anonymous.get(reverse("toolkit:history", args=[option.slug])),
    ]
    for response in pages:
        assert response.status_code == 200
        html = response.content.decode()
        assert active_content(html) == [], response.request["PATH_INFO"]
        assert "before" in html.lower()  # the text itself is still there, made harmless
    # The feed carries HTML inside XML: once the XML is read, that HTML must be inert too.
    feed = ElementTree.fromstring(anonymous.get(reverse("toolkit:feed")).content)  # noqa: S314 - our own feed, in a test
    # Titles are Atom plain text; summaries are HTML.
    for element in feed.iter("{http://www.w3.org/2005/Atom}summary"):
        assert element.get("type") == "html"
        assert active_content('id="main"' + (element.text or "")) == []


def _post_with_file(client, upload):
    return client.post(
        reverse("toolkit:propose"), {**form_data(), "new_file": upload, "new_file_title": "Leaflet"}
    )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("page.html", b"<html><script>alert(1)</script>", "page.html is not a type we accept"),
        ("fake.pdf", b"<html>not a pdf</html>", "fake.pdf does not look like a PDF file"),
        ("big.pdf", b"%PDF" + b"0" * (5 * 1024 * 1024 + 1), "big.pdf is 5.0 MB"),
        ("binary.txt", b"hello\x00world", "binary.txt is not a text file"),
    ],
)
def test_bad_attachments_are_refused_and_nothing_stored(people, name, data, message):
    response = _post_with_file(client_for(people["resident"]), SimpleUploadedFile(name, data))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Attachment.objects.count() == 0


def test_attachment_is_private_until_published_and_always_downloaded(people):
    upload = SimpleUploadedFile("leaflet.pdf", b"%PDF-1.4 hello")
    assert _post_with_file(client_for(people["resident"]), upload).status_code == 302
    attachment = Attachment.objects.get()
    url = attachment.get_absolute_url()
    assert client_for(people["other"]).get(url).status_code == 404
    own = client_for(people["resident"]).get(url)
    assert own.status_code == 200
    assert own["Content-Disposition"].startswith("attachment;")
    assert own["Content-Type"] == "application/pdf"
    assert "sandbox" in own["Content-Security-Policy"]
    revision = Revision.objects.get()
    services.publish(revision=revision, moderator=people["staff"], lock=revision.lock)
    revision.refresh_from_db()
    assert client_for(people["other"]).get(url).status_code == 200
    page = client_for(people["other"]).get(revision.option.get_absolute_url()).content.decode()
    assert "Leaflet" in page
