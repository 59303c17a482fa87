"""Writes for public pages: installing the standard set and staff edits."""

from pathlib import Path
from typing import Any

from django.db import transaction

from peoplezones.core.models import User
from peoplezones.pages.models import Page

CONTENT_DIR = Path(__file__).parent / "content"


def read_content_file(path: Path) -> dict[str, str]:
    """A content file: `key: value` header lines, a `---` line, then the Markdown body."""
    header, _, body = path.read_text(encoding="utf-8").partition("\n---\n")
    fields = {"slug": path.stem, "body": body.strip()}
    for line in header.splitlines():
        key, _, value = line.partition(":")
        fields[key.strip()] = value.strip()
    return fields


def install_missing_pages(**kwargs: Any) -> int:
    """Create any standard page that does not exist yet; never touch an existing one."""
    created = 0
    existing = set(Page.objects.values_list("slug", flat=True))
    for path in sorted(CONTENT_DIR.glob("*.md")):
        if path.stem in existing:
            continue
        Page.objects.create(**read_content_file(path))
        created += 1
    return created


@transaction.atomic
def update_page(*, page: Page, actor: User, changes: dict[str, Any]) -> Page:
    for field, value in changes.items():
        setattr(page, field, value)
    page.updated_by = actor
    page.full_clean()
    page.save()
    return page
