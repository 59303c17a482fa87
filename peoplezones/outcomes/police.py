"""Reading police.uk bulk files: the street-level and outcomes layouts, recognised by their header.

A file is read whole before anything is stored: every problem is collected with the file, the row
(counting data rows from 1, after the header) and the reason, and any problem refuses the file.
Real quirks are not problems: a byte-order mark, CRLF line ends, quoted commas, anti-social
behaviour rows without a Crime ID, rows with no location, outcome names we have not seen before.

Two readers agree on every file: a columnar one (pyarrow's CSV reader and vectorised checks) takes
a well-formed national month in well under a second, and the row-by-row one is the reference,
used whenever the columnar reader sees anything irregular, to name each problem's row and reason."""

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
from django.utils.text import slugify

from peoplezones.core import archive, arrowinput

STREET_COLUMNS = (
    "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
    "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context",
)  # fmt: skip
OUTCOME_COLUMNS = (
    "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
    "LSOA code", "LSOA name", "Outcome type",
)  # fmt: skip
# The 14 published categories, with the short codes we store and show in URLs.
CATEGORIES = {
    "Anti-social behaviour": "anti-social-behaviour",
    "Bicycle theft": "bicycle-theft",
    "Burglary": "burglary",
    "Criminal damage and arson": "criminal-damage-arson",
    "Drugs": "drugs",
    "Other crime": "other-crime",
    "Other theft": "other-theft",
    "Possession of weapons": "possession-of-weapons",
    "Public order": "public-order",
    "Robbery": "robbery",
    "Shoplifting": "shoplifting",
    "Theft from the person": "theft-from-the-person",
    "Vehicle crime": "vehicle-crime",
    "Violence and sexual offences": "violent-crime",
}
ASB = "anti-social-behaviour"
CATEGORY_NAMES = {code: name for name, code in CATEGORIES.items()}

FILE_NAME = re.compile(
    r"(?P<month>\d{4}-\d{2})-(?P<force>[a-z0-9-]+?)-(?P<kind>street|outcomes)\.csv$"
)
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
LSOA = re.compile(r"^[EW]0[12]\d{6}$")
MAX_PROBLEMS = 20
HEX = "0123456789abcdefABCDEF"
# Great Britain and Northern Ireland with a margin: police.uk snap points all fall inside.
LON_RANGE, LAT_RANGE = (-8.9, 2.1), (49.8, 61.0)


class Refused(ValueError):
    """The file was not imported; `problems` names each one."""

    def __init__(self, name: str, problems: list[str]) -> None:
        self.name = name
        self.problems = problems
        super().__init__(f"{name}: " + "; ".join(problems))


OUTCOME_TYPES = (
    "Investigation complete; no suspect identified", "Unable to prosecute suspect",
    "Under investigation", "Status update unavailable", "Awaiting court outcome",
    "Offender given a caution", "Local resolution", "Action to be taken by another organisation",
    "Further investigation is not in the public interest", "Court result unavailable",
    "Offender sent to prison", "Offender given community sentence", "Offender fined",
    "Suspect charged", "Formal action is not in the public interest",
)  # fmt: skip


@dataclass(frozen=True)
class Layout:
    kind: str  # "street" or "outcomes", as in the file names
    columns: tuple[str, ...]
    type_column: str  # what each row counts as: its crime type, or its outcome type
    outcome_column: str | None
    id_required: bool  # outcome rows always belong to a crime

    def missing(self, header: list[str]) -> list[str]:
        return [c for c in self.columns if c not in header]


STREET = Layout("street", STREET_COLUMNS, "Crime type", "Last outcome category", False)
OUTCOMES = Layout("outcomes", OUTCOME_COLUMNS, "Outcome type", None, True)
LAYOUTS = {layout.kind: layout for layout in (STREET, OUTCOMES)}


RECORD_FIELDS = ("crime_id", "category", "lon", "lat", "location", "lsoa_code", "outcome")
RECORD_SCHEMA = pa.schema(
    [(f, pa.float64() if f in ("lon", "lat") else pa.string()) for f in RECORD_FIELDS]
)


