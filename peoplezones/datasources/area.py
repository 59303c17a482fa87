"""The programme area's definition, read from a TOML file (PZ_AREA_FILE; see areas/*.toml): its
local authorities, police forces and, for each source, where it comes from, under what licence and
how often it is refreshed. Every source has the official publisher's address as its default, so a
definition need only name the places; each problem is named by file, line or key, and refuses
the whole file."""

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from peoplezones.datasources.catalogue import CATALOGUE, Publisher

LA_CODE = r"^[EWSN]0[6789]\d{6}$"


class AreaRefused(ValueError):
    """The definition was not taken; the message names the file and what is wrong."""


@dataclass(frozen=True)
class Source:
    key: str  # "boundaries", "police", "oruk:leicester", ...
    kind: str  # the catalogue entry it follows: "boundaries", "oruk", ...
    title: str
    publisher: Publisher
    url: str
    licence: str
    attribution: str
    refresh_days: int
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Area:
    name: str
    slug: str
    local_authorities: dict[str, str]  # code -> name
    forces: tuple[str, ...]  # police.uk force ids, e.g. "leicestershire"
    police_months: int  # months loaded by setup_area, the latest first
    sources: dict[str, Source]
    path: Path

    @property
    def ordered(self) -> list[Source]:
        """In the order they must load: boundaries before what is placed by them."""
        order = list(CATALOGUE)
        return sorted(self.sources.values(), key=lambda s: (order.index(s.kind), s.key))


def _fail(path: Path, text: str) -> AreaRefused:
    return AreaRefused(f"{path.name}: {text}")


def _expect(path: Path, key: str, value: Any, kind: type | tuple, says: str) -> Any:
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise _fail(path, f"{key}: {says} (found {value!r})")
    return value


def load(path: Path | str | None = None) -> Area:
    path = Path(path or settings.PZ_AREA_FILE)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AreaRefused(f"{path}: no such area file (set PZ_AREA_FILE).") from None
    except UnicodeDecodeError:
        raise _fail(path, "not UTF-8 text.") from None
    except tomllib.TOMLDecodeError as error:
        raise _fail(path, f"not valid TOML: {error}.") from None  # names the line and column
    name = _expect(path, "name", data.get("name"), str, "the area's name is needed")
    slug = _expect(path, "slug", data.get("slug"), str, "a short name of letters and hyphens")
    if not re.fullmatch(r"[a-z0-9-]{2,40}", slug):
        raise _fail(path, f"slug: '{slug}' must be 2-40 lower-case letters, digits or hyphens")
    authorities = _expect(
        path, "local_authorities", data.get("local_authorities"), dict,
        "a table of local authority codes and names, like E06000016 = \"Leicester\"",
    )  # fmt: skip
    if not authorities:
        raise _fail(path, "local_authorities: name at least one local authority")
    for code, label in authorities.items():
        if not re.fullmatch(LA_CODE, code):
            raise _fail(
                path, f"local_authorities.{code}: not a local authority code like E06000016"
            )
        _expect(path, f"local_authorities.{code}", label, str, "the authority's name")
    police = _expect(path, "police", data.get("police", {}), dict, "a table")
    forces = _expect(
        path, "police.forces", police.get("forces"), list, "a list of police.uk force ids"
    )
    for force in forces:
        if not isinstance(force, str) or not re.fullmatch(r"[a-z0-9-]{2,60}", force):
            raise _fail(
                path, f"police.forces: '{force}' is not a police.uk force id like 'leicestershire'"
            )
    months = _expect(path, "police.months", police.get("months", 36), int, "a whole number")
    if not 1 <= months <= 60:
        raise _fail(path, f"police.months: {months} must be between 1 and 60")
    configured = _expect(path, "sources", data.get("sources", {}), dict, "a table of sources")
    sources = {}
    for kind, entry in CATALOGUE.items():
        if entry.repeated:
            feeds = _expect(
                path, f"sources.{kind}", configured.get(kind, {}), dict, "a table of feeds"
            )
            for feed, given in feeds.items():
                if not re.fullmatch(r"[a-z0-9-]{2,40}", feed):
                    raise _fail(
                        path, f"sources.{kind}.{feed}: name feeds with letters, digits, hyphens"
                    )
                source = _source(path, f"{kind}:{feed}", kind, given)
                sources[source.key] = source
        elif configured.get(kind, {}) is not False:
            sources[kind] = _source(path, kind, kind, configured.get(kind, {}))
    for key in configured:
        if key not in CATALOGUE:
            known = ", ".join(CATALOGUE)
            raise _fail(path, f"sources.{key}: no such source (the sources are {known})")
    return Area(
        name=name, slug=slug, local_authorities=dict(authorities), forces=tuple(forces),
        police_months=months, sources=sources, path=path,
    )  # fmt: skip


def _source(path: Path, key: str, kind: str, given: Any) -> Source:
    entry = CATALOGUE[kind]
    at = f"sources.{key.replace(':', '.')}"  # as written in the file
    given = _expect(path, f"{at}", given, dict, "a table")
    known = {"url", "licence", "attribution", "refresh_days", "title", *entry.options}
    for name in given:
        if name not in known:
            raise _fail(
                path,
                f"{at}.{name}: not a setting of this source ({', '.join(sorted(known))})",
            )
    url = given.get("url", entry.url)
    _expect(path, f"{at}.url", url, str, "an http(s) address")
    if url and not url.startswith(("https://", "http://")):
        raise _fail(path, f"{at}.url: '{url}' is not an http(s) address")
    days = _expect(
        path, f"{at}.refresh_days", given.get("refresh_days", entry.refresh_days), int,
        "a whole number of days",
    )  # fmt: skip
    if days < 1:
        raise _fail(path, f"{at}.refresh_days: {days} must be at least 1")
    options = {}
    for name, default in entry.options.items():
        value = given.get(name, default)
        wanted = (int, float) if isinstance(default, float) else type(default)
        says = {str: "text", int: "a whole number", float: "a number"}.get(type(default), "a value")
        _expect(path, f"{at}.{name}", value, wanted, says)
        if isinstance(value, int | float) and value <= 0:
            raise _fail(path, f"{at}.{name}: {value} must be more than 0")
        options[name] = value
    title = given.get("title") or entry.title
    if ":" in key:
        title = f"{title}: {key.split(':', 1)[1]}"
    return Source(
        key=key, kind=kind, title=str(title), publisher=entry.publisher, url=url,
        licence=str(given.get("licence", entry.licence)),
        attribution=str(given.get("attribution", entry.attribution)),
        refresh_days=days, options=options,
    )  # fmt: skip


_LOADED: dict[tuple[str, float], Area] = {}


def current() -> Area:
    """The configured area, read again only when its file changes."""
    path = Path(settings.PZ_AREA_FILE)
    try:
        stamp = path.stat().st_mtime
    except OSError:
        return load(path)  # says the file is missing
    key = (str(path), stamp)
    if key not in _LOADED:
        _LOADED.clear()
        _LOADED[key] = load(path)
    return _LOADED[key]
