"""Every write to the search index: one thing after it changes (``refresh``, called by the
signal handlers below for every registered kind, and by imports that write in bulk), or every
thing of some kinds (``rebuild``)."""

import secrets
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.urls import NoReverseMatch
from django.utils import translation

from peoplezones.search import embedding, engine, index, registry, tasks
from peoplezones.search.models import Entry
from peoplezones.search.vectors import TOKEN_BITS

BATCH = 500
# At most this many things at once are embedded while their change is saved (about 30 ms each);
# a larger import stores its entries at once (found by their words) and a task embeds them.
INLINE = 50
MEANING_CHARS = 2000
# Bounds of what a thing may put in its entry (hostile or runaway text is cut, not refused).
MAX_TITLE, MAX_DETAIL, MAX_URL, MAX_TEXT = 300, 300, 500, 20_000


def _held(key: str, pks: Iterable[int]) -> dict[int, tuple[str, bytes]]:
    """What the index holds for these objects: the text the model read and its vector."""
    rows = Entry.objects.filter(kind=key, object_id__in=list(pks)).exclude(vector=b"")
    return {pk: (meaning, bytes(vector)) for pk, meaning, vector in
            rows.values_list("object_id", "meaning", "vector")}  # fmt: skip


def _entries(kind: registry.Kind, objects: Sequence[Any], embed: bool = True) -> list[Entry]:
    # The index is in the site's own language, whatever the language of the request that
    # changed the thing (dates and labels in its text included).
    with translation.override(settings.LANGUAGE_CODE):
        described = [(obj, _describe(kind, obj)) for obj in objects]
    objects = [obj for obj, doc in described if doc is not None]
    documents = [doc for _obj, doc in described if doc is not None]
    prepared = [
        engine.prepare(doc.title[:MAX_TITLE], doc.summary[:MAX_TEXT], doc.body[:MAX_TEXT])
        for doc in documents
    ]
    meanings = [meaning[:MEANING_CHARS] for _terms, _words, meaning in prepared]
    # A vector is worked out only when the text the model reads has changed (a booking or a
    # publication leaves it as it was).
    held = _held(kind.key, [obj.pk for obj in objects])
    vectors: list[bytes] = [
        held[obj.pk][1] if obj.pk in held and held[obj.pk][0] == meaning else b""
        for obj, meaning in zip(objects, meanings, strict=True)
    ]
    todo = [i for i, vector in enumerate(vectors) if not vector]
    if embed and todo:
        for i, vector in zip(todo, embedding.embed([meanings[i] for i in todo]), strict=True):
            vectors[i] = embedding.pack(vector)
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
            meaning=meaning,
            vector=vector,
            token=secrets.randbits(TOKEN_BITS),
        )
        for obj, doc, (terms, words, _m), meaning, vector in zip(
            objects, documents, prepared, meanings, vectors, strict=True
        )
    ]


def _describe(kind: registry.Kind, obj: Any) -> registry.Document | None:
    """The object as a result, or None if it has no page to link to yet (nothing to find)."""
    try:
        return kind.describe(obj)
    except NoReverseMatch:
        return None


def _store(kind: registry.Kind, objects: Sequence[Any], embed: bool = True) -> None:
    index.changed()
    Entry.objects.bulk_create(
        _entries(kind, objects, embed),
        update_conflicts=True,
        unique_fields=["kind", "object_id"],
        update_fields=["title", "summary", "detail", "url", "terms", "words", "meaning",
                       "vector", "token", "updated_at"],
    )  # fmt: skip


@transaction.atomic
def refresh(key: str, pks: Iterable[int | None]) -> None:
    """Bring the entries of these objects in step: stored if the public may see them, removed
    if not (or if they are gone)."""
    kind = registry.kind(key)
    wanted = sorted({pk for pk in pks if pk is not None})
    embed_now = len(wanted) <= INLINE
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]
        objects = list(kind.public().filter(pk__in=chunk))
        found = {obj.pk for obj in objects}
        gone = [pk for pk in chunk if pk not in found]
        if gone:
            index.changed()
            Entry.objects.filter(kind=key, object_id__in=gone).delete()
        if objects:
            _store(kind, objects, embed=embed_now)
    if not embed_now:
        transaction.on_commit(lambda: tasks.embed_missing.enqueue())


@transaction.atomic
def rebuild(
    keys: Iterable[str] | None = None, progress: Callable[[str, int, int], None] | None = None
) -> dict[str, int]:
    """Every entry of these kinds (all, by default) written afresh; returns how many of each."""
    done: dict[str, int] = {}
    for kind in registry.kinds():
        if keys is not None and kind.key not in keys:
            continue
        public = kind.public().order_by("pk")
        total = public.count()
        stored: list[int] = []
        batch: list[Any] = []
        for obj in public.iterator(chunk_size=BATCH):
            batch.append(obj)
            if len(batch) == BATCH:
                _store(kind, batch)
                stored += [o.pk for o in batch]
                batch = []
                if progress:
                    progress(kind.key, len(stored), total)
        if batch:
            _store(kind, batch)
            stored += [o.pk for o in batch]
        # What is no longer public (or no longer there) leaves; what is kept its vector.
        kept = set(stored)
        gone = [pk for pk in Entry.objects.filter(kind=kind.key).values_list("object_id", flat=True)
                if pk not in kept]  # fmt: skip
        index.changed()
        for start in range(0, len(gone), BATCH):
            Entry.objects.filter(kind=kind.key, object_id__in=gone[start : start + BATCH]).delete()
        if progress:
            progress(kind.key, len(stored), total)
        done[kind.key] = len(stored)
    return done


def build_if_empty(using: str = "default", **kwargs: Any) -> None:
    """After migrating: an empty index over a database that has things to find is built."""
    if using != "default" or Entry.objects.exists():
        return
    if any(kind.public().exists() for kind in registry.kinds()):
        rebuild()


def _follow(kind: registry.Kind) -> None:
    """Keep a registered kind's entries in step with saves and deletes of its model and of the
    models it follows."""
    _connect(kind.model, kind.key, lambda instance: [instance.pk])
    for model, affected in kind.follows:
        _connect(model, kind.key, affected)


def _connect(model: type[models.Model], key: str, affected: Callable[[Any], Iterable[int]]) -> None:
    uid = f"search:{key}:{model._meta.label}"

    def changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
        if raw:  # loading a fixture: the index is built afterwards (rebuild_search_index)
            return
        refresh(key, list(affected(instance)))

    post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid)


registry.on_register(_follow)