@dataclass
class PoliceFile:
    name: str
    month: date
    force_slug: str
    force_name: str
    layout: Layout = STREET
    # RECORD_FIELDS: crime id, category (or outcome code), lon, lat, location, LSOA code, and the
    # last outcome (or the outcome type) as written.
    table: pa.Table = field(default_factory=RECORD_SCHEMA.empty_table)

    @property
    def kind(self) -> str:
        return self.layout.kind

    @property
    def count(self) -> int:
        return self.table.num_rows

    @property
    def without_location(self) -> int:
        return self.table.column("lon").null_count

    @property
    def rows(self) -> list[tuple]:
        """Row by row, for tests and small files."""
        return list(zip(*(self.table.column(f).to_pylist() for f in RECORD_FIELDS), strict=True))


def parse_point(lon_text: str, lat_text: str) -> tuple[str, float | None, float | None]:
    """(problem or "", lon, lat) from a row's Longitude and Latitude; both empty is no point."""
    lon_text, lat_text = lon_text.strip(), lat_text.strip()
    if not lon_text and not lat_text:
        return "", None, None
    try:
        lon, lat = float(lon_text), float(lat_text)
    except ValueError:
        return f"Longitude, Latitude: '{lon_text}', '{lat_text}' are not numbers", None, None
    if not (LON_RANGE[0] <= lon <= LON_RANGE[1] and LAT_RANGE[0] <= lat <= LAT_RANGE[1]):
        return f"Longitude, Latitude: {lon}, {lat} is not in the United Kingdom", None, None
    return "", lon, lat


def category_code(crime_type: str) -> str:
    """The stored code for a crime type; a type police.uk adds later gets a code of its own."""
    return CATEGORIES.get(crime_type) or slugify(crime_type)[:40]


def category_name(code: str) -> str:
    return CATEGORY_NAMES.get(code) or code.replace("-", " ").capitalize()


def parse_month(text: str) -> date | None:
    match = MONTH.match(text.strip())
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not 1 <= month <= 12 or year < 2008:
        return None
    return date(year, month, 1)


def name_parts(name: str) -> tuple[date | None, str, str]:
    """(month, force slug, kind) from a police.uk file name, or (None, "", "")."""
    match = FILE_NAME.search(PurePath(name).name)
    if not match:
        return None, "", ""
    return parse_month(match["month"]), match["force"], match["kind"]


def outcome_code(outcome_type: str) -> str:
    return slugify(outcome_type)[:80]


OUTCOME_NAMES = {outcome_code(name): name for name in OUTCOME_TYPES}


def outcome_name(code: str) -> str:
    return OUTCOME_NAMES.get(code) or code.replace("-", " ").capitalize()


def _text(data: bytes) -> io.StringIO:
    # utf-8-sig drops a byte-order mark; newline="" lets csv handle CRLF and quoted line ends.
    return io.StringIO(data.decode("utf-8-sig"), newline="")


def layout_for(data: bytes, name: str) -> Layout:
    """By the file name when it says (…-outcomes.csv), else by the header."""
    _month, _force, kind = name_parts(name)
    if kind:
        return LAYOUTS[kind]
    first_line = data[:4096].split(b"\n", 1)[0]
    return OUTCOMES if b"Outcome type" in first_line and b"Crime type" not in first_line else STREET


def read_file(data: bytes, name: str) -> PoliceFile:
    return read_police(data, name, layout_for(data, name))


def read_street(data: bytes, name: str) -> PoliceFile:
    return read_police(data, name, STREET)


def read_police(data: bytes, name: str, layout: Layout) -> PoliceFile:
    """Parse and check one file; raises Refused naming every problem found."""
    return _read_columns(data, name, layout) or _read_rows(data, name, layout)


