"""What needs a person's attention, gathered from every app: each app registers a provider (in its
AppConfig.ready()) that lists the work items it holds for a person; core groups them by urgency
for the dashboard and the weekly digest, and imports no app."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

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
