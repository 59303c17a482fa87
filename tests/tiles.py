"""Small PMTiles archives made in the tests, so no test fetches tiles from another site: raster
tiles (PNG squares with a grid, coloured by zoom) or vector tiles in the Protomaps basemap's
layers (land, water and a few roads), covering an area around a point at the zooms asked."""

import functools
import gzip
import math
import struct
import zlib
from pathlib import Path

from pmtiles.tile import Compression, TileType, zxy_to_tileid
from pmtiles.writer import Writer

from tests.factories import BRAUNSTONE

ZOOM_COLOURS = [(232, 238, 240), (214, 232, 208), (238, 226, 204), (221, 214, 240)]


def tile_xy(lon: float, lat: float, z: int) -> tuple[int, int]:
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return min(max(x, 0), n - 1), min(max(y, 0), n - 1)


def tile_bounds(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    n = 2**z

    def lat(row: float) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * row / n))))

    return x / n * 360 - 180, lat(y + 1), (x + 1) / n * 360 - 180, lat(y)


@functools.cache
def png(colour: tuple[int, int, int], size: int = 256) -> bytes:
    """A square PNG of one colour with a darker grid line every 32 pixels (plain zlib)."""
    rows = []
    for row in range(size):
        line = bytearray([0])  # filter: none
        for column in range(size):
            on_grid = row % 32 == 0 or column % 32 == 0
            line += bytes(c - 60 if on_grid else c for c in colour)
        rows.append(bytes(line))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 6))
        + chunk(b"IEND", b"")
    )


def _vector_tile(z: int, x: int, y: int) -> bytes:
    """Land everywhere, a lake and two roads, in the Protomaps basemap's layer names."""
    import mapbox_vector_tile

    west, south, east, north = tile_bounds(z, x, y)

    def local(lon: float, lat: float) -> str:
        return f"{(lon - west) / (east - west) * 4096:.0f} {(lat - south) / (north - south) * 4096:.0f}"

    lon0, lat0 = BRAUNSTONE
    corners = [(-0.004, -0.003), (0.002, -0.004), (0.004, 0.002), (-0.003, 0.003), (-0.004, -0.003)]
    lake = ", ".join(local(lon0 + dx, lat0 + dy) for dx, dy in corners)
    east_west = f"LINESTRING ({local(lon0 - 0.03, lat0)}, {local(lon0 + 0.03, lat0)})"
    north_south = f"LINESTRING ({local(lon0, lat0 - 0.02)}, {local(lon0, lat0 + 0.02)})"
    earth = {"geometry": "POLYGON ((0 0, 4096 0, 4096 4096, 0 4096, 0 0))", "properties": {}}
    water = {"geometry": f"POLYGON (({lake}))", "properties": {"kind": "lake"}}
    roads = [
        {"geometry": east_west, "properties": {"kind": "major_road", "name": "Braunstone Way"}},
        {"geometry": north_south, "properties": {"kind": "minor_road", "name": "Hinckley Road"}},
    ]
    layers = [
        {"name": "earth", "features": [earth]},
        {"name": "water", "features": [water]},
        {"name": "roads", "features": roads},
    ]
    return mapbox_vector_tile.encode(layers, default_options={"y_coord_down": False})


def archive(
    path: Path,
    *,
    vector: bool = False,
    centre: tuple[float, float] = BRAUNSTONE,
    zooms: range = range(0, 17),
    radius_km: float = 4.0,
) -> Path:
    """A PMTiles archive of the tiles within `radius_km` of `centre` at each zoom."""
    lon, lat = centre
    d_lat = radius_km / 111.0
    d_lon = radius_km / (111.0 * math.cos(math.radians(lat)))
    tiles = {}
    for z in zooms:
        x0, y0 = tile_xy(lon - d_lon, lat + d_lat, z)
        x1, y1 = tile_xy(lon + d_lon, lat - d_lat, z)
        for x in range(x0, x1 + 1):
            for y in range(y0, y1 + 1):
                if vector:
                    tiles[zxy_to_tileid(z, x, y)] = gzip.compress(_vector_tile(z, x, y), mtime=0)
                else:
                    tiles[zxy_to_tileid(z, x, y)] = png(ZOOM_COLOURS[z % len(ZOOM_COLOURS)])
    with path.open("wb") as handle:
        writer = Writer(handle)
        for tile_id in sorted(tiles):
            writer.write_tile(tile_id, tiles[tile_id])
        writer.finalize(
            {
                "tile_type": TileType.MVT if vector else TileType.PNG,
                "tile_compression": Compression.GZIP if vector else Compression.NONE,
                "min_lon_e7": int((lon - d_lon) * 1e7),
                "min_lat_e7": int((lat - d_lat) * 1e7),
                "max_lon_e7": int((lon + d_lon) * 1e7),
                "max_lat_e7": int((lat + d_lat) * 1e7),
                "center_zoom": 14,
                "center_lon_e7": int(lon * 1e7),
                "center_lat_e7": int(lat * 1e7),
            },
            {"attribution": "Test tiles", "vector_layers": []},
        )
    return path
