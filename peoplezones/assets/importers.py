"""Reading asset files: the CSV template, OpenStreetMap extracts (GeoJSON, .osm.pbf) and Open
Referral UK JSON. Each reader turns a file into checked rows or a list of problems naming the line
(or feature, or service) and the field; nothing is written here (see services.apply_rows)."""

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from shapely.geometry import shape

from peoplezones.assets.models import Asset, AssetKind, ResidentialPoint, Source, Visibility
from peoplezones.assets.taxonomy import Matcher
from peoplezones.core import csvfile, jsoninput
from peoplezones.core.geo import in_uk
from peoplezones.core.postcodes import normalise_postcode

Progress = Callable[[int, int], None]

# The CSV template's columns, in order, and the asset field each fills.
CSV_COLUMNS = {
    "id": None,
    "name": "name",
    "category": "category",
    "kind": "kind",
    "description": "description",
    "audience": "audience",
    "min_age": "min_age",
    "max_age": "max_age",
    "languages": "languages",
    "accessibility": "accessibility",
    "cost": "cost",
    "cost_detail": "cost_detail",
    "opening_times": "opening_times",
    "phone": "phone",
    "email": "email",
    "website": "website",
    "organisation": "organisation_name",
    "address": "address",
    "postcode": "postcode",
    "latitude": "lat",
    "longitude": "lon",
    "visibility": "visibility",
    "last_verified": "last_verified",
}
REQUIRED_COLUMNS = ("name", "category")
FIELD_TO_COLUMN = {v: k for k, v in CSV_COLUMNS.items() if v}

# The fields an import may set; comparing them tells updated from unchanged.
ASSET_FIELDS = [
    "kind", "category", "name", "description", "audience", "min_age", "max_age", "languages",
    "accessibility", "cost", "cost_detail", "opening_times", "phone", "email", "website",
    "organisation_name", "address", "postcode", "lon", "lat", "visibility", "last_verified",
]  # fmt: skip


class RowForm(forms.ModelForm):
    """One imported row, checked by the asset's own field rules."""

    website = forms.URLField(required=False, max_length=300, assume_scheme="https")

    class Meta:
        model = Asset
        fields = ASSET_FIELDS


@dataclass(frozen=True)
class Problem:
    where: str  # "Line 4", "Feature 12 (node/123)", "Service 3 (id ...)"
    field: str
    message: str

    def __str__(self) -> str:
        return (
            f"{self.where}, {self.field}: {self.message}"
            if self.field
            else f"{self.where}: {self.message}"
        )


@dataclass
class Incoming:
    source: str
    source_id: str
    values: dict[str, Any]
    where: str = ""
    id_field: str = "id"  # where the identifier came from, for messages


@dataclass
class Parsed:
    rows: list[Incoming] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: int = 0  # features that are not community assets (OSM extracts hold everything)
    total: int = 0


class FileRefused(ValueError):
    """The whole file is unreadable (wrong format, missing columns); the message says why."""


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileRefused(
            _("%(name)s is not UTF-8 text (byte %(at)s). Save it as CSV UTF-8 and try again.")
            % {"name": name, "at": error.start}
        ) from None


# Files given to the import command can be far larger than a web upload.
MAX_JSON_BYTES = 1_000_000_000


def _load_json(raw: bytes, name: str) -> Any:
    try:
        return jsoninput.loads(raw, max_bytes=MAX_JSON_BYTES, name=name)
    except jsoninput.JSONRefused as refused:
        raise FileRefused(str(refused)) from None


class Locator:
    """Coordinates for a row: its own, or its postcode's centroid from imported postcode points."""

    def __init__(self) -> None:
        self._cache: dict[str, tuple[float, float] | None] = {}

    def postcode(self, postcode: str) -> tuple[float, float] | None:
        if postcode not in self._cache:
            point = ResidentialPoint.objects.filter(code=postcode).values_list("lon", "lat").first()
            self._cache[postcode] = point
        return self._cache[postcode]


