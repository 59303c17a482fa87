"""Reading police.uk bulk files: the current street-level layout, recognised by its header.

A file is read whole before anything is stored: every problem is collected with the file, the row
(counting data rows from 1, after the header) and the reason, and any problem refuses the file.
Real quirks are not problems: a byte-order mark, CRLF line ends, quoted commas, anti-social
behaviour rows without a Crime ID, rows with no location, outcome names we have not seen before."""

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath

from django.utils.text import slugify

STREET_COLUMNS = (
    "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
    "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context",
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


@dataclass
class StreetFile:
    name: str
    month: date
    force_slug: str
    force_name: str
    # (crime id, category, lon, lat, location, lsoa code, outcome)
    rows: list[tuple[str, str, float | None, float | None, str, str, str]] = field(
        default_factory=list
    )

    @property
    def without_location(self) -> int:
        return sum(1 for row in self.rows if row[2] is None)


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


def _text(data: bytes) -> io.StringIO:
    # utf-8-sig drops a byte-order mark; newline="" lets csv handle CRLF and quoted line ends.
    return io.StringIO(data.decode("utf-8-sig"), newline="")


def read_street(data: bytes, name: str) -> StreetFile:
    """Parse and check one street-level file; raises Refused naming every problem found."""
    try:
        reader = csv.reader(_text(data))
        header = [h.strip() for h in next(reader, [])]
    except UnicodeDecodeError as error:
        raise Refused(name, [f"not UTF-8 text (byte {error.start})"]) from None
    missing = [c for c in STREET_COLUMNS if c not in header]
    if missing:
        raise Refused(
            name,
            [
                "this is not the current police.uk street-level layout: missing column"
                + ("s " if len(missing) > 1 else " ")
                + ", ".join(f"'{c}'" for c in missing)
            ],
        )
    at = {column: header.index(column) for column in STREET_COLUMNS}
    file_month, file_force, _kind = name_parts(name)
    problems: list[str] = []
    parsed = StreetFile(
        name=name, month=file_month or date.min, force_slug=file_force, force_name=""
    )
    months: set[date] = set()
    forces: set[str] = set()
    rows = _Rows(at, len(header))
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
            parsed.rows.append(record)
    except csv.Error as error:
        problems.append(f"row {reader.line_num:,}: {error}")
    except UnicodeDecodeError as error:
        problems.append(f"not UTF-8 text (byte {error.start})")
    if not problems:
        problems += _check_file(parsed, file_month, months, forces)
    if problems:
        raise Refused(name, problems)
    return parsed


class _Rows:
    """Checks rows fast: the columns' positions worked out once, and months, crime types and
    LSOA codes (a few thousand distinct values in 600,000 rows) checked once each."""

    def __init__(self, at: dict[str, int], width: int) -> None:
        self.width = width
        self.i = [at[c] for c in STREET_COLUMNS]
        self.months: dict[str, date | None] = {}
        self.lsoas: dict[str, bool] = {"": True}
        self.categories: dict[str, str] = {}

    def check(self, row: list[str]) -> tuple[str, tuple, date | None, str]:
        if len(row) != self.width:
            return f"has {len(row)} columns, the header has {self.width}", (), None, ""
        i_id, i_month, _by, i_force, i_lon, i_lat, i_loc, i_lsoa, _name, i_type, i_out, _ctx = (
            self.i
        )
        month_text = row[i_month]
        month = self.months.get(month_text, date.min)
        if month is date.min:
            month = self.months[month_text] = parse_month(month_text)
        if month is None:
            return f"Month: '{month_text.strip()}' is not a month like 2024-03", (), None, ""
        crime_type = row[i_type].strip()
        category = self.categories.get(crime_type)
        if category is None:
            if not crime_type:
                return "Crime type: empty", (), None, ""
            category = self.categories[crime_type] = category_code(crime_type)
        crime_id = row[i_id].strip()
        if crime_id and (len(crime_id) != 64 or crime_id.strip(HEX)):
            return f"Crime ID: '{crime_id[:70]}' is not 64 hexadecimal characters", (), None, ""
        lon_text, lat_text = row[i_lon].strip(), row[i_lat].strip()
        lon = lat = None
        if lon_text or lat_text:
            try:
                lon, lat = float(lon_text), float(lat_text)
            except ValueError:
                return (
                    f"Longitude, Latitude: '{lon_text}', '{lat_text}' are not numbers",
                    (),
                    None,
                    "",
                )
            if not (LON_RANGE[0] <= lon <= LON_RANGE[1] and LAT_RANGE[0] <= lat <= LAT_RANGE[1]):
                return (
                    f"Longitude, Latitude: {lon}, {lat} is not in the United Kingdom",
                    (),
                    None,
                    "",
                )
        lsoa = row[i_lsoa].strip()
        known = self.lsoas.get(lsoa)
        if known is None:
            known = self.lsoas[lsoa] = bool(LSOA.match(lsoa))
        if not known:
            return f"LSOA code: '{lsoa}' is not an LSOA code like E01013612", (), None, ""
        record = (
            crime_id.lower(), category, lon, lat, row[i_loc].strip()[:200], lsoa,
            row[i_out].strip()[:120],
        )  # fmt: skip
        return "", record, month, row[i_force].strip()


def _check_file(parsed: StreetFile, file_month: date | None, months: set, forces: set) -> list[str]:
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


def street_files(path: PurePath, data: bytes) -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of every street-level file in a CSV or a police.uk zip download."""
    import zipfile

    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in sorted(archive.infolist(), key=lambda i: i.filename):
                if info.filename.endswith("-street.csv") and not info.is_dir():
                    yield info.filename, archive.read(info)
    else:
        yield path.name, data