def _read_rows(data: bytes, name: str, layout: Layout) -> PoliceFile:
    try:
        reader = csv.reader(_text(data))
        header = [h.strip() for h in next(reader, [])]
    except UnicodeDecodeError as error:
        raise Refused(name, [f"not UTF-8 text (byte {error.start})"]) from None
    except csv.Error as error:  # a first line no CSV reader can take, e.g. megabytes long
        raise Refused(name, [f"the first line is not a CSV header ({error})"]) from None
    missing = layout.missing(header)
    if missing:
        what = "street-level" if layout is STREET else "outcomes"
        raise Refused(
            name,
            [
                f"this is not the current police.uk {what} layout: missing column"
                + ("s " if len(missing) > 1 else " ")
                + ", ".join(f"'{c}'" for c in missing)
            ],
        )
    file_month, file_force, _kind = name_parts(name)
    problems: list[str] = []
    parsed = PoliceFile(
        name=name, month=file_month or date.min, force_slug=file_force, force_name="",
        layout=layout,
    )  # fmt: skip
    months: set[date] = set()
    forces: set[str] = set()
    records: list[tuple] = []
    rows = _Rows(layout, header)
    try:
        for number, row in enumerate(reader, start=1):
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # a blank line
            error, record, month, force = rows.check(row)
            if error:
                problems.append(f"row {number:,}: {error}")
                if len(problems) >= MAX_PROBLEMS:
                    problems.append("stopped after 20 problems")
                    break
                continue
            months.add(month)
            forces.add(force)
            records.append(record)
    except csv.Error as error:
        problems.append(f"row {reader.line_num:,}: {error}")
    except UnicodeDecodeError as error:
        problems.append(f"not UTF-8 text (byte {error.start})")
    if not problems:
        problems += _check_file(parsed, file_month, months, forces)
    if problems:
        raise Refused(name, problems)
    parsed.table = pa.Table.from_arrays(
        [pa.array(list(values), type=RECORD_SCHEMA.field(i).type)
         for i, values in enumerate(zip(*records, strict=True))],
        schema=RECORD_SCHEMA,
    )  # fmt: skip
    return parsed


class _Rows:
    """Checks rows one at a time: the columns' positions worked out once, and months, types and
    LSOA codes (a few thousand distinct values in 600,000 rows) checked once each."""

    def __init__(self, layout: Layout, header: list[str]) -> None:
        self.layout = layout
        self.width = len(header)
        at = {column: header.index(column) for column in layout.columns}
        self.i = [
            at["Crime ID"], at["Month"], at["Falls within"], at["Longitude"], at["Latitude"],
            at["Location"], at["LSOA code"], at[layout.type_column],
            at[layout.outcome_column] if layout.outcome_column else None,
        ]  # fmt: skip
        self.code = category_code if layout is STREET else outcome_code
        self.months: dict[str, date | None] = {}
        self.lsoas: dict[str, bool] = {"": True}
        self.types: dict[str, str] = {}

    def check(self, row: list[str]) -> tuple[str, tuple, date | None, str]:
        if len(row) != self.width:
            return f"has {len(row)} columns, the header has {self.width}", (), None, ""
        i_id, i_month, i_force, i_lon, i_lat, i_loc, i_lsoa, i_type, i_out = self.i
        month_text = row[i_month]
        month = self.months.get(month_text, date.min)
        if month is date.min:
            month = self.months[month_text] = parse_month(month_text)
        if month is None:
            return f"Month: '{month_text.strip()}' is not a month like 2024-03", (), None, ""
        type_text = row[i_type].strip()
        code = self.types.get(type_text)
        if code is None:
            if not type_text:
                return f"{self.layout.type_column}: empty", (), None, ""
            code = self.types[type_text] = self.code(type_text)
        crime_id = row[i_id].strip()
        if crime_id and (len(crime_id) != 64 or crime_id.strip(HEX)):
            return f"Crime ID: '{crime_id[:70]}' is not 64 hexadecimal characters", (), None, ""
        if not crime_id and self.layout.id_required:
            return "Crime ID: empty (every outcome belongs to a crime)", (), None, ""
        error, lon, lat = parse_point(row[i_lon], row[i_lat])
        if error:
            return error, (), None, ""
        lsoa = row[i_lsoa].strip()
        known = self.lsoas.get(lsoa)
        if known is None:
            known = self.lsoas[lsoa] = bool(LSOA.match(lsoa))
        if not known:
            return f"LSOA code: '{lsoa}' is not an LSOA code like E01013612", (), None, ""
        outcome = row[i_out].strip()[:120] if i_out is not None else type_text[:120]
        record = (crime_id.lower(), code, lon, lat, row[i_loc].strip()[:200], lsoa, outcome)
        return "", record, month, row[i_force].strip()


