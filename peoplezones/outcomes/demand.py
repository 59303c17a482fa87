"""Partners' demand figures: fire incidents, ambulance call-outs, calls for service, council ASB
reports. One generic CSV, read by header: a date or a month; a place given as coordinates, an LSOA
code or a postcode (looked up in the ONS postcode directory); the agency; the demand type; and a
count (1 when there is no count column, a row per incident). Checked whole and stored all or
nothing. A file's figures replace the same agency's earlier figures for the same demand types and
months, so a corrected month can be sent again; the very same file changes nothing."""

import csv
import hashlib
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import pyarrow as pa
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from peoplezones.core.geo import points_within
from peoplezones.core.models import User
from peoplezones.core.postcodes import normalise_postcode
from peoplezones.geography.models import Postcode, StatisticalArea
from peoplezones.geography.postcodes import lookup
from peoplezones.outcomes import partitions
from peoplezones.outcomes.models import (
    Batch,
    BatchKind,
    DemandRecord,
    DemandType,
    LsoaMonthCount,
    ZoneMonthCount,
)
from peoplezones.outcomes.police import LSOA, MAX_PROBLEMS, Refused, parse_point
from peoplezones.outcomes.services import Points, store_counts, zone_counts

# What we read, and the header names partners use for it (compared lower-case, spaces and
# underscores alike).
HEADERS = {
    "date": ("date", "incident date", "call date", "reported date", "date reported", "day"),
    "month": ("month", "period", "year month"),
    "lat": ("latitude", "lat"),
    "lon": ("longitude", "lon", "long", "lng"),
    "lsoa": ("lsoa", "lsoa code", "lsoa21", "lsoa21cd", "lsoa11cd", "lsoa11"),
    "postcode": ("postcode", "post code", "pcds"),
    "agency": ("agency", "organisation", "organization", "service", "partner"),
    "type": ("demand type", "type", "incident type", "call type", "category", "demand"),
    "count": ("count", "number", "total", "incidents", "calls"),
}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y/%m/%d")
MONTH_FORMATS = ("%Y-%m", "%m/%Y", "%b %Y", "%B %Y", "%Y%m")
_SPACES = re.compile(r"[\s_]+")


@dataclass
class DemandFile:
    name: str
    agency: str
    # (month, demand type name, lon, lat, lsoa, count)
    rows: list[tuple[date, str, float | None, float | None, str, int]] = field(default_factory=list)

    @property
    def months(self) -> list[date]:
        return sorted({row[0] for row in self.rows})


@dataclass(frozen=True)
class Loaded:
    name: str
    agency: str
    rows: int
    first: date | None
    last: date | None
    types: list[str]
    replaced: int  # earlier figures replaced (agency, type and month already held)
    unchanged: bool


def _key(text: str) -> str:
    return _SPACES.sub(" ", text.strip().lower())


def columns_for(header: list[str]) -> dict[str, int]:
    at = {_key(name): i for i, name in enumerate(header)}
    found = {}
    for what, names in HEADERS.items():
        for name in names:
            if name in at:
                found[what] = at[name]
                break
    return found


def _parse(text: str, formats: tuple[str, ...]) -> date | None:
    for pattern in formats:
        try:
            return datetime.strptime(text, pattern).date()  # a calendar date, no time zone
        except ValueError:
            continue
    return None


def read(
    data: bytes, name: str, *, agency: str = "", demand_type: str = "", own_only: bool = False
) -> DemandFile:
    """Check every row; raises police.Refused naming each problem (row, column, reason).
    `agency` and `demand_type` fill in for a file without those columns. With `own_only` (a
    partner sending their own organisation's figures) a row naming another agency is refused:
    a file's figures replace its agency's earlier ones, so it must not reach anyone else's."""
    try:
        reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
        header = next(reader, [])
    except UnicodeDecodeError as error:
        raise Refused(name, [f"not UTF-8 text (byte {error.start})"]) from None
    except csv.Error as error:  # a first line no CSV reader can take, e.g. megabytes long
        raise Refused(name, [f"the first line is not a CSV header ({error})"]) from None
    at = columns_for(header)
    missing = []
    if "date" not in at and "month" not in at:
        missing.append("a date or a month column (Date, Month)")
    if not ({"lat", "lon"} <= at.keys() or "lsoa" in at or "postcode" in at):
        missing.append("a place: Latitude and Longitude, an LSOA code, or a Postcode")
    if "type" not in at and not demand_type:
        missing.append("a Demand type column (or choose the type on the upload page)")
    if "agency" not in at and not agency:
        missing.append("an Agency column (or name the agency on the upload page)")
    if missing:
        raise Refused(name, ["missing " + "; ".join(missing)])
    raw: list[tuple[int, list[str]]] = []
    try:
        raw = [(n, row) for n, row in enumerate(reader, start=1) if any(c.strip() for c in row)]
    except (csv.Error, UnicodeDecodeError) as error:
        raise Refused(name, [f"row {reader.line_num:,}: {error}"]) from None
    postcodes = _postcodes(raw, at)
    parsed = DemandFile(name=name, agency="")
    agencies: set[str] = set()
    problems: list[str] = []
    this_month = timezone.localdate().replace(day=1)
    for number, row in raw:
        error, record, row_agency = _row(row, at, len(header), postcodes, demand_type, this_month)
        if not error and own_only and row_agency and _key(row_agency) != _key(agency):
            error = (
                f"Agency: '{row_agency}' is not your organisation ({agency}); you can send only "
                f"{agency}'s figures"
            )
        if error:
            problems.append(f"row {number:,}: {error}")
            if len(problems) >= MAX_PROBLEMS:
                problems.append(f"stopped after {MAX_PROBLEMS} problems")
                break
            continue
        agencies.add(row_agency or agency)
        if record[5]:
            parsed.rows.append(record)
    if not problems and not raw:
        problems.append("no rows")
    if not problems and len(agencies) > 1:
        problems.append(
            f"rows from more than one agency ({', '.join(sorted(agencies))}); "
            "send one file per agency"
        )
    if problems:
        raise Refused(name, problems)
    parsed.agency = (agencies.pop() if agencies else agency)[:120]
    return parsed


