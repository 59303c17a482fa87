"""The site's public pages (about, how it works, privacy...) in the site's search."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from peoplezones.pages.models import Page
from peoplezones.search import registry


def public() -> QuerySet[Page]:
    return Page.objects.all()


def describe(page: Page) -> registry.Document:
    return registry.Document(
        title=page.title, url=page.get_absolute_url(), summary=page.summary, body=page.body
    )


def register() -> None:
    registry.register(
        registry.Kind(
            key="page", label=_("Pages"), model=Page, public=public, describe=describe, order=60
        )
    )