# The columnar reader -------------------------------------------------------------------------------

_ID = r"^([0-9a-fA-F]{64})?$"
_NUMBER = r"^-?[0-9]{1,3}(\.[0-9]+)?$"
_LSOA_OR_EMPTY = r"^([EW]0[12][0-9]{6})?$"


def _all(mask: pa.Array) -> bool:
    return bool(pc.all(mask).as_py()) if len(mask) else True


def _read_columns(data: bytes, name: str, layout: Layout) -> PoliceFile | None:
    """A well-formed file, read column by column; None when anything at all is irregular, so the
    row-by-row reader can name it."""
    found = _columns(arrowinput.reader(data), name, layout)
    if found is None:
        return None
    parsed, months, forces = found
    problems = _check_file(parsed, name_parts(name)[0], months, forces)
    if problems:
        raise Refused(name, problems)
    return parsed


class Irregular(Exception):
    """The columnar reader met something it cannot vouch for: the row-by-row reader must look."""


# A national month (130 MB) is read in pieces of this size, so that one is stored while the next
# is read; the first is smaller, so storing starts sooner.
PIECE_BYTES = 16 << 20
FIRST_PIECE_BYTES = 2 << 20


def read_pieces(
    data: bytes, name: str, layout: Layout, size: int | None = None
) -> Iterator[PoliceFile]:
    """A well-formed file in pieces of about `size` bytes (each cut at the end of a row, never
    inside a quoted field), each read column by column, with the file's month and force checked
    across every piece read so far. Raises Irregular, possibly after some pieces, at anything the
    columnar reader cannot vouch for, so a caller storing the pieces as they come must be able to
    undo them (a transaction) and then ask read_police to name the problems."""
    header_end = data.find(b"\n") + 1
    if not header_end or header_end == len(data):
        raise Irregular
    header, file_month = data[:header_end], name_parts(name)[0]
    months: set[date] = set()
    forces: set[str] = set()
    start = header_end
    while start < len(data):
        first = start == header_end
        end = _piece_end(data, start, size or (FIRST_PIECE_BYTES if first else PIECE_BYTES))
        found = _columns(arrowinput.reader(header, memoryview(data)[start:end]), name, layout)
        if found is None:
            raise Irregular
        part, part_months, part_forces = found
        months |= part_months
        forces |= part_forces
        if _check_file(part, file_month, months, forces):
            raise Irregular
        yield part
        start = end


def _piece_end(data: bytes, start: int, size: int) -> int:
    """Where a piece from `start` ends: the first line end after `size` bytes with an even number
    of quotes before it (so not inside a quoted field), or the end of the data."""
    end = start + size
    if end >= len(data):
        return len(data)
    quotes = data.count(b'"', start, end)
    while True:
        line_end = data.find(b"\n", end)
        if line_end == -1:
            return len(data)
        quotes += data.count(b'"', end, line_end)
        if quotes % 2 == 0:
            return line_end + 1
        end = line_end + 1


