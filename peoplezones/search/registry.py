"""What can be found: each app registers its kinds of public thing here (in its
AppConfig.ready()); search imports no app.

A kind says which of its objects anyone may see (``public``), how one reads as a search result
(``describe``), and which other models' changes change what its entries say or whether they
are public (``follows``). Search keeps its index in step through Django's signals, in the same
transaction as the change, so a rolled-back change leaves the index as it was.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models.signals import post_delete, post_save


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


def register(kind: Kind) -> None:
    """Called from an app's ready(): the kind can be found from now on, and its entries follow
    every save and delete of its model (and of the models it follows)."""
    _KINDS[kind.key] = kind
    _connect(kind.model, kind.key, lambda instance: [instance.pk])
    for model, affected in kind.follows:
        _connect(model, kind.key, affected)


def kinds() -> list[Kind]:
    return sorted(_KINDS.values(), key=lambda kind: (kind.order, kind.key))


def kind(key: str) -> Kind:
    return _KINDS[key]


_connected: set[tuple[str, str]] = set()


def _connect(model: type[models.Model], key: str, affected: Callable[[Any], Iterable[int]]) -> None:
    uid = f"search:{key}:{model._meta.label}"
    if (key, model._meta.label) in _connected:
        return
    _connected.add((key, model._meta.label))

    def changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
        if raw:  # loading a fixture: the whole index is rebuilt afterwards
            return
        from peoplezones.search import services

        services.refresh(key, list(affected(instance)))

    post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid)