def _cell(row: list[str], at: dict[str, int], what: str) -> str:
    return row[at[what]].strip() if what in at else ""


def _postcodes(raw: list[tuple[int, list[str]]], at: dict[str, int]) -> dict[str, Postcode]:
    """The directory's entry for each postcode in the file that it knows, keyed by the normalised
    postcode."""
    if "postcode" not in at:
        return {}
    texts = {_cell(row, at, "postcode") for _n, row in raw if len(row) > at["postcode"]}
    return {known.postcode: known for known in lookup(list(texts)).values()}


def _row(
    row: list[str],
    at: dict[str, int],
    width: int,
    postcodes: dict[str, Postcode],
    default_type: str,
    this_month: date,
) -> tuple[str, tuple, str]:
    if len(row) != width:
        return f"has {len(row)} columns, the header has {width}", (), ""
    month = None
    if "date" in at and _cell(row, at, "date"):
        text = _cell(row, at, "date")
        day = _parse(text, DATE_FORMATS)
        if day is None:
            return f"Date: '{text}' is not a date like 2024-03-15", (), ""
        month = day.replace(day=1)
    elif "month" in at:
        text = _cell(row, at, "month")
        month = _parse(text, MONTH_FORMATS)
        if month is None:
            return f"Month: '{text}' is not a month like 2024-03", (), ""
    if month is None:
        return "no date or month", (), ""
    if month > this_month:
        return f"{month:%Y-%m} is in the future", (), ""
    demand_type = _cell(row, at, "type") or default_type
    if not demand_type:
        return "Demand type: empty", (), ""
    count_text = _cell(row, at, "count") or "1"
    if not count_text.isdigit():
        return f"Count: '{count_text}' is not a whole number of 0 or more", (), ""
    error, lon, lat = parse_point(_cell(row, at, "lon"), _cell(row, at, "lat"))
    if error:
        return error, (), ""
    lsoa = _cell(row, at, "lsoa").upper()
    if lsoa and not LSOA.match(lsoa):
        return f"LSOA: '{lsoa}' is not an LSOA code like E01013612", (), ""
    postcode_text = _cell(row, at, "postcode")
    if postcode_text and lon is None:
        code = normalise_postcode(postcode_text)
        if code is None:
            return f"Postcode: '{postcode_text}' is not a postcode", (), ""
        known = postcodes.get(code)
        if known is None:
            return f"Postcode: '{code}' is not in the postcode directory loaded", (), ""
        lon, lat, lsoa = known.lon, known.lat, lsoa or known.lsoa_code
    if lon is None and not lsoa:
        return "no place: give Latitude and Longitude, an LSOA code or a Postcode", (), ""
    record = (month, demand_type[:120], lon, lat, lsoa, int(count_text))
    return "", record, _cell(row, at, "agency")[:120]


def _lsoa_of_points(records: list[tuple]) -> list[str]:
    """Each record's LSOA: as given, else the loaded LSOA boundary holding its point."""
    need = [i for i, r in enumerate(records) if not r[4] and r[2] is not None]
    found = [r[4] for r in records]
    if not need:
        return found
    areas = list(StatisticalArea.objects.filter(kind="lsoa21").values_list("code", "geometry"))
    hits, area_index = points_within(
        [geometry for _code, geometry in areas],
        [records[i][2] for i in need],
        [records[i][3] for i in need],
    )
    for hit, area in zip(hits.tolist(), area_index.tolist(), strict=True):
        found[need[hit]] = areas[area][0]
    return found


