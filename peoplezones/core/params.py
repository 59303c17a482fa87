"""Ids taken from a query string or a form, read one safe way: anything that is not a whole
number a database key can hold (1e309, nan, a date, a quote, a NUL, forty nines, a superscript
digit) names nothing, so a page answers 404 or ignores it, never a server error."""

import re
from collections.abc import Iterable
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

_ID = re.compile(r"[0-9]{1,18}")  # ASCII digits only; 18 fit a 64-bit key
M = TypeVar("M", bound=Model)


def parse_id(value: Any) -> int | None:
    """The id a value names, or None."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and _ID.fullmatch(value):
        return int(value)
    return None


def parse_ids(values: Iterable[Any]) -> set[int]:
    """The ids among several values (a form's ticked boxes); the rest are left out."""
    return {i for i in map(parse_id, values) if i is not None}


def object_or_404(queryset: QuerySet[M], value: Any) -> M | None:
    """None when no id was given; the record it names; 404 when it names none."""
    if value in (None, ""):
        return None
    pk = parse_id(value)
    if pk is None:
        raise Http404
    return get_object_or_404(queryset, pk=pk)
