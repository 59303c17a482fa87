"""An objective's indicator, measured by the app that measures it. Zones owns objectives and
asks this registry; each measuring app (research for survey measures) registers a `Source` from
its AppConfig.ready(), so zones imports none of them."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

Choices = list[tuple[str, list[tuple[str, str]]]]  # [(group, [(value, label), ...]), ...]


@dataclass(frozen=True)
class Source:
    name: str
    kind: str  # the IndicatorKind it measures
    choices: Callable[[Any], Choices]  # (zone) -> what a coordinator may choose, grouped
    attach: Callable[[list[Any]], None]  # sets the measured figure on each objective it measures
    template: str  # how an objective's measured figure is shown (gets `objective`)


_SOURCES: dict[str, Source] = {}


def register(source: Source) -> None:
    _SOURCES[source.name] = source


def sources() -> list[Source]:
    return list(_SOURCES.values())


def choices(zone: Any, kind: str) -> Choices:
    return [group for s in sources() if s.kind == kind for group in s.choices(zone)]


def attach(objectives: Iterable[Any]) -> list[Any]:
    """Measure every objective (each source reads its data once for all of them)."""
    objectives = list(objectives)
    for source in sources():
        source.attach(objectives)
    return objectives


def templates() -> list[str]:
    return [s.template for s in sources()]