def import_demand(
    data: bytes,
    name: str,
    *,
    agency: str = "",
    demand_type: str = "",
    own_only: bool = False,
    by: User | None = None,
) -> Loaded:
    digest = hashlib.sha256(data).hexdigest()
    parsed = read(data, name, agency=agency, demand_type=demand_type, own_only=own_only)
    return store_demand(parsed, digest=digest, by=by)


def type_for(agency: str, name: str) -> DemandType:
    slug = slugify(f"{agency} {name}")[:80] or "demand"
    demand_type, _created = DemandType.objects.get_or_create(
        slug=slug, defaults={"name": name, "agency": agency}
    )
    return demand_type


@transaction.atomic
def store_demand(parsed: DemandFile, *, digest: str, by: User | None = None) -> Loaded:
    months = parsed.months
    summary = {
        "name": parsed.name, "agency": parsed.agency, "rows": len(parsed.rows),
        "first": months[0] if months else None, "last": months[-1] if months else None,
        "types": sorted({row[1] for row in parsed.rows}),
    }  # fmt: skip
    same = Batch.objects.filter(kind=BatchKind.DEMAND, agency=parsed.agency, sha256=digest).first()
    if same is not None and same.demand_rows.count() == same.rows:
        return Loaded(**summary, replaced=0, unchanged=True)  # and none of it replaced since
    types = {name: type_for(parsed.agency, name) for name in summary["types"]}
    lsoas = _lsoa_of_points(parsed.rows)
    replaced = _replace_earlier(parsed.agency, {(types[r[1]].pk, r[0]) for r in parsed.rows})
    batch = Batch.objects.create(
        kind=BatchKind.DEMAND, agency=parsed.agency, month=summary["first"] or date.today(),
        last_month=summary["last"], rows=len(parsed.rows),
        without_location=sum(1 for r in parsed.rows if r[2] is None),
        file_name=parsed.name[:200], sha256=digest, imported_by=by,
    )  # fmt: skip
    DemandRecord.objects.bulk_create(
        DemandRecord(
            batch=batch, demand_type=types[kind], month=month, lon=lon, lat=lat,
            lsoa_code=lsoa, count=n,
        )
        for (month, kind, lon, lat, _given, n), lsoa in zip(parsed.rows, lsoas, strict=True)
    )  # fmt: skip
    by_lsoa: Counter = Counter()
    by_lsoa_only: Counter = Counter()
    located = []
    for (month, kind, lon, lat, _given, n), lsoa in zip(parsed.rows, lsoas, strict=True):
        key = (lsoa, month, types[kind].slug)
        if lsoa:
            by_lsoa[key] += n
        if lon is not None:
            located.append((lon, lat, month, types[kind].slug, n))
        elif lsoa:
            by_lsoa_only[key] += n
    keys = list(by_lsoa)
    store_counts(
        batch,
        pa.table({
            "lsoa_code": pa.array([k[0] for k in keys], pa.string()),
            "month": pa.array([k[1] for k in keys], pa.date32()),
            "category": pa.array([k[2] for k in keys], pa.string()),
            "count": pa.array([by_lsoa[k] for k in keys], pa.int64()),
        }),
        zone_counts(Points(
            lons=np.array([p[0] for p in located], dtype=float),
            lats=np.array([p[1] for p in located], dtype=float),
            months=[p[2] for p in located], categories=[p[3] for p in located],
            weights=[p[4] for p in located],
        ), by_lsoa_only),
    )  # fmt: skip
    return Loaded(**summary, replaced=replaced, unchanged=False)


def _replace_earlier(agency: str, type_months: set[tuple[int, date]]) -> int:
    """Remove the agency's earlier figures for these (demand type, month) pairs, with their
    counts; batches left with nothing go too. Returns how many (type, month) pairs were held."""
    earlier = Batch.objects.filter(kind=BatchKind.DEMAND, agency=agency)
    if not type_months or not earlier.exists():
        return 0
    held = (
        set(DemandRecord.objects.filter(batch__in=earlier).values_list("demand_type_id", "month"))
        & type_months
    )
    slugs = dict(DemandType.objects.filter(pk__in={t for t, _m in held}).values_list("pk", "slug"))
    for type_id, month in held:
        DemandRecord.objects.filter(batch__in=earlier, demand_type_id=type_id, month=month).delete()
        for model in (LsoaMonthCount, ZoneMonthCount):
            model.objects.filter(
                batch__in=earlier, source=BatchKind.DEMAND, category=slugs[type_id], month=month
            ).delete()
    emptied = earlier.exclude(pk__in=DemandRecord.objects.values("batch_id"))
    for batch in emptied.values_list("pk", flat=True):
        partitions.drop(LsoaMonthCount, batch)
    emptied.delete()
    return len(held)