def check_row(
    values: dict[str, Any],
    where: str,
    matcher: Matcher,
    locator: Locator,
    column: Callable[[str], str],
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Validate one row's values (strings) with the asset's own field rules."""
    problems: list[Problem] = []
    data = {k: ("" if v is None else str(v).strip()) for k, v in values.items()}
    category = matcher.category(data.get("category", ""))
    if not category:
        problems.append(
            Problem(
                where,
                column("category"),
                _("'%(value)s' is not a category we know (see the template's list).")
                % {"value": data.get("category", "")},
            )
        )
    else:
        data["category"] = str(category.pk)
        data["kind"] = (data.get("kind") or category.kind).lower()
    data["visibility"] = (
        data.get("visibility")
        or (
            Visibility.COORDINATORS
            if data.get("kind") == AssetKind.INDIVIDUAL
            else Visibility.PUBLIC
        )
    ).lower()
    data["cost"] = (data.get("cost") or "").lower()
    if data.get("postcode"):
        postcode = normalise_postcode(data["postcode"])
        if not postcode:
            problems.append(
                Problem(
                    where,
                    column("postcode"),
                    _("'%(value)s' is not a UK postcode.") % {"value": data["postcode"]},
                )
            )
        else:
            data["postcode"] = postcode
    if not data.get("lat") and not data.get("lon") and data.get("postcode") and not problems:
        found = locator.postcode(data["postcode"])
        if found:
            data["lon"], data["lat"] = (str(v) for v in found)
    if not data.get("lat") and not data.get("lon"):
        problems.append(
            Problem(
                where,
                column("lat") + "/" + column("lon"),
                _(
                    "no location: give latitude and longitude, or a postcode from the imported postcode file."
                ),
            )
        )
    form = RowForm(data)
    if not form.is_valid():
        for name, errors in form.errors.items():
            if name in ("category", "kind") and not category:
                continue
            if name in ("lat", "lon") and any(p.field.startswith(column("lat")) for p in problems):
                continue
            for error in errors:
                problems.append(
                    Problem(where, column(name), f"{error} ({_('was')} '{data.get(name, '')}')")
                )
    if problems:
        return None, problems
    cleaned = form.cleaned_data
    if not in_uk(cleaned["lon"], cleaned["lat"]):
        hint = _(" The numbers look swapped.") if in_uk(cleaned["lat"], cleaned["lon"]) else ""
        return None, [
            Problem(
                where,
                column("lat") + "/" + column("lon"),
                _("the point (%(lat)s, %(lon)s) is outside the UK.")
                % {"lat": cleaned["lat"], "lon": cleaned["lon"]}
                + hint,
            )
        ]
    if (
        cleaned.get("min_age") is not None
        and cleaned.get("max_age") is not None
        and cleaned["min_age"] > cleaned["max_age"]
    ):
        return None, [Problem(where, column("min_age"), _("the youngest age is above the oldest."))]
    cleaned["lon"], cleaned["lat"] = round(cleaned["lon"], 6), round(cleaned["lat"], 6)
    return cleaned, []


def _finish(parsed: Parsed, keep_good: bool = False) -> Parsed:
    """A file with any problem keeps no rows (all or nothing); a feed being kept in step
    (``keep_good``) keeps its good rows, each problem row left out and reported."""
    seen: dict[tuple[str, str], str] = {}
    repeated = []
    for row in parsed.rows:
        key = (row.source, row.source_id)
        if key in seen:
            repeated.append(row)
            parsed.problems.append(
                Problem(
                    row.where,
                    "id",
                    _("the same identifier '%(id)s' is already used at %(first)s.")
                    % {"id": row.source_id, "first": seen[key]},
                )
            )
        seen[key] = row.where
    if keep_good:
        dropped = {id(row) for row in repeated}  # the second and later uses of an id
        parsed.rows = [row for row in parsed.rows if id(row) not in dropped]
    elif parsed.problems:
        parsed.rows = []
    return parsed


def _natural_key(values: dict[str, Any]) -> str:
    """For rows without an identifier: the same name at the same place is the same asset."""
    name = re.sub(r"\s+", " ", values["name"]).strip().casefold()
    return f"{name}@{values['lat']:.4f},{values['lon']:.4f}"


# CSV ---------------------------------------------------------------------------------------------


def csv_template() -> str:
    example = [
        "lib-1", "Braunstone Library", "library", "service", "Books, computers and a warm space.",
        "Everyone", "", "", "English, Gujarati", "Step-free entrance", "free", "",
        "Mon-Sat 9:00-17:00", "0116 000 0000", "library@example.org", "https://example.org/library",
        "Leicester City Council", "1 Main Street, Leicester", "LE3 1AB", "52.6270", "-1.1800",
        "public", date.today().isoformat(),
    ]  # fmt: skip
    return csvfile.text([list(CSV_COLUMNS), example])


@contextmanager
def csv_lines_readable(name: str, reader: Any) -> Iterator[None]:
    """A line no CSV reader can take (a field of megabytes, say) refuses the file, naming it
    (a DictReader's own line_num lags behind the line that failed: its inner reader's does not)."""
    try:
        yield
    except csv.Error as error:
        raise FileRefused(
            _("%(name)s, line %(n)s: this line could not be read as CSV (%(error)s).")
            % {"name": name, "n": getattr(reader, "reader", reader).line_num, "error": error}
        ) from None


def read_csv(raw: bytes, name: str, progress: Progress | None = None) -> Parsed:
    text = _decode(raw, name)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    with csv_lines_readable(name, reader):
        return _read_csv_rows(reader, text, name, progress)


def _read_csv_rows(
    reader: csv.DictReader, text: str, name: str, progress: Progress | None
) -> Parsed:
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise FileRefused(
            _("%(name)s is missing the column(s) %(cols)s. Start from the template.")
            % {"name": name, "cols": ", ".join(missing)}
        )
    unknown = [h for h in header if h and h not in CSV_COLUMNS]
    if unknown:
        raise FileRefused(
            _("%(name)s has column(s) we do not know: %(cols)s. The template lists the columns.")
            % {"name": name, "cols": ", ".join(unknown)}
        )
    reader.fieldnames = header
    total = text.count("\n")
    matcher, locator, parsed = Matcher(), Locator(), Parsed()
    for record in reader:
        where = _("Line %(n)s") % {"n": reader.line_num}
        parsed.total += 1
        if not any((v or "").strip() for k, v in record.items() if k):
            continue
        # Our own downloads guard formulas with an apostrophe (core.csvfile): taken off again.
        values = {
            CSV_COLUMNS[k]: csvfile.restore_cell(v or "")
            for k, v in record.items()
            if CSV_COLUMNS.get(k)
        }
        cleaned, problems = check_row(
            values, where, matcher, locator, lambda f: FIELD_TO_COLUMN.get(f, f)
        )
        parsed.problems.extend(problems)
        if cleaned:
            identifier = csvfile.restore_cell((record.get("id") or "").strip())
            identifier = identifier or _natural_key(cleaned)
            parsed.rows.append(Incoming(Source.CSV, identifier, cleaned, where))
        if progress and parsed.total % 500 == 0:
            progress(reader.line_num, total)
    if progress:
        progress(total, total)
    return _finish(parsed)


# OpenStreetMap -----------------------------------------------------------------------------------

OSM_ID = re.compile(r"^(node|way|relation)/\d+$")


def _osm_values(tags: dict[str, Any], category: Any) -> dict[str, Any]:
    """Map an OSM object's tags (and our own pz: keys, when the file came from us) to fields."""
    address = ", ".join(
        str(tags[k]) for k in ("addr:housenumber", "addr:street", "addr:city") if tags.get(k)
    )
    values = {
        "name": tags.get("name") or "",
        "category": tags.get("pz:category") or (category.slug if category else ""),
        "kind": tags.get("pz:kind", ""),
        "description": tags.get("description", ""),
        "audience": tags.get("pz:audience", ""),
        "min_age": tags.get("min_age", ""),
        "max_age": tags.get("max_age", ""),
        "languages": tags.get("pz:languages", ""),
        "accessibility": tags.get("pz:accessibility") or _wheelchair(tags.get("wheelchair")),
        "cost": tags.get("pz:cost")
        or {"no": "free", "yes": "paid"}.get(str(tags.get("fee", "")), ""),
        "cost_detail": tags.get("charge", ""),
        "opening_times": tags.get("opening_hours", ""),
        "phone": tags.get("phone") or tags.get("contact:phone", ""),
        "email": tags.get("email") or tags.get("contact:email", ""),
        "website": tags.get("website") or tags.get("contact:website", ""),
        "organisation_name": tags.get("operator", ""),
        "address": tags.get("pz:address") or address,
        "postcode": tags.get("addr:postcode", ""),
        "visibility": tags.get("pz:visibility", ""),
        "last_verified": tags.get("pz:last_verified") or _check_date(tags.get("check_date")),
    }
    return values


def _wheelchair(value: Any) -> str:
    return {
        "yes": "Wheelchair accessible",
        "limited": "Limited wheelchair access",
        "no": "Not wheelchair accessible",
    }.get(str(value or ""), "")


def _check_date(value: Any) -> str:
    text = str(value or "")
    return text if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else ""


def _osm_row(
    parsed: Parsed,
    matcher: Matcher,
    locator: Locator,
    where: str,
    identifier: str,
    tags: dict[str, Any],
    lon: float,
    lat: float,
) -> None:
    parsed.total += 1
    category = matcher.from_osm(tags)
    if not category and not tags.get("pz:category"):
        parsed.skipped += 1
        return
    if not tags.get("name"):
        parsed.skipped += 1  # unnamed benches of the map: not something to signpost people to
        return
    values = _osm_values(tags, category)
    values["lon"], values["lat"] = lon, lat
    cleaned, problems = check_row(values, where, matcher, locator, lambda f: f)
    parsed.problems.extend(problems)
    if cleaned:
        source = tags.get("pz:source") or Source.OSM
        source_id = tags.get("pz:source_id") or identifier or _natural_key(cleaned)
        id_field = "pz:source_id" if tags.get("pz:source_id") else "@id"
        if source not in Source.values:
            parsed.problems.append(
                Problem(
                    where,
                    "pz:source",
                    _("'%(value)s' is not a source we know.") % {"value": source},
                )
            )
            return
        parsed.rows.append(Incoming(source, source_id, cleaned, where, id_field))


def read_osm_geojson(raw: bytes, name: str, progress: Progress | None = None) -> Parsed:
    data = _load_json(raw, name)
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise FileRefused(_("%(name)s is not a GeoJSON FeatureCollection.") % {"name": name})
    features = data.get("features") or []
    matcher, locator, parsed = Matcher(), Locator(), Parsed()
    for number, feature in enumerate(features, start=1):
        properties = (feature or {}).get("properties") or {}
        tags = (
            dict(properties.get("tags") or {}) if isinstance(properties.get("tags"), dict) else {}
        )
        tags.update(
            {k: v for k, v in properties.items() if k != "tags" and not isinstance(v, (dict, list))}
        )
        identifier = str(properties.get("@id") or feature.get("id") or properties.get("id") or "")
        if re.fullmatch(r"[nwr]\d+", identifier):  # osmium export's short form
            identifier = (
                {"n": "node", "w": "way", "r": "relation"}[identifier[0]] + "/" + identifier[1:]
            )
        where = _("Feature %(n)s") % {"n": number} + (f" ({identifier})" if identifier else "")
        try:
            geometry = shape(feature["geometry"])
            point = geometry if geometry.geom_type == "Point" else geometry.representative_point()
            lon, lat = float(point.x), float(point.y)
        except (KeyError, TypeError, ValueError, AttributeError):
            parsed.total += 1
            parsed.problems.append(
                Problem(where, "geometry", _("missing or not a usable geometry."))
            )
            continue
        _osm_row(parsed, matcher, locator, where, identifier, tags, lon, lat)
        if progress and number % 500 == 0:
            progress(number, len(features))
    return _finish(parsed)


def read_osm_pbf(
    path: Path, name: str, progress: Progress | None = None, keep_good: bool = False
) -> Parsed:
    """Nodes and closed ways with community-asset tags, through pyosmium. Ways are placed at the
    centre of their nodes (locations resolved by osmium's node location index)."""
    import osmium  # loaded only for a .osm.pbf file: a large native library most imports never need

    matcher, locator, parsed = Matcher(), Locator(), Parsed()
    try:
        processor = osmium.FileProcessor(str(path)).with_locations()
        for count, obj in enumerate(processor, start=1):
            if obj.is_relation() or not len(obj.tags):
                continue
            tags = {tag.k: tag.v for tag in obj.tags}
            if obj.is_node():
                lon, lat = obj.location.lon, obj.location.lat
                identifier = f"node/{obj.id}"
            else:
                points = [(n.lon, n.lat) for n in obj.nodes if n.location.valid()]
                if not points:
                    continue
                lon = sum(p[0] for p in points) / len(points)
                lat = sum(p[1] for p in points) / len(points)
                identifier = f"way/{obj.id}"
            _osm_row(parsed, matcher, locator, identifier, identifier, tags, lon, lat)
            if progress and count % 5000 == 0:
                progress(count, 0)
    except RuntimeError as error:
        raise FileRefused(
            _("%(name)s could not be read as an OpenStreetMap file: %(error)s")
            % {"name": name, "error": error}
        ) from None
    return _finish(parsed, keep_good)


# Open Referral UK --------------------------------------------------------------------------------


def _services_in(data: Any) -> Iterator[dict[str, Any]]:
    """A paged /services envelope, a list of services, a single service, or a package of them."""
    if isinstance(data, list):
        yield from data
    elif isinstance(data, dict) and isinstance(data.get("contents"), list):
        yield from data["contents"]
    elif isinstance(data, dict) and isinstance(data.get("services"), list):
        yield from data["services"]
    elif isinstance(data, dict) and "name" in data and "id" in data:
        yield data
    else:
        raise FileRefused(
            _(
                "This is not Open Referral UK JSON: expected services (a list, a page with 'contents', or one service)."
            )
        )


def _first(items: Iterable[Any] | None) -> dict[str, Any]:
    for item in items or []:
        if isinstance(item, dict):
            return item
    return {}


COST_WORDS = {"free": "free", "low cost": "low", "paid": "paid"}


def _oruk_values(service: dict[str, Any], matcher: Matcher) -> tuple[dict[str, Any], str]:
    at = _first(service.get("service_at_locations"))
    location = at.get("location") or _first(service.get("locations"))
    address = _first(location.get("addresses")) if location else {}
    terms = []
    for attribute in service.get("attributes") or []:
        term = (attribute or {}).get("taxonomy_term") or {}
        terms.extend([term.get("term") or "", term.get("name") or ""])
    category = matcher.from_terms([t for t in terms if t])
    cost = _first(service.get("cost_options"))
    schedule = _first(service.get("schedules"))
    accessibility = _first(location.get("accessibility")) if location else {}
    organisation = service.get("organization") or {}
    languages = ", ".join(
        str(lang.get("name"))
        for lang in service.get("languages") or []
        if isinstance(lang, dict) and lang.get("name")
    )
    phone = _first(service.get("phones")) or _first(_first(service.get("contacts")).get("phones"))
    address_text = ", ".join(str(address[k]) for k in ("address_1", "city") if address.get(k))
    if address_text == service.get("name"):
        address_text = ""  # our own exports repeat the name where a required address is missing
    amount = cost.get("amount")
    values = {
        "name": service.get("name") or "",
        "category": category.slug if category else matcher.fallback().slug,
        "description": service.get("description") or "",
        "audience": service.get("eligibility_description") or "",
        "min_age": service.get("minimum_age") if service.get("minimum_age") is not None else "",
        "max_age": service.get("maximum_age") if service.get("maximum_age") is not None else "",
        "languages": languages,
        "accessibility": accessibility.get("description") or "",
        "cost": "free"
        if amount in (0, "0")
        else COST_WORDS.get(str(cost.get("option") or "").casefold(), "paid" if amount else ""),
        "cost_detail": cost.get("amount_description") or "",
        "opening_times": schedule.get("description") or "",
        "phone": phone.get("number") or "",
        "email": service.get("email") or "",
        "website": service.get("url") or "",
        "organisation_name": organisation.get("name") or "",
        "address": address_text,
        "postcode": address.get("postal_code") or "",
        "lat": location.get("latitude") if location else "",
        "lon": location.get("longitude") if location else "",
        "visibility": Visibility.PUBLIC,
        "last_verified": (service.get("assured_date") or "")[:10],
    }
    return values, str(service.get("id") or "")


def read_openreferral(
    raw: bytes, name: str, progress: Progress | None = None, keep_good: bool = False
) -> Parsed:
    data = _load_json(raw, name)
    matcher, locator, parsed = Matcher(), Locator(), Parsed()
    services = list(_services_in(data))
    for number, service in enumerate(services, start=1):
        parsed.total += 1
        if not isinstance(service, dict):
            parsed.problems.append(
                Problem(_("Service %(n)s") % {"n": number}, "", _("not a JSON object."))
            )
            continue
        values, identifier = _oruk_values(service, matcher)
        where = _("Service %(n)s") % {"n": number} + (f" (id {identifier})" if identifier else "")
        if not identifier:
            parsed.problems.append(
                Problem(where, "id", _("every Open Referral service needs an id."))
            )
            continue
        if service.get("status") not in (None, "", "active"):
            parsed.skipped += 1
            continue
        cleaned, problems = check_row(values, where, matcher, locator, _oruk_column)
        parsed.problems.extend(problems)
        if cleaned:
            parsed.rows.append(Incoming(Source.OPENREFERRAL, identifier, cleaned, where))
        if progress and number % 500 == 0:
            progress(number, len(services))
    return _finish(parsed, keep_good)


def _oruk_column(field_name: str) -> str:
    return {
        "lat": "location.latitude", "lon": "location.longitude", "postcode": "address.postal_code",
        "website": "url", "audience": "eligibility_description", "min_age": "minimum_age",
        "max_age": "maximum_age", "last_verified": "assured_date", "phone": "phones.number",
        "category": "attributes.taxonomy_term",
    }.get(field_name, field_name)  # fmt: skip


READERS = {"csv": read_csv, "osm_geojson": read_osm_geojson, "openreferral": read_openreferral}
