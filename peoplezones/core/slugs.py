"""Names that must be unique: the first free one of base, base-2, base-3, ..."""

from collections.abc import Callable, Collection

from django.db.models import QuerySet
from django.utils.text import slugify


def first_free(base: str, taken: Callable[[str], bool], sep: str = "-") -> str:
    candidate, n = base, 2
    while taken(candidate):
        candidate, n = f"{base}{sep}{n}", n + 1
    return candidate


def unique_slug(
    text: str,
    queryset: QuerySet,
    *,
    fallback: str,
    max_length: int,
    reserved: Collection[str] = (),
) -> str:
    """A slug of `text` no row of `queryset` has (nor a reserved word a URL already uses)."""
    base = slugify(text)[:max_length] or fallback
    return first_free(base, lambda s: s in reserved or queryset.filter(slug=s).exists())
