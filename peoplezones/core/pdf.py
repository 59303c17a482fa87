"""Reports as PDFs (WeasyPrint): a page's template with its own print stylesheet, fetching nothing."""

from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string


def _no_fetching(url: str, *_args: Any, **_kwargs: Any) -> dict:
    """A report needs nothing from elsewhere (its charts are inline SVG, its stylesheet given):
    WeasyPrint is never let fetch a URL, whatever a Zone's name or a note might hold."""
    raise ValueError(f"the report fetches nothing ({url[:60]})")


def render_pdf(template: str, context: dict[str, Any], stylesheet: str) -> bytes:
    """`template` rendered with `context` as an A4 PDF styled by the static file `stylesheet`."""
    # Loaded only for a PDF: WeasyPrint and its text libraries are heavy to import.
    from weasyprint import CSS, HTML

    html = render_to_string(template, context)
    css = CSS(filename=finders.find(stylesheet), url_fetcher=_no_fetching)
    document = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=_no_fetching)
    return document.write_pdf(stylesheets=[css])
