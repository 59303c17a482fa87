"""What `setup_area --dry-run` says each source would fetch, and roughly how big, asking the
publishers only for counts and sizes (nothing is downloaded or stored)."""

import math

from peoplezones.core import fetch
from peoplezones.datasources.client import SourceFailed
from peoplezones.datasources.sources import (
    CODES_PER_NOMIS,
    CODES_PER_QUERY,
    Context,
    lookup_where,
    police_plan,
    tiles_of,
)
from peoplezones.geography.pip import LsoaIndex

KB = 1000


def _size(ctx: Context, url: str) -> str:
    """The file's size from its first byte's answer (Content-Range), without downloading it."""
    try:
        got = ctx.client.retrying(  # one paced, retried request for one byte
            lambda: fetch.fetch(url, max_bytes=1_000_000, timeout=ctx.client.timeout,
                                headers={"Range": "bytes=0-0"}),
            url,
        )  # fmt: skip
    except SourceFailed as failed:
        return f"size not known ({failed})"
    return f"{got.total / 1e6:,.1f} MB" if got.total else "size not given by the publisher"


def _count(ctx: Context) -> int:
    data = ctx.client.get_json(ctx.source.options["lookup_url"], {
        "where": lookup_where(ctx), "returnCountOnly": "true", "f": "json"})  # fmt: skip
    return int(data.get("count", 0)) if isinstance(data, dict) else 0


def describe(ctx: Context) -> tuple[str, str]:
    """(what would be fetched, roughly how big)."""
    kind, url = ctx.source.kind, ctx.source.url
    if kind in ("boundaries", "wards"):
        n = _count(ctx)
        requests = math.ceil(n / CODES_PER_QUERY)
        what = "LSOA boundaries" if kind == "boundaries" else "wards of the LSOAs"
        return (f"{n:,} lookup rows, then {what} in about {requests:,} requests",
                f"about {n * 30 * KB / 1e6:,.0f} MB" if kind == "boundaries" else "a few MB")  # fmt: skip
    if kind == "populations":
        return (f"LSOA populations in one request per {CODES_PER_NOMIS} LSOAs", "under 1 MB")
    if kind in ("deprivation", "postcodes", "osm"):
        if not url:
            return ("nothing: no address is set", "")
        return (f"{url.rsplit('/', 1)[-1]}", _size(ctx, url))
    if kind == "police":
        _force, wanted, todo = police_plan(ctx)
        months = f"{len(todo)} of {len(wanted)} months still to load ({', '.join(todo[:3])}" + (
            "...)" if len(todo) > 3 else ")"
        )
        index = LsoaIndex.from_database()
        if not len(index):
            return (months, "one request per tile of the area a month, once boundaries are loaded")
        tiles = len(tiles_of(index, float(ctx.source.options["tile_degrees"])))
        requests = len(todo) * (2 * tiles + 1)
        per_second = float(ctx.source.options["requests_per_second"]) or 1.0
        return (f"{months}, {tiles} tile{'s' if tiles != 1 else ''} a month",
                f"about {requests:,} requests, {requests / per_second / 60:,.0f} min or more at "
                f"{per_second:g} a second")  # fmt: skip
    if kind == "oruk":
        data = ctx.client.get_json(
            f"{url.rstrip('/')}/services", {"page": 1, "per_page": ctx.source.options["per_page"]}
        )
        pages = data.get("total_pages", "?") if isinstance(data, dict) else "?"
        items = data.get("total_items", "?") if isinstance(data, dict) else "?"
        return (f"{items} services in {pages} pages", "about 2 KB a service")
    return ("", "")
