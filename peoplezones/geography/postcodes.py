"""The ONS Postcode Directory (ONSPD) or National Statistics Postcode Lookup (NSPL): about 2.7
million rows, read by header (the column names differ between products and editions), checked
whole, and loaded all or nothing, replacing the directory held before."""

import io
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
from django.conf import settings
from django.db import transaction

from peoplezones.core import arrowinput
from peoplezones.core.bulk import bulk_insert_table
from peoplezones.core.postcodes import normalise_postcode
from peoplezones.geography.models import Postcode

# What we keep, and the header names each product and edition uses for it, in preference order.
COLUMNS = {
    "postcode": ("pcds", "pcd", "pcd2", "pcd7", "pcd8"),
    "lat": ("lat",),
    "lon": ("long", "lon", "lng"),
    "lsoa_code": ("lsoa21", "lsoa21cd", "lsoa11", "lsoa11cd"),
    "lad_code": ("oslaua", "laua", "lad", "lad25cd", "lad24cd", "lad23cd", "lad22cd", "lad21cd"),
    "terminated": ("doterm",),
}
REQUIRED = ("postcode", "lat", "lon")
MAX_PROBLEMS = 20
NO_GRID_LAT = 99.0  # ONSPD gives 99.999999 for postcodes without a grid reference
_POSTCODE = r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$"
_NUMBER = r"^-?[0-9]{1,3}(\.[0-9]+)?$"
_AREA = r"^([A-Z][0-9]{8})?$"
_YEAR_MONTH = r"^([0-9]{6})?$"


class PostcodeImportError(ValueError):
    def __init__(self, name: str, problems: list[str]) -> None:
        self.name = name
        self.problems = problems
        super().__init__(f"{name}: " + "; ".join(problems))


@dataclass(frozen=True)
class Loaded:
    rows: int
    live: int
    columns: dict[str, str]  # what we keep -> the file's column


def columns_for(header: list[str]) -> tuple[dict[str, str], list[str]]:
    """(what we keep -> the header's name for it, what is missing)."""
    lowered = {name.strip().lower(): name for name in header}
    found = {}
    for key, names in COLUMNS.items():
        for name in names:
            if name in lowered:
                found[key] = lowered[name]
                break
    missing = [f"{key} (one of {', '.join(COLUMNS[key])})" for key in REQUIRED if key not in found]
    return found, missing


