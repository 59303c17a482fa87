"""The base map drawn under every map: streets, parks and place names.

Three ways, chosen by settings:
- any XYZ raster tile source (PZ_MAP_TILE_URL), by default OpenStreetMap's standard tiles, used as
  their tile usage policy asks: attribution shown, the page's origin sent as the referrer, no
  bulk prefetching;
- a PMTiles archive of the area (PZ_MAP_PMTILES), vector or raster, whose tiles this platform
  serves itself (`tile()` below), so no resident's browser talks to another site;
- none ("off"), when maps should draw only their own shapes.
The Content-Security-Policy names exactly the tile host in use (core.middleware)."""

import gzip
import logging
import mmap
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.urls import reverse
from pmtiles.tile import (
    Compression,
    MagicNumberNotFound,
    SpecVersionUnsupported,
    TileType,
    deserialize_directory,
    deserialize_header,
    find_tile,
    zxy_to_tileid,
)

logger = logging.getLogger(__name__)

OFF = "off"
RASTER_TYPES = {
    TileType.PNG: ("png", "image/png"),
    TileType.JPEG: ("jpg", "image/jpeg"),
    TileType.WEBP: ("webp", "image/webp"),
    TileType.AVIF: ("avif", "image/avif"),
}
VECTOR_TYPES = {TileType.MVT: ("mvt", "application/vnd.mapbox-vector-tile")}


class BasemapError(ValueError):
    """The base map is set up wrongly; the message says which setting and what is wrong."""


@dataclass(frozen=True)
class Basemap:
    kind: str  # "raster", "vector", or "" for no base map
    url: str  # the XYZ address template browsers fetch tiles from
    attribution: str
    attribution_url: str
    max_zoom: int  # the deepest zoom the source has tiles for (deeper zooms stretch them)
    host: str  # the tile site's origin, for the Content-Security-Policy; "" if none or ours

    @property
    def self_hosted(self) -> bool:
        return bool(self.kind) and not self.host


NONE = Basemap(kind="", url="", attribution="", attribution_url="", max_zoom=19, host="")


def check_tile_url(url: str) -> str:
    """The tile source's origin, or BasemapError naming what is wrong with the address."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise BasemapError(
            f"PZ_MAP_TILE_URL must be a full http(s) address, like "
            f"https://tile.openstreetmap.org/{{z}}/{{x}}/{{y}}.png (it is {url!r})."
        )
    missing = [p for p in ("{z}", "{x}", "{y}") if p not in url]
    if missing:
        raise BasemapError(
            f"PZ_MAP_TILE_URL must hold {{z}}, {{x}} and {{y}}, where the tile's zoom and "
            f"position go; {', '.join(missing)} missing from {url!r}."
        )
    return f"{parts.scheme}://{parts.netloc}"


class Archive:
    """A PMTiles archive read through memory mapping, its directories kept once read."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            with path.open("rb") as handle:
                self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            self.header: dict[str, Any] = deserialize_header(self._map[0:127])
        except (MagicNumberNotFound, SpecVersionUnsupported):
            raise BasemapError(
                f"PZ_MAP_PMTILES: {path} is not a PMTiles archive of version 3 (its first bytes "
                "are not PMTiles'). Cut one with `pmtiles extract` (docs/maps.md)."
            ) from None
        except Exception as error:  # empty, cut short, unreadable: whatever it is, not usable
            raise BasemapError(
                f"PZ_MAP_PMTILES: {path} could not be read as a PMTiles archive "
                f"({type(error).__name__})."
            ) from None
        needed = max(
            self.header[f"{part}_offset"] + self.header[f"{part}_length"]
            for part in ("root", "metadata", "leaf_directory", "tile_data")
        )
        if needed > len(self._map):
            raise BasemapError(
                f"PZ_MAP_PMTILES: {path} is cut short ({len(self._map):,} of {needed:,} bytes); "
                "copy it again."
            )
        tile_type = self.header["tile_type"]
        if tile_type not in RASTER_TYPES and tile_type not in VECTOR_TYPES:
            raise BasemapError(
                f"PZ_MAP_PMTILES: {path} holds tiles of a kind maps cannot draw "
                f"({tile_type.name}); use vector (MVT) or PNG, JPEG or WebP tiles."
            )
        self._directory = lru_cache(maxsize=256)(self._read_directory)
        try:
            self._directory(self.header["root_offset"], self.header["root_length"])
        except Exception:  # a damaged root directory: no tile could be found
            raise BasemapError(f"PZ_MAP_PMTILES: {path} has a damaged directory.") from None

    @property
    def vector(self) -> bool:
        return self.header["tile_type"] in VECTOR_TYPES

    @property
    def extension(self) -> str:
        return {**RASTER_TYPES, **VECTOR_TYPES}[self.header["tile_type"]][0]

    @property
    def content_type(self) -> str:
        return {**RASTER_TYPES, **VECTOR_TYPES}[self.header["tile_type"]][1]

    def _read_directory(self, offset: int, length: int) -> list:
        return deserialize_directory(self._map[offset : offset + length])

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        """The tile's bytes as stored (compressed as the header says), or None if absent."""
        if not (0 <= z <= 30 and 0 <= x < 2**z and 0 <= y < 2**z):
            return None
        tile_id = zxy_to_tileid(z, x, y)
        offset, length = self.header["root_offset"], self.header["root_length"]
        for _depth in range(4):
            entry = find_tile(self._directory(offset, length), tile_id)
            if entry is None:
                return None
            if entry.run_length == 0:  # a leaf directory
                offset = self.header["leaf_directory_offset"] + entry.offset
                length = entry.length
                continue
            start = self.header["tile_data_offset"] + entry.offset
            return bytes(self._map[start : start + entry.length])
        return None

    @property
    def gzipped(self) -> bool:
        return self.header["tile_compression"] == Compression.GZIP


