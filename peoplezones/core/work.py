"""What needs a person's attention, gathered from every app: each app registers a provider (in its
AppConfig.ready()) that lists the work items it holds for a person; core groups them by urgency
for the dashboard and the weekly digest, and imports no app.

The dashboard is opened far more often than anyone acts, so it keeps each person's queue (in
their language) for CACHE_SECONDS: `shown_queue`. Anything a signed-in person (or an API token)
changes through the site starts every queue afresh (core.middleware.WorkChangedMiddleware), so
acting on an item takes it off at once, for everyone it concerns; what arrives otherwise (a
public form, a finished import, a day passing) shows within CACHE_SECONDS."""

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Urgency(IntEnum):
    NOW = 0
    SOON = 1
    LATER = 2

    @property
    def label(self) -> str:
        return str(URGENCY_LABELS[self])


URGENCY_LABELS = {
    Urgency.NOW: _("Needs you now"),
    Urgency.SOON: _("This week"),
    Urgency.LATER: _("When you can"),
}


@dataclass(frozen=True)
class WorkItem:
    """One thing to do, in words, and the page where it is done. `kind` groups like items ("Requests
    for help waiting for a volunteer"); `where` says which Zone (or what) it is about."""

    kind: str
    text: str
    url: str
    urgency: Urgency
    where: str = ""


# (person) -> the items this app holds for them; nothing for anyone it does not concern.
Provider = Callable[[Any], Iterable[WorkItem]]
_PROVIDERS: dict[str, Provider] = {}


def register(name: str, provider: Provider) -> None:
    _PROVIDERS[name] = provider


def providers() -> dict[str, Provider]:
    return dict(_PROVIDERS)


@dataclass(frozen=True)
class Kind:
    name: str
    items: list[WorkItem]


@dataclass(frozen=True)
class Group:
    urgency: Urgency
    kinds: list[Kind]

    @property
    def count(self) -> int:
        return sum(len(kind.items) for kind in self.kinds)


def queue(person: Any) -> list[Group]:
    """The person's work, most urgent first; within each urgency, kinds in the order apps give
    them. Empty when all is clear."""
    by_urgency: dict[Urgency, dict[str, list[WorkItem]]] = {u: {} for u in Urgency}
    for provider in _PROVIDERS.values():
        for item in provider(person):
            by_urgency[item.urgency].setdefault(str(item.kind), []).append(item)
    return [
        Group(urgency, [Kind(name, items) for name, items in kinds.items()])
        for urgency, kinds in by_urgency.items()
        if kinds
    ]


CACHE_SECONDS = 30
_GENERATION = "pz:work:generation"


def shown_queue(person: Any) -> list[Group]:
    """The person's queue for their dashboard: kept CACHE_SECONDS, until anyone acts (changed)."""
    generation = cache.get(_GENERATION) or "0"
    key = f"pz:work:{generation}:{person.pk}:{get_language()}"
    found = cache.get(key)
    if found is None:
        found = queue(person)
        cache.set(key, found, CACHE_SECONDS)
    return found


def changed() -> None:
    """Someone acted: every kept queue is worked out again at its next showing."""
    cache.set(_GENERATION, uuid.uuid4().hex, None)