def _columns(
    source: pa.BufferReader, name: str, layout: Layout
) -> tuple[PoliceFile, set[date], set[str]] | None:
    """The rows, with the months and forces they name (for the file-wide checks), or None. The
    bytes come in Arrow's own memory (core.arrowinput), never as Python bytes."""
    try:
        table = pa_csv.read_csv(
            source,
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(layout.columns, pa.string()),
                include_columns=list(layout.columns),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowKeyError):
        return None  # a missing column, ragged rows, not UTF-8, ...
    if table.num_rows == 0:
        return None
    column = {c: table.column(c) for c in layout.columns}
    month_texts = pc.unique(column["Month"]).to_pylist()
    forces = {f.strip() for f in pc.unique(column["Falls within"]).to_pylist()}
    ids, lons, lats, lsoas = (
        column["Crime ID"], column["Longitude"], column["Latitude"], column["LSOA code"]
    )  # fmt: skip
    well_formed = (
        len(month_texts) == 1
        and parse_month(month_texts[0]) is not None
        and _all(
            pc.match_substring_regex(ids, "^([0-9a-fA-F]{64})$" if layout.id_required else _ID)
        )
        and _all(pc.match_substring_regex(lsoas, _LSOA_OR_EMPTY))
        and _all(pc.or_(pc.match_substring_regex(lons, _NUMBER), pc.equal(lons, "")))
        and _all(pc.or_(pc.match_substring_regex(lats, _NUMBER), pc.equal(lats, "")))
        and _all(pc.equal(pc.equal(lons, ""), pc.equal(lats, "")))
    )
    if not well_formed:
        return None
    empty = pa.scalar(None, pa.string())
    lon = pc.cast(pc.if_else(pc.equal(lons, ""), empty, lons), pa.float64())
    lat = pc.cast(pc.if_else(pc.equal(lats, ""), empty, lats), pa.float64())
    inside = pc.and_(
        pc.and_(pc.greater_equal(lon, LON_RANGE[0]), pc.less_equal(lon, LON_RANGE[1])),
        pc.and_(pc.greater_equal(lat, LAT_RANGE[0]), pc.less_equal(lat, LAT_RANGE[1])),
    )
    if not _all(pc.fill_null(inside, True)):
        return None
    types = pc.dictionary_encode(column[layout.type_column].combine_chunks())
    type_texts = [t.strip() for t in types.dictionary.to_pylist()]
    if not all(type_texts):
        return None
    code = category_code if layout is STREET else outcome_code
    codes = pc.take(pa.array([code(t) for t in type_texts]), types.indices)
    outcome = (
        column[layout.outcome_column]
        if layout.outcome_column
        else pc.take(pa.array(type_texts), types.indices)
    )
    file_month, file_force, _kind = name_parts(name)
    parsed = PoliceFile(
        name=name, month=file_month or date.min, force_slug=file_force, force_name="",
        layout=layout,
    )  # fmt: skip
    parsed.table = pa.Table.from_arrays(
        [pc.ascii_lower(ids), codes, lon, lat, _trimmed(column["Location"], 200), lsoas,
         _trimmed(outcome, 120)],
        schema=RECORD_SCHEMA,
    )  # fmt: skip
    return parsed, {parse_month(month_texts[0])}, forces


def _trimmed(values: pa.Array, length: int) -> pa.Array:
    return pc.utf8_slice_codeunits(pc.utf8_trim_whitespace(values), 0, length)


def _check_file(parsed: PoliceFile, file_month: date | None, months: set, forces: set) -> list[str]:
    problems = []
    if len(months) > 1:
        listed = ", ".join(sorted(f"{m:%Y-%m}" for m in months))
        problems.append(f"rows from more than one month ({listed}); one file holds one month")
    elif months:
        (month,) = months
        if file_month and month != file_month:
            problems.append(
                f"the rows are for {month:%Y-%m} but the file name says {file_month:%Y-%m}"
            )
        parsed.month = month
    else:
        problems.append("no rows")
    named = sorted(f for f in forces if f)
    if len(named) > 1:
        problems.append(
            f"rows from more than one force ({', '.join(named)}); one file holds one force"
        )
    parsed.force_name = named[0] if named else parsed.force_slug.replace("-", " ").title()
    if not parsed.force_slug:
        parsed.force_slug = slugify(parsed.force_name.removesuffix(" Police"))
    if not parsed.force_slug:
        problems.append("no force: name the file like 2024-03-leicestershire-street.csv")
    return problems


def police_files(path: PurePath, data: bytes) -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of every street-level and outcomes file in a CSV or a police.uk zip download
    (stop-and-search files are left out); a zip's members are read within core.archive's limits."""
    if path.suffix.lower() == ".zip":
        yield from archive.members(
            data, lambda name: name.endswith(("-street.csv", "-outcomes.csv"))
        )
    else:
        yield path.name, data