def read(data: bytes, name: str) -> tuple[pa.Table, dict[str, str]]:
    """The checked directory as columns postcode, lat, lon, lsoa_code, lad_code, terminated."""
    header = data[:4096].split(b"\n", 1)[0].decode("utf-8-sig", "replace").strip()
    found, missing = columns_for([h.strip('"') for h in header.split(",")])
    if missing:
        raise PostcodeImportError(name, ["missing column " + "; ".join(missing)])
    try:
        table = pa_csv.read_csv(
            arrowinput.reader(data),  # never Python bytes: see core.arrowinput
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(found.values(), pa.string()),
                include_columns=list(found.values()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowKeyError) as error:
        raise PostcodeImportError(name, [str(error).replace("CSV parse error: ", "")]) from None
    column = {key: pc.utf8_trim_whitespace(table.column(found[key])) for key in found}
    empty = pa.array([""] * table.num_rows) if table.num_rows else pa.array([], pa.string())
    postcode = pc.replace_substring(pc.utf8_upper(column["postcode"]), " ", "")
    checks = [
        ("postcode", pc.match_substring_regex(postcode, _POSTCODE), "is not a postcode"),
        ("lat", pc.match_substring_regex(column["lat"], _NUMBER), "is not a latitude"),
        ("lon", pc.match_substring_regex(column["lon"], _NUMBER), "is not a longitude"),
        ("lsoa_code", _matches(column, "lsoa_code", _AREA), "is not an area code"),
        ("lad_code", _matches(column, "lad_code", _AREA), "is not an area code"),
        ("terminated", _matches(column, "terminated", _YEAR_MONTH), "is not a year and month"),
    ]
    problems = []
    for key, ok, reason in checks:
        if ok is None:
            continue
        for index in pc.indices_nonzero(pc.invert(ok)).to_pylist()[:MAX_PROBLEMS]:
            value = column[key][index].as_py()
            problems.append((index, f"line {index + 2:,}: {found[key]}: '{value[:30]}' {reason}"))
    if problems:
        raise PostcodeImportError(name, [text for _i, text in sorted(problems)[:MAX_PROBLEMS]])
    display = pc.binary_join_element_wise(
        pc.utf8_slice_codeunits(postcode, 0, -3), pc.utf8_slice_codeunits(postcode, -3), " "
    )
    counts = pc.value_counts(display)
    repeated = pc.filter(counts.field("values"), pc.greater(counts.field("counts"), 1))
    if len(repeated):
        listed = ", ".join(repeated.to_pylist()[:5])
        raise PostcodeImportError(name, [f"postcodes listed more than once: {listed}"])
    lat = pc.cast(column["lat"], pa.float64())
    no_grid = pc.greater(lat, NO_GRID_LAT)
    nothing = pa.scalar(None, pa.float64())
    terminated = column.get("terminated", empty)
    return pa.table(
        {
            "postcode": display,
            "lat": pc.if_else(no_grid, nothing, lat),
            "lon": pc.if_else(no_grid, nothing, pc.cast(column["lon"], pa.float64())),
            "lsoa_code": column.get("lsoa_code", empty),
            "lad_code": column.get("lad_code", empty),
            "terminated": _first_of_month(terminated),
        }
    ), found


def _matches(column: dict[str, pa.Array], key: str, pattern: str) -> pa.Array | None:
    return pc.match_substring_regex(column[key], pattern) if key in column else None


def _first_of_month(values: pa.ChunkedArray | pa.Array) -> pa.Array:
    """ "202403" -> 2024-03-01, "" -> null."""
    dated = pc.if_else(pc.equal(values, ""), pa.scalar(None, pa.string()), values)
    stamps = pc.strptime(pc.binary_join_element_wise(dated, "01", ""), format="%Y%m%d", unit="s")
    return pc.cast(stamps, pa.date32())


def load(
    path: Path,
    *,
    progress: Callable[[int], None] | None = None,
    stage: Callable[[str], None] = print,
) -> Loaded:
    """Check the whole file, then replace the directory with it in one transaction."""
    stage(f"{path.name}: reading and checking")
    table, found = read(path.read_bytes(), path.name)
    return _replace(table, found, path.name, progress, stage)


# The published zip: one whole-UK CSV (Data/ONSPD_NOV_2025_UK.csv) beside per-area ones.
UK_MEMBER = re.compile(r"(^|/)ONSPD_[A-Z]{3}_\d{4}_UK\.csv$", re.IGNORECASE)
BLOCK = 16 * 1024 * 1024


def load_zip(
    path: Path,
    *,
    local_authorities: Iterable[str],
    progress: Callable[[int], None] | None = None,
    stage: Callable[[str], None] = print,
) -> Loaded:
    """The ONSPD zip as published (about 2.7 million rows): its whole-UK CSV streamed, keeping
    only the live postcodes of ``local_authorities``, checked like a file, and loaded all or
    nothing in place of the postcodes held."""
    name = path.name
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise PostcodeImportError(
            name, ["not a zip file (the download may be an error page): nothing was changed"]
        ) from None
    with archive:
        csvs = [i for i in archive.infolist() if i.filename.lower().endswith(".csv")]
        member = next((i for i in csvs if UK_MEMBER.search(i.filename)), None)
        if member is None:
            listed = ", ".join(i.filename for i in csvs[:5]) or "no CSV files"
            raise PostcodeImportError(
                name, [f"no ONSPD_<MON>_<YEAR>_UK.csv in the zip (it holds {listed})"]
            )
        limit = settings.PZ_ZIP_MAX_MEMBER_MB * 1024 * 1024
        if member.file_size > limit:
            raise PostcodeImportError(
                name, [f"{member.filename} unpacks to {member.file_size:,} bytes, more than "
                       f"PZ_ZIP_MAX_MEMBER_MB ({settings.PZ_ZIP_MAX_MEMBER_MB} MB)"],
            )  # fmt: skip
        with archive.open(member) as first:
            header = first.readline().decode("utf-8-sig", "replace").strip()
        found, missing = columns_for([h.strip('"') for h in header.split(",")])
        if "lad_code" not in found:
            missing.append(f"lad_code (one of {', '.join(COLUMNS['lad_code'])})")
        if missing:
            raise PostcodeImportError(
                f"{name}: {member.filename}", ["missing column " + "; ".join(missing)]
            )
        stage(
            f"{name}: reading {member.file_size / 1e6:,.0f} MB, keeping the area's live postcodes"
        )
        wanted = pa.array(sorted(set(local_authorities)))
        kept, seen = [], 0
        with archive.open(member) as raw:
            try:
                reader = pa_csv.open_csv(
                    raw,
                    read_options=pa_csv.ReadOptions(block_size=BLOCK),
                    convert_options=pa_csv.ConvertOptions(
                        column_types=dict.fromkeys(found.values(), pa.string()),
                        include_columns=list(found.values()),
                        strings_can_be_null=False,
                        quoted_strings_can_be_null=False,
                    ),
                )
                for batch in reader:
                    seen += batch.num_rows
                    live = pc.is_in(
                        pc.utf8_trim_whitespace(batch.column(found["lad_code"])), wanted
                    )
                    if "terminated" in found:
                        live = pc.and_(live, pc.equal(pc.utf8_trim_whitespace(
                            batch.column(found["terminated"])), ""))  # fmt: skip
                    kept.append(pa.Table.from_batches([batch]).filter(live))
                    if progress:
                        progress(seen)
            except (pa.ArrowInvalid, zipfile.BadZipFile, EOFError) as error:
                raise PostcodeImportError(f"{name}: {member.filename}", [str(error)]) from None
    if not kept or not sum(t.num_rows for t in kept):
        raise PostcodeImportError(
            name, [f"none of its {seen:,} postcodes is a live one in the area's local authorities"]
        )
    out = io.BytesIO()
    pa_csv.write_csv(pa.concat_tables(kept), out)
    table, found = read(
        out.getvalue(),
        f"{name}: {member.filename} (its rows for the area, counted among themselves)",
    )
    return _replace(table, found, name, progress=None, stage=stage)


@transaction.atomic
def _replace(
    table: pa.Table,
    found: dict[str, str],
    name: str,
    progress: Callable[[int], None] | None,
    stage: Callable[[str], None],
) -> Loaded:
    stage(f"{name}: storing {table.num_rows:,} postcodes")
    Postcode.objects.all().delete()
    bulk_insert_table(Postcode, table.column_names, table, progress=progress, chunk=100_000)
    live = int(np.sum(table.column("terminated").is_null().to_numpy(zero_copy_only=False)))
    return Loaded(rows=table.num_rows, live=live, columns=found)


def lookup(postcodes: list[str]) -> dict[str, Postcode]:
    """Known postcodes among `postcodes` (any spacing and case), keyed by the text given."""
    wanted = {text: normalise_postcode(text) for text in postcodes}
    found = Postcode.objects.in_bulk([p for p in wanted.values() if p], field_name="postcode")
    return {text: found[code] for text, code in wanted.items() if code in found}
