"""Every write to the search index: one thing after it changes (``refresh``, called by the
registry's signal handlers and by imports that write in bulk), or every thing of some kinds
(``rebuild``)."""

import secrets
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation

from peoplezones.search import embedding, engine, registry
from peoplezones.search.models import Entry

BATCH = 500
# Bounds of what a thing may put in its entry (hostile or runaway text is cut, not refused).
MAX_TITLE, MAX_DETAIL, MAX_URL, MAX_TEXT = 300, 300, 500, 20_000
# Below 2**40 so that the sum over millions of entries stays inside a 64-bit integer on SQLite.
TOKEN_BITS = 40


def _entries(kind: registry.Kind, objects: Sequence[Any]) -> list[Entry]:
    # The index is in the site's own language, whatever the language of the request that
    # changed the thing (dates and labels in its text included).
    with translation.override(settings.LANGUAGE_CODE):
        documents = [kind.describe(obj) for obj in objects]
    prepared = [
        engine.prepare(doc.title[:MAX_TITLE], doc.summary[:MAX_TEXT], doc.body[:MAX_TEXT])
        for doc in documents
    ]
    vectors = embedding.embed([meaning for _terms, _words, meaning in prepared])
    return [
        Entry(
            kind=kind.key,
            object_id=obj.pk,
            title=doc.title[:MAX_TITLE],
            summary=doc.summary[:MAX_TEXT],
            detail=doc.detail[:MAX_DETAIL],
            url=doc.url[:MAX_URL],
            terms=" ".join(terms),
            words=" ".join(sorted(words)),
            vector=vector.astype(embedding.DTYPE).tobytes(),
            token=secrets.randbits(TOKEN_BITS),
        )
        for obj, doc, (terms, words, _m), vector in zip(
            objects, documents, prepared, vectors, strict=True
        )
    ]


def _store(kind: registry.Kind, objects: Sequence[Any]) -> None:
    Entry.objects.bulk_create(
        _entries(kind, objects),
        update_conflicts=True,
        unique_fields=["kind", "object_id"],
        update_fields=["title", "summary", "detail", "url", "terms", "words", "vector", "token",
                       "updated_at"],
    )  # fmt: skip


@transaction.atomic
def refresh(key: str, pks: Iterable[int | None]) -> None:
    """Bring the entries of these objects in step: stored if the public may see them, removed
    if not (or if they are gone)."""
    kind = registry.kind(key)
    wanted = sorted({pk for pk in pks if pk is not None})
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]
        objects = list(kind.public().filter(pk__in=chunk))
        found = {obj.pk for obj in objects}
        gone = [pk for pk in chunk if pk not in found]
        if gone:
            Entry.objects.filter(kind=key, object_id__in=gone).delete()
        if objects:
            _store(kind, objects)


@transaction.atomic
def rebuild(
    keys: Iterable[str] | None = None, progress: Callable[[str, int, int], None] | None = None
) -> dict[str, int]:
    """Every entry of these kinds (all, by default) written afresh; returns how many of each."""
    done: dict[str, int] = {}
    for kind in registry.kinds():
        if keys is not None and kind.key not in keys:
            continue
        Entry.objects.filter(kind=kind.key).delete()
        public = kind.public().order_by("pk")
        total = public.count()
        stored = 0
        batch: list[Any] = []
        for obj in public.iterator(chunk_size=BATCH):
            batch.append(obj)
            if len(batch) == BATCH:
                _store(kind, batch)
                stored += len(batch)
                batch = []
                if progress:
                    progress(kind.key, stored, total)
        if batch:
            _store(kind, batch)
            stored += len(batch)
        if progress:
            progress(kind.key, stored, total)
        done[kind.key] = stored
    return done


def build_if_empty(using: str = "default", **kwargs: Any) -> None:
    """After migrating: an empty index over a database that has things to find is built."""
    if using != "default" or Entry.objects.exists():
        return
    if any(kind.public().exists() for kind in registry.kinds()):
        rebuild()
