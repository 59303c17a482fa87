"""What can be found: each app registers its kinds of public thing here (in its
AppConfig.ready()); search imports no app.

A kind says which of its objects anyone may see (``public``), how one reads as a search result
(``describe``), and which other models' changes change what its entries say or whether they
are public (``follows``). ``services`` keeps the index in step through Django's signals, in the
same transaction as the change, so a rolled-back change leaves the index as it was.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models


@dataclass(frozen=True)
class Document:
    """How one thing reads in the index and in results."""

    title: str
    url: str
    summary: str = ""
    body: str = ""  # searched and embedded, never shown
    detail: str = ""  # shown under the title: when, where, which Zone


@dataclass(frozen=True)
class Kind:
    key: str  # "event"
    label: Any  # the group's heading, lazily translated: "Events"
    model: type[models.Model]
    public: Callable[[], models.QuerySet]  # every object anyone may find
    describe: Callable[[Any], Document]
    order: int = 100
    # (another model, its instance -> primary keys of ours whose entries it changes)
    follows: tuple[tuple[type[models.Model], Callable[[Any], Iterable[int]]], ...] = ()


_KINDS: dict[str, Kind] = {}


# Called with each kind as it registers (``services`` keeps the index in step through them).
_listeners: list[Callable[[Kind], None]] = []


def register(kind: Kind) -> None:
    """Called from an app's ready(): the kind can be found from now on, and its entries follow
    every save and delete of its model (and of the models it follows)."""
    _KINDS[kind.key] = kind
    for listener in _listeners:
        listener(kind)


def on_register(listener: Callable[[Kind], None]) -> None:
    _listeners.append(listener)
    for kind in _KINDS.values():
        listener(kind)


def kinds() -> list[Kind]:
    return sorted(_KINDS.values(), key=lambda kind: (kind.order, kind.key))


def kind(key: str) -> Kind:
    return _KINDS[key]
