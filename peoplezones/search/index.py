"""Reading the index: the entries loaded into an in-memory ``Engine``, kept for as long as the
index is unchanged, and the answers built from it.

Whether the index has changed is the count and the sum of the entries' random tokens: any write
anywhere changes them, in the asking transaction's own view, so a change is seen at once inside
the transaction that made it and a rolled-back change is forgotten. Outside a transaction a
process asks at most once a second (its own writes at once); a large index is reloaded by a
thread while the one held goes on answering. What is shown is always read back from the
database, so an entry removed meanwhile is never shown.
"""

import threading
import time
from dataclasses import dataclass, field

import numpy as np
from django.db import connection
from django.db.models import Count, QuerySet, Sum

from peoplezones.search import embedding, engine, registry
from peoplezones.search.models import Entry

# How many of each kind the grouped results show before "show all".
PER_KIND = 5
# More than a person would read: beyond this a list asks them to narrow the search.
MAX_RESULTS = 200


@dataclass
class Loaded:
    fingerprint: tuple[int, int]
    engine: engine.Engine
    entry_ids: np.ndarray


# From this many entries, a process that finds the index changed goes on answering from the one
# it holds (a few seconds behind) while a thread loads the new one (about 2 s at 30,000):
# results are read back from the database, so nothing deleted or made private is ever shown.
BACKGROUND_FROM = 5000

# Outside a transaction, a process asks whether the index has changed at most this often (the
# question reads every entry's token: 20 ms at 30,000 on PostgreSQL): another process's change
# shows within a second, this process's own at once.
CHECK_EVERY = 1.0

_lock = threading.Lock()
_loaded: Loaded | None = None
_loading = False
_checked_at = 0.0
_changed_here = False


def changed() -> None:
    """This process wrote to the index (services call it): the next search looks again."""
    global _changed_here  # read by current()
    _changed_here = True


def fingerprint() -> tuple[int, int]:
    row = Entry.objects.aggregate(count=Count("id"), tokens=Sum("token"))
    return int(row["count"]), int(row["tokens"] or 0)


def current() -> Loaded:
    """The engine for the index as it stands now, built again only when it has changed."""
    global _loaded, _checked_at, _changed_here  # one engine per process, replaced whole
    loaded = _loaded
    now = time.monotonic()
    if (
        loaded is not None
        and not _changed_here
        and not _in_transaction()
        and now - _checked_at < CHECK_EVERY
    ):
        return loaded
    seen = fingerprint()
    _checked_at, _changed_here = now, False
    if loaded is not None and loaded.fingerprint == seen:
        return loaded
    if loaded is not None and loaded.engine.size >= BACKGROUND_FROM and not _in_transaction():
        _load_in_background()
        return loaded
    with _lock:
        if _loaded is not None and _loaded.fingerprint == seen:
            return _loaded
        _loaded = _build(seen)
        return _loaded


def _in_transaction() -> bool:
    # Inside a transaction (a test, a service) the change must be seen at once.
    return not connection.get_autocommit()


def _load_in_background() -> None:
    global _loading  # one loader per process at a time
    with _lock:
        if _loading:
            return
        _loading = True

    def load() -> None:
        global _loaded, _loading  # replaced whole when ready
        try:
            built = _build(fingerprint())
            with _lock:
                _loaded = built
        finally:
            _loading = False
            connection.close()  # this thread's own connection

    threading.Thread(target=load, name="search-index", daemon=True).start()


def _build(seen: tuple[int, int]) -> Loaded:
    rows = Entry.objects.order_by("id").values_list(
        "id", "kind", "object_id", "terms", "words", "vector"
    )
    docs, ids = [], []
    for entry_id, kind, object_id, terms, words, vector in rows.iterator(chunk_size=2000):
        ids.append(entry_id)
        docs.append(
            engine.Doc(
                kind=kind,
                key=object_id,
                terms=terms.split(),
                words=set(words.split()),
                vector=embedding.unpack(bytes(vector)),
            )
        )
    built = engine.Engine(docs, known_words=embedding.vocabulary())
    return Loaded(fingerprint=seen, engine=built, entry_ids=np.asarray(ids, dtype=np.int64))


def rank(
    kind: str, query: str, allowed: set[int] | None = None, limit: int = MAX_RESULTS
) -> list[int]:
    """Primary keys of the ``kind`` objects matching ``query``, best first (only those in
    ``allowed``, if given)."""
    loaded = current()
    found = loaded.engine
    among = None
    if allowed is not None:
        among = np.isin(found.keys, np.fromiter(allowed, dtype=np.int64))
    result = found.score(found.analyse(query))
    return found.keys[result.best(found.of_kind(kind), among=among, limit=limit)].tolist()


@dataclass
class Group:
    """One kind's part of the answer: how many match, and the best of them."""

    key: str
    label: str
    count: int
    entries: list[Entry] = field(default_factory=list)


@dataclass
class Answer:
    groups: list[Group]
    corrections: list[tuple[str, str]]

    @property
    def total(self) -> int:
        return sum(group.count for group in self.groups)


def search(query: str, limit: int = PER_KIND) -> Answer:
    """Everything the public may find for ``query``, grouped by kind in the registry's order:
    each kind's count and its best ``limit`` entries."""
    loaded = current()
    found = loaded.engine
    analysed = found.analyse(query)
    result = found.score(analysed)
    groups, wanted = [], {}
    for registered in registry.kinds():
        ranked = result.best(found.of_kind(registered.key))
        if not len(ranked):
            continue
        shown = loaded.entry_ids[ranked[:limit]].tolist()
        wanted.update(dict.fromkeys(shown))
        groups.append((registered, len(ranked), shown))
    entries = _shown().in_bulk(list(wanted))
    return Answer(
        groups=[
            Group(
                key=registered.key,
                label=str(registered.label),
                count=count,
                entries=[entries[pk] for pk in shown if pk in entries],
            )
            for registered, count, shown in groups
        ],
        corrections=analysed.corrections,
    )


def search_kind(query: str, kind: str) -> tuple[list[int], list[tuple[str, str]]]:
    """The entries of one kind matching ``query``, best first (their ids, for a paginator),
    and how misspelt words were read."""
    loaded = current()
    found = loaded.engine
    analysed = found.analyse(query)
    ranked = found.score(analysed).best(found.of_kind(kind))
    return loaded.entry_ids[ranked].tolist(), analysed.corrections


def _shown() -> QuerySet[Entry]:
    # What a result shows: the terms and vectors stay in the database.
    return Entry.objects.only("id", "kind", "title", "summary", "detail", "url")


def entries(ids: list[int]) -> list[Entry]:
    by_id = _shown().in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]