@lru_cache(maxsize=4)
def _archive(path: str, _modified: float) -> Archive:
    return Archive(Path(path))


def archive() -> Archive | None:
    """The configured PMTiles archive, opened once (again if the file changes)."""
    path = settings.PZ_MAP_PMTILES
    if not path:
        return None
    try:
        modified = os.stat(path).st_mtime
    except OSError:
        raise BasemapError(f"PZ_MAP_PMTILES: {path} cannot be found or read.") from None
    return _archive(path, modified)


def configured() -> Basemap:
    """The base map the settings ask for; BasemapError if they are wrong."""
    found = archive()
    if found is not None:
        url = reverse("core:tile", args=[0, 0, 0, found.extension])
        url = url.replace("/0/0/0.", "/{z}/{x}/{y}.")
        return Basemap(
            kind="vector" if found.vector else "raster",
            url=url,
            attribution=settings.PZ_MAP_TILE_ATTRIBUTION,
            attribution_url=settings.PZ_MAP_TILE_ATTRIBUTION_URL,
            max_zoom=int(found.header["max_zoom"]),
            host="",
        )
    url = settings.PZ_MAP_TILE_URL.strip()
    if not url or url.lower() == OFF:
        return NONE
    return Basemap(
        kind="raster",
        url=url,
        attribution=settings.PZ_MAP_TILE_ATTRIBUTION,
        attribution_url=settings.PZ_MAP_TILE_ATTRIBUTION_URL,
        max_zoom=settings.PZ_MAP_TILE_MAX_ZOOM,
        host=check_tile_url(url),
    )


def current() -> Basemap:
    """The base map pages draw: none (and the problem logged) if the settings are wrong, so a
    mistake there never breaks a page. `manage.py check` names the problem."""
    try:
        return configured()
    except BasemapError as error:
        logger.error("No base map: %s", error)
        return NONE


def tile_body(found: Archive, z: int, x: int, y: int, accepts_gzip: bool) -> tuple[bytes, bool]:
    """(bytes to send, whether they are gzip-encoded): decompressed for a client that cannot
    take gzip."""
    data = found.tile(z, x, y) or b""
    if data and found.gzipped and not accepts_gzip:
        return gzip.decompress(data), False
    return data, bool(data) and found.gzipped


def check_settings(**_kwargs: object) -> list[checks.CheckMessage]:
    """`manage.py check`: the base map's settings, each problem named (maps would otherwise
    quietly draw no base map)."""
    try:
        configured()
    except BasemapError as error:
        return [checks.Error(str(error), id="peoplezones.E101")]
    return []
