"""Each kind of source: what it would fetch (for --dry-run) and how it fetches and loads, through
the importers that already check and store each kind of data (geography, outcomes, assets).

A source fetches everything first and then loads in one transaction, so a failure at any point
leaves the database as it was before that source. What was loaded has a digest: when the
publisher sends the very same data again, nothing is loaded and the run says "no change"."""

import csv
import hashlib
import io
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from django.db import transaction

from peoplezones.assets.importers import FileRefused, read_openreferral, read_osm_pbf
from peoplezones.assets.services import sync_feed
from peoplezones.core import fetch
from peoplezones.datasources.area import Area, Source
from peoplezones.datasources.client import Client, SourceFailed
from peoplezones.geography.models import AreaKind, StatisticalArea
from peoplezones.geography.pip import LsoaIndex
from peoplezones.geography.postcodes import PostcodeImportError, load_zip
from peoplezones.geography.services import AreaImportError, import_areas, import_profiles
from peoplezones.outcomes.models import Batch, BatchKind
from peoplezones.outcomes.police import (
    CATEGORY_NAMES,
    OUTCOME_COLUMNS,
    STREET_COLUMNS,
    Refused,
)
from peoplezones.outcomes.services import import_police

OSM_ID = re.compile(r"\b(node|way|relation)/\d+")
MAX_ARCGIS_PAGES = 500
CODES_PER_QUERY = 100  # codes in one ArcGIS "IN (...)" clause, well inside its URL limit
CODES_PER_NOMIS = 400
MIN_TILE = 0.005  # degrees: a police.uk tile is not split below this (about 500 m)
LA_COLUMN = "local authority district code"  # Indices of Deprivation files, 2019 and 2025


@dataclass
class Context:
    area: Area
    source: Source
    client: Client
    folder: Path  # this source's downloads, kept between runs
    last_digest: str  # of what the last successful run loaded
    report: Callable[[str, int, int], None]  # (stage, done, total: 0 when not known)


@dataclass
class Outcome:
    rows: int
    changed: str
    digest: str = ""
    version: str = ""
    unchanged: bool = False
    problems: list[str] | None = None


def _fail(ctx: Context, text: str) -> SourceFailed:
    return SourceFailed(f"{ctx.source.title}: {text}")


