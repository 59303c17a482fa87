"""Finding a place by what people call it: a postcode, a Zone, a community place, an area, a
street. Core owns the search; each app registers a finder for what it holds (in its
AppConfig.ready), so core imports no app and a new kind of place needs no change here."""

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

Bounds = tuple[float, float, float, float]  # west, south, east, north


@dataclass(frozen=True)
class Place:
    label: str
    kind: str  # what it is, in words: "Postcode", "Zone", "Community place", ...
    lon: float
    lat: float
    bounds: Bounds | None = None  # when it covers an area, the map shows all of it
    url: str = ""  # a page about it, if there is one

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


Finder = Callable[[str, Any], list[Place]]  # (what was typed, who asks) -> places they may see
_FINDERS: list[tuple[int, str, Finder]] = []


def register(name: str, finder: Finder, *, order: int) -> None:
    """Add a finder; lower `order` comes first in the results (postcodes before names)."""
    _FINDERS[:] = [f for f in _FINDERS if f[1] != name]
    _FINDERS.append((order, name, finder))
    _FINDERS.sort(key=lambda f: (f[0], f[1]))


def find(query: str, user: Any, limit: int = 10) -> list[Place]:
    found: list[Place] = []
    for _order, _name, finder in _FINDERS:
        found += finder(query, user)
        if len(found) >= limit:
            break
    return found[:limit]


def words(query: str) -> list[str]:
    """The words of a query, for name matching (every word must appear)."""
    return [w for w in query.replace(",", " ").split() if w][:6]