def _digest(*parts: bytes | str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
    return digest.hexdigest()


def _unchanged(ctx: Context, digest: str, rows: int | None = None, version: str = "") -> Outcome:
    return Outcome(rows=rows or 0, changed="no change at the source", digest=digest,
                   version=version, unchanged=True)  # fmt: skip


# ONS Open Geography Portal: ArcGIS feature services ---------------------------------------------


def _arcgis_pages(ctx: Context, url: str, params: dict[str, Any]) -> Iterator[list[dict]]:
    """Each page of features, asked for by offset until the service says there are no more."""
    offset, size = 0, int(ctx.source.options.get("page_size", 2000))
    for _page in range(MAX_ARCGIS_PAGES):
        data = ctx.client.get_json(
            url, {**params, "resultOffset": offset, "resultRecordCount": size}
        )
        if isinstance(data, dict) and isinstance(data.get("error"), dict):
            error = data["error"]
            raise _fail(
                ctx,
                f"the publisher refused the query: {str(error.get('message', ''))[:200]} "
                f"(code {error.get('code')}). A field it names may have been renamed: check "
                "the source's settings in the area file. Nothing was changed.",
            )
        features = data.get("features") if isinstance(data, dict) else None
        if not isinstance(features, list):
            raise _fail(ctx, "the answer is not a list of features. Nothing was changed.")
        yield features
        more = data.get("exceededTransferLimit") or (data.get("properties") or {}).get(
            "exceededTransferLimit"
        )
        if not more or not features:
            return
        offset += len(features)
    raise _fail(
        ctx, f"the service kept sending pages after {MAX_ARCGIS_PAGES}. Nothing was changed."
    )


def _field(ctx: Context, rows: list[dict], wanted: str, what: str) -> str:
    for key in rows[0]:
        if key.lower() == wanted.lower():
            return key
    raise _fail(
        ctx,
        f"the publisher's data has no {wanted} field ({what}); it has "
        f"{', '.join(list(rows[0])[:12])}. It may have renamed it: check the source's settings "
        "in the area file. Nothing was changed.",
    )


def _in(field: str, codes: Iterable[str]) -> str:
    """An ArcGIS `where` clause: ``field`` is one of ``codes``."""
    listed = ", ".join(f"'{code}'" for code in codes)
    return f"{field} IN ({listed})"


def lookup_where(ctx: Context) -> str:
    """The lookup's rows for the area's local authorities."""
    return _in(ctx.source.options["lookup_la_field"], sorted(ctx.area.local_authorities))


def _lookup(ctx: Context) -> list[dict]:
    """The area's rows of the LSOA to ward to local authority lookup."""
    options = ctx.source.options
    params = {"where": lookup_where(ctx), "outFields": "*", "returnGeometry": "false",
              "f": "json"}  # fmt: skip
    ctx.report("listing the area's LSOAs and wards", 0, 0)
    rows = [
        feature.get("attributes") or {}
        for page in _arcgis_pages(ctx, options["lookup_url"], params)
        for feature in page
    ]
    if not rows:
        raise _fail(
            ctx,
            f"the lookup lists nothing for the local authorities {', '.join(ctx.area.local_authorities)}."
            " Check their codes in the area file. Nothing was changed.",
        )
    return rows


def _features(ctx: Context, code_field: str, codes: list[str]) -> list[dict]:
    """The boundaries of ``codes`` in WGS84, as GeoJSON features in code order."""
    found: dict[str, dict] = {}
    chunks = [codes[i : i + CODES_PER_QUERY] for i in range(0, len(codes), CODES_PER_QUERY)]
    for number, chunk in enumerate(chunks, start=1):
        params = {"where": _in(code_field, chunk), "outFields": "*", "outSR": 4326,
                  "f": "geojson"}  # fmt: skip
        for page in _arcgis_pages(ctx, ctx.source.url, params):
            for feature in page:
                properties = feature.get("properties") or {}
                key = next((k for k in properties if k.lower() == code_field.lower()), None)
                if key is None:
                    raise _fail(
                        ctx,
                        f"a boundary came without its {code_field} field (it has "
                        f"{', '.join(list(properties)[:12])}). Nothing was changed.",
                    )
                found[str(properties[key])] = feature
        ctx.report("fetching boundaries", min(number * CODES_PER_QUERY, len(codes)), len(codes))
    missing = [code for code in codes if code not in found]
    if missing:
        raise _fail(
            ctx,
            f"{len(missing)} of the area's {len(codes)} areas came without a boundary "
            f"({', '.join(missing[:5])}). Nothing was changed.",
        )
    return [found[code] for code in codes]


def _load_boundaries(ctx: Context, code_field: str, codes: list[str], kind: str) -> Outcome:
    features = _features(ctx, code_field, codes)
    body = json.dumps({"type": "FeatureCollection", "features": features}, sort_keys=True).encode()
    digest = _digest(body)
    if digest == ctx.last_digest:
        return _unchanged(ctx, digest, len(features))
    path = ctx.folder / f"{kind}.geojson"
    path.write_bytes(body)
    ctx.report(f"storing {len(features):,} boundaries", 0, len(features))
    try:
        result = import_areas(path=path, kind=kind)
    except AreaImportError as error:
        raise _fail(ctx, f"{error} Nothing was changed.") from None
    return Outcome(
        rows=len(features), digest=digest,
        changed=f"{result.created:,} added, {result.updated:,} refreshed",
    )  # fmt: skip


def run_boundaries(ctx: Context) -> Outcome:
    rows = _lookup(ctx)
    key = _field(ctx, rows, "LSOA21CD", "the LSOA 2021 code")
    return _load_boundaries(ctx, "LSOA21CD", sorted({str(r[key]) for r in rows}), AreaKind.LSOA21)


def run_wards(ctx: Context) -> Outcome:
    rows = _lookup(ctx)
    field = ctx.source.options["code_field"]
    key = _field(ctx, rows, field, "the ward code")
    return _load_boundaries(ctx, field, sorted({str(r[key]) for r in rows}), AreaKind.WARD)


def _area_lsoas(ctx: Context) -> list[str]:
    codes = list(
        StatisticalArea.objects.filter(kind=AreaKind.LSOA21).values_list("code", flat=True)
    )
    if not codes:
        raise _fail(ctx, "no LSOA boundaries are loaded yet: load the boundaries source first.")
    return codes


# Populations (ONS mid-year estimates, through Nomis) ---------------------------------------------

NOMIS_QUERY = {"date": "latest", "gender": "0", "c_age": "200", "measures": "20100",
               "select": "date_name,geography_code,obs_value"}  # fmt: skip


def run_populations(ctx: Context) -> Outcome:
    codes = _area_lsoas(ctx)
    values: dict[str, str] = {}
    dates: set[str] = set()
    for start in range(0, len(codes), CODES_PER_NOMIS):
        chunk = codes[start : start + CODES_PER_NOMIS]
        body = ctx.client.get(ctx.source.url, {**NOMIS_QUERY, "geography": ",".join(chunk)})
        reader = csv.reader(io.StringIO(body.decode("utf-8-sig", "replace")))
        header = [h.strip().upper() for h in next(reader, [])]
        wanted = {"GEOGRAPHY_CODE", "OBS_VALUE"}
        if not wanted <= set(header):
            raise _fail(
                ctx,
                f"the answer has no {' or '.join(sorted(wanted - set(header)))} column (it has "
                f"{', '.join(header[:10]) or 'nothing'}). Nothing was changed.",
            )
        at_code, at_value = header.index("GEOGRAPHY_CODE"), header.index("OBS_VALUE")
        at_date = header.index("DATE_NAME") if "DATE_NAME" in header else None
        for line, row in enumerate(reader, start=2):
            if not row:
                continue
            if len(row) <= max(at_code, at_value) or not row[at_value].strip().isdigit():
                raise _fail(ctx, f"line {line}: '{','.join(row)[:60]}' has no whole population. "
                                 "Nothing was changed.")  # fmt: skip
            values[row[at_code].strip()] = row[at_value].strip()
            if at_date is not None:
                dates.add(row[at_date].strip())
        ctx.report("fetching populations", min(start + CODES_PER_NOMIS, len(codes)), len(codes))
    if not values:
        raise _fail(
            ctx, f"no populations came for the area's {len(codes):,} LSOAs. Nothing was changed."
        )
    text = "code,population\n" + "".join(f"{c},{values[c]}\n" for c in sorted(values))
    digest, version = _digest(text), "mid-" + ", ".join(sorted(dates)) if dates else ""
    if digest == ctx.last_digest:
        return _unchanged(ctx, digest, len(values), version)
    try:
        result = import_profiles(data=text.encode(), name="populations")
    except AreaImportError as error:
        raise _fail(ctx, f"{error} Nothing was changed.") from None
    return Outcome(rows=result.rows, changed=f"{result.rows:,} populations", digest=digest,
                   version=version)  # fmt: skip


# English Indices of Deprivation ------------------------------------------------------------------


def run_deprivation(ctx: Context) -> Outcome:
    name = ctx.source.url.rsplit("/", 1)[-1] or "deprivation.csv"
    got = ctx.client.download(ctx.source.url, ctx.folder / "deprivation.csv", _bytes(ctx))
    data = got.path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _fail(ctx, f"{name} is not UTF-8 text. Nothing was changed.") from None
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = rows[0] if rows else []
    at = next((i for i, h in enumerate(header) if h.strip().lower().startswith(LA_COLUMN)), None)
    # The file's population is its own denominator (mid-2015 in IoD2019): where the area loads
    # the ONS mid-year estimates, those are kept and this column is left unread.
    own_population = "populations" in ctx.area.sources
    columns = [
        i for i, h in enumerate(header)
        if not (own_population and h.strip().lower().startswith("total population"))
    ]  # fmt: skip
    if at is not None or len(columns) < len(header):
        kept = [header] + [  # only the area's rows: the ranks and deciles are national already
            r for r in rows[1:]
            if at is None or (len(r) > at and r[at].strip() in ctx.area.local_authorities)
        ]  # fmt: skip
        if len(kept) == 1:
            raise _fail(
                ctx,
                f"{name} has no rows for the area's local authorities in '{header[at]}' (it may "
                "use another year's codes). Nothing was changed.",
            )
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(
            [row[i] for i in columns if i < len(row)] for row in kept
        )
        data = out.getvalue().encode()
    digest = _digest(data)
    version = _edition(header) or name
    if digest == ctx.last_digest:
        return _unchanged(ctx, digest, version=version)
    try:
        result = import_profiles(data=data, name=name)
    except AreaImportError as error:
        raise _fail(ctx, f"{error} Nothing was changed.") from None
    return Outcome(rows=result.rows, changed=f"{result.rows:,} areas: {', '.join(result.columns)}",
                   digest=digest, version=version)  # fmt: skip


def _edition(header: list[str]) -> str:
    """Which Indices the file is, from the year of its LSOA codes: 2025 is on 2021 LSOAs, 2019
    on 2011 LSOAs (whose areas that changed in 2021 then have no figures here)."""
    code = next((h for h in header if h.strip().lower().startswith("lsoa code")), "")
    if "2021" in code:
        return "Indices of Deprivation 2025 (2021 LSOAs)"
    if "2011" in code:
        return "Indices of Deprivation 2019 (2011 LSOAs: areas changed in 2021 have no figures)"
    return ""


def _bytes(ctx: Context) -> Callable[[int, int], None]:
    return lambda done, total: ctx.report("downloading", done, total)


# ONS Postcode Directory ------------------------------------------------------------------------


def run_postcodes(ctx: Context) -> Outcome:
    if not ctx.source.url:
        raise _fail(ctx, "no address: set sources.postcodes.url in the area file to the current "
                         "edition's zip (geoportal.statistics.gov.uk, 'ONS Postcode Directory').")  # fmt: skip
    got = ctx.client.download(ctx.source.url, ctx.folder / "onspd.zip", _bytes(ctx))
    digest = _digest(got.sha256, *sorted(ctx.area.local_authorities))
    if digest == ctx.last_digest:
        return _unchanged(ctx, digest, version=ctx.source.url.rsplit("/", 1)[-1])
    try:
        loaded = load_zip(
            got.path, local_authorities=ctx.area.local_authorities,
            progress=lambda n: ctx.report("reading postcodes", n, 0),
            stage=lambda text: ctx.report(text, 0, 0),
        )  # fmt: skip
    except PostcodeImportError as error:
        if "not a zip" in str(error):
            got.path.unlink(missing_ok=True)  # fetched again next time
        raise _fail(ctx, f"{error}. Nothing was changed.") from None
    return Outcome(rows=loaded.rows, changed=f"{loaded.live:,} live postcodes in the area",
                   digest=digest, version=f"sha256 {got.sha256[:12]}")  # fmt: skip


# police.uk -------------------------------------------------------------------------------------


def _months(ctx: Context) -> list[str]:
    """The months police.uk has published, newest first."""
    data = ctx.client.get_json(f"{ctx.source.url.rstrip('/')}/crimes-street-dates")
    try:
        months = sorted({str(entry["date"])[:7] for entry in data}, reverse=True)
        for month in months:
            date.fromisoformat(month + "-01")
    except (TypeError, KeyError, ValueError):
        raise _fail(
            ctx, "the list of published months is not as expected. Nothing was changed."
        ) from None
    return months


def police_plan(ctx: Context) -> tuple[str, list[str], list[str]]:
    """(force, months wanted, months still to load), oldest first."""
    force = ctx.area.forces[0] if ctx.area.forces else ""
    if not force:
        raise _fail(ctx, "the area file names no police force (police.forces).")
    wanted = sorted(_months(ctx)[: ctx.area.police_months])
    held = {
        m.strftime("%Y-%m")
        for m in Batch.objects.filter(kind=BatchKind.STREET, force__slug=force).values_list(
            "month", flat=True
        )
    }
    return force, wanted, [m for m in wanted if m not in held]


def tiles_of(index: LsoaIndex, size: float) -> list[tuple[float, float, float, float]]:
    west, south = index.bounds[:, 0].min(), index.bounds[:, 1].min()
    east, north = index.bounds[:, 2].max(), index.bounds[:, 3].max()
    tiles = []
    for i in range(max(1, math.ceil((east - west) / size))):
        for j in range(max(1, math.ceil((north - south) / size))):
            box = (west + i * size, south + j * size, min(west + (i + 1) * size, east),
                   min(south + (j + 1) * size, north))  # fmt: skip
            if index.touches(box):
                tiles.append(box)
    return tiles


def _poly(box: tuple[float, float, float, float]) -> str:
    west, south, east, north = box
    corners = [(north, west), (north, east), (south, east), (south, west)]
    return ":".join(f"{lat:.5f},{lon:.5f}" for lat, lon in corners)


def _fetch_tiles(
    ctx: Context,
    route: str,
    month: str,
    tiles: list,
    key: Callable[[dict], Any],
    step: Callable[[], None],
) -> list[dict]:
    """Everything police.uk gives for the month at ``route``, tile by tile: a tile refused with
    503 (police.uk's answer to more than 10,000 crimes) is split in four and asked again; what
    two tiles both hold (on their shared edge) is kept once."""
    found_all: dict[Any, dict] = {}
    queue, asked = list(tiles), 0
    limit = int(ctx.source.options["max_tiles"])
    url = f"{ctx.source.url.rstrip('/')}/{route}"
    while queue:
        box = queue.pop(0)
        asked += 1
        if asked > limit:
            raise _fail(
                ctx, f"{month} needed more than {limit} requests (max_tiles). Nothing was changed."
            )
        try:
            found = ctx.client.get_json(
                url, {"poly": _poly(box), "date": month}, busy_is_final=True
            )
        except fetch.StatusRefused:
            west, south, east, north = box
            if east - west < MIN_TILE:
                raise _fail(
                    ctx, f"police.uk refused even a small area for {month}. Nothing was changed."
                ) from None
            mid_x, mid_y = (west + east) / 2, (south + north) / 2
            queue += [(west, south, mid_x, mid_y), (mid_x, south, east, mid_y),
                      (west, mid_y, mid_x, north), (mid_x, mid_y, east, north)]  # fmt: skip
            continue
        if not isinstance(found, list):
            raise _fail(ctx, f"the answer for {month} is not a list. Nothing was changed.")
        for item in found:
            try:
                found_all[key(item)] = item
            except (KeyError, TypeError):
                raise _fail(
                    ctx,
                    f"an entry for {month} at {route} lacks its identifier (the layout may "
                    "have changed). Nothing was changed.",
                ) from None
        step()
    return [found_all[k] for k in sorted(found_all, key=str)]


def _location(ctx: Context, month: str, items: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """Each item's longitude and latitude (NaN where police.uk gives no location)."""
    try:
        points = [
            (float(i["location"]["longitude"]), float(i["location"]["latitude"]))
            if i.get("location") else (np.nan, np.nan)
            for i in items
        ]  # fmt: skip
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise _fail(ctx, f"a crime for {month} has an unreadable location ({error}). Nothing "
                         "was changed.") from None  # fmt: skip
    if not points:
        return np.zeros(0), np.zeros(0)
    lons, lats = zip(*points, strict=True)
    return np.array(lons, dtype=float), np.array(lats, dtype=float)


def _rows(
    ctx: Context, month: str, force_name: str, crimes: list[dict], index: LsoaIndex
) -> list[tuple[int, list[str]]]:
    """(place in ``crimes``, the first nine columns police.uk's files share, from Crime ID to LSOA
    name) for each crime kept: those in one of the area's LSOAs, and those police.uk could not
    place on the map. Crimes in a tile but outside the area are left out."""
    lons, lats = _location(ctx, month, crimes)
    codes = index.assign(lons, lats)
    names = dict(
        StatisticalArea.objects.filter(code__in=set(codes) - {""}).values_list("code", "name")
    )
    rows = []
    for number, (crime, lon, lat, code) in enumerate(zip(crimes, lons, lats, codes, strict=True)):
        located = not np.isnan(lon)
        if located and not code:
            continue
        street = ((crime.get("location") or {}).get("street") or {}).get("name") or ""
        rows.append((number, [
            crime.get("persistent_id") or "", month, force_name, force_name,
            f"{lon:.6f}" if located else "", f"{lat:.6f}" if located else "",
            street if located else "No location", code, names.get(code, ""),
        ]))  # fmt: skip
    return rows


def _csv(header: tuple[str, ...], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def _street_csv(
    ctx: Context, month: str, force_name: str, crimes: list[dict], index: LsoaIndex
) -> bytes:
    """The month's crimes in police.uk's own street-level layout, each given its LSOA."""
    unknown = sorted({str(c.get("category")) for c in crimes} - set(CATEGORY_NAMES))
    if unknown:
        raise _fail(ctx, f"{month} has crimes of a category we do not know: "
                         f"{', '.join(unknown[:3])}. Nothing was changed.")  # fmt: skip
    return _csv(STREET_COLUMNS, [
        [*row, CATEGORY_NAMES[crimes[i]["category"]],
         (crimes[i].get("outcome_status") or {}).get("category") or "",
         crimes[i].get("context") or ""]
        for i, row in _rows(ctx, month, force_name, crimes, index)
    ])  # fmt: skip


def _outcomes_csv(
    ctx: Context, month: str, force_name: str, outcomes: list[dict], index: LsoaIndex
) -> bytes:
    """The month's outcomes in police.uk's outcomes layout (each crime's place, then what
    happened); outcomes of crimes outside the area are left out."""
    try:
        crimes = [o["crime"] for o in outcomes]
        kinds = [str(o["category"]["name"]) for o in outcomes]
    except (KeyError, TypeError):
        raise _fail(ctx, f"an outcome for {month} lacks its crime or its category. Nothing was "
                         "changed.") from None  # fmt: skip
    rows = _rows(ctx, month, force_name, crimes, index)
    return _csv(OUTCOME_COLUMNS, [[*row, kinds[i]] for i, row in rows if row[4]])


def run_police(ctx: Context) -> Outcome:
    force, wanted, todo = police_plan(ctx)
    held = Batch.objects.filter(kind=BatchKind.STREET, force__slug=force)
    if not todo:
        return Outcome(rows=sum(held.values_list("rows", flat=True)), unchanged=True,
                       changed=f"no new month (the latest, {wanted[-1] if wanted else '-'}, is held)",
                       version=f"{wanted[0]} to {wanted[-1]}" if wanted else "")  # fmt: skip
    base = ctx.source.url.rstrip("/")
    about = ctx.client.get_json(f"{base}/forces/{force}")
    force_name = str(about.get("name") or force) if isinstance(about, dict) else force
    index = LsoaIndex.from_database()
    if not len(index):
        raise _fail(ctx, "no LSOA boundaries are loaded yet: load the boundaries source first.")
    tiles = tiles_of(index, float(ctx.source.options["tile_degrees"]))
    with_outcomes = bool(ctx.source.options.get("outcomes", True))
    asked, expected = [0], len(todo) * len(tiles) * (2 if with_outcomes else 1)

    def step() -> None:
        asked[0] += 1
        ctx.report("fetching months", asked[0], max(expected, asked[0]))

    files = []
    for month in todo:
        crimes = _fetch_tiles(
            ctx, "crimes-street/all-crime", month, tiles, lambda c: str(c["id"]), step
        )
        if not crimes:
            raise _fail(ctx, f"police.uk lists {month} as published but has no crimes for it "
                             "anywhere in the area; an empty month is not loaded (it will be "
                             "asked for again at the next refresh). Nothing was changed.")  # fmt: skip
        unplaced = ctx.client.get_json(f"{base}/crimes-no-location",
                                       {"category": "all-crime", "force": force, "date": month})  # fmt: skip
        if not isinstance(unplaced, list):
            raise _fail(ctx, f"the crimes without a location for {month} are not a list. Nothing "
                             "was changed.")  # fmt: skip
        files.append(
            (
                f"{month}-{force}-street.csv",
                _street_csv(ctx, month, force_name, crimes + unplaced, index),
            )
        )
        if with_outcomes:
            outcomes = _fetch_tiles(
                ctx, "outcomes-at-location", month, tiles,
                lambda o: (str(o["crime"]["id"]), str(o["category"]["code"]), str(o["date"])), step,
            )  # fmt: skip
            if outcomes:
                files.append(
                    (
                        f"{month}-{force}-outcomes.csv",
                        _outcomes_csv(ctx, month, force_name, outcomes, index),
                    )
                )
    rows, loaded = 0, []
    with transaction.atomic():
        for number, (name, data) in enumerate(files, start=1):
            ctx.report(f"storing {name}", number - 1, len(files))
            try:
                result = import_police(data, name)
            except Refused as error:
                raise _fail(ctx, f"{name} was refused ({'; '.join(error.problems[:3])}). "
                                 "Nothing was changed.") from None  # fmt: skip
            if name.endswith("-street.csv"):
                rows += result.rows
                loaded.append(name[:7])
    return Outcome(rows=sum(held.values_list("rows", flat=True)),
                   changed=f"loaded {', '.join(loaded)} ({rows:,} crimes, with their outcomes)",
                   version=f"{wanted[0]} to {wanted[-1]}")  # fmt: skip


# OpenStreetMap -----------------------------------------------------------------------------------


def _checked(ctx: Context, path: Path) -> None:
    pattern = ctx.source.options.get("checksum_url") or ""
    if not pattern:
        return
    said = (
        ctx.client.get(pattern.replace("{url}", ctx.source.url)).decode("ascii", "replace").split()
    )
    with path.open("rb") as file:
        md5 = hashlib.file_digest(file, lambda: hashlib.md5(usedforsecurity=False))
    if not said or said[0].lower() != md5.hexdigest():
        path.unlink(missing_ok=True)
        raise _fail(ctx, "the download does not match the publisher's checksum (.md5): it was "
                         "damaged on the way, deleted, and will be fetched again. Nothing was changed.")  # fmt: skip


def _synced(ctx: Context, synced: Any, digest: str) -> Outcome:
    problems = [
        f"{p.where}: {p.field + ': ' if p.field else ''}{p.message}" for p in synced.problems
    ]
    parts = [f"{synced.created:,} added", f"{synced.updated:,} updated",
             f"{synced.unlisted:,} no longer listed"]  # fmt: skip
    if synced.relisted:
        parts.append(f"{synced.relisted:,} listed again")
    if problems:
        parts.append(f"{len(problems):,} left out (see the problems)")
    rows = synced.created + synced.updated + synced.unchanged
    return Outcome(rows=rows, changed=", ".join(parts), digest=digest, problems=problems)


def run_osm(ctx: Context) -> Outcome:
    if not ctx.source.url:
        raise _fail(ctx, "no address: set sources.osm.url to the county's .osm.pbf extract.")
    name = ctx.source.url.rsplit("/", 1)[-1]
    got = ctx.client.download(ctx.source.url, ctx.folder / name, _bytes(ctx))
    _checked(ctx, got.path)
    if got.sha256 == ctx.last_digest:
        return _unchanged(ctx, got.sha256)
    try:
        parsed = read_osm_pbf(
            got.path, name, lambda n, _t: ctx.report("reading the extract", n, 0), keep_good=True
        )
    except FileRefused as error:
        raise _fail(ctx, f"{error} Nothing was changed.") from None
    ctx.report(f"storing {len(parsed.rows):,} places", 0, len(parsed.rows))
    # Places sent with a problem are still in the extract: what is held of them stays listed.
    present = {m.group(0) for p in parsed.problems if (m := OSM_ID.search(p.where))}
    return _synced(ctx, sync_feed(parsed, feed=ctx.source.key, present=present), got.sha256)


# Open Referral UK --------------------------------------------------------------------------------


def run_oruk(ctx: Context) -> Outcome:
    if not ctx.source.url:
        raise _fail(ctx, "no address: give the directory's API address as the feed's url.")
    base, per_page = ctx.source.url.rstrip("/"), int(ctx.source.options["per_page"])
    limit = int(ctx.source.options["max_pages"])
    services: list[Any] = []
    seen: dict[tuple, int] = {}
    page = 1
    while True:
        if page > limit:
            raise _fail(
                ctx, f"the feed kept sending pages past {limit} (max_pages). Nothing was changed."
            )
        data = ctx.client.get_json(f"{base}/services", {"page": page, "per_page": per_page})
        contents = data.get("contents") if isinstance(data, dict) else data
        if not isinstance(contents, list):
            raise _fail(ctx, f"page {page} is not an Open Referral UK page of services (no "
                             "'contents'). Nothing was changed.")  # fmt: skip
        ids = tuple(str(s.get("id")) for s in contents if isinstance(s, dict))
        if contents and ids in seen:
            raise _fail(ctx, f"page {page} repeats page {seen[ids]}: the feed pages forever. "
                             "Nothing was changed.")  # fmt: skip
        seen[ids] = page
        services += contents
        total = data.get("total_pages") if isinstance(data, dict) else None
        ctx.report("fetching services", page, total if isinstance(total, int) else 0)
        last = isinstance(data, dict) and data.get("last_page") is True
        if (
            not contents
            or last
            or (isinstance(total, int) and page >= total)
            or isinstance(data, list)
        ):
            break
        page += 1
    if not services:
        raise _fail(ctx, "the feed lists no services at all; in case it is broken, nothing was "
                         "marked as no longer listed. Nothing was changed.")  # fmt: skip
    raw = json.dumps({"contents": services}, sort_keys=True).encode()
    digest = _digest(raw)
    if digest == ctx.last_digest:
        return _unchanged(ctx, digest, len(services))
    try:
        parsed = read_openreferral(raw, ctx.source.key, keep_good=True)
    except FileRefused as error:
        raise _fail(ctx, f"{error} Nothing was changed.") from None
    ctx.report(f"storing {len(parsed.rows):,} services", 0, len(parsed.rows))
    # Services sent with a problem are still listed: what is held of them stays listed.
    present = {
        str(s.get("id")) for s in services
        if isinstance(s, dict) and s.get("status") in (None, "", "active")
    }  # fmt: skip
    return _synced(ctx, sync_feed(parsed, feed=ctx.source.key, present=present), digest)


RUNNERS: dict[str, Callable[[Context], Outcome]] = {
    "boundaries": run_boundaries, "wards": run_wards, "populations": run_populations,
    "deprivation": run_deprivation, "postcodes": run_postcodes, "police": run_police,
    "osm": run_osm, "oruk": run_oruk,
}  # fmt: skip
