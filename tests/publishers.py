"""A local stand-in for every publisher `setup_area` reads, shaped like their real answers, with
their real failures on demand. No test reaches the internet.

- ONS Open Geography Portal (ArcGIS feature services): the LSOA-ward-local authority lookup
  (`f=json`, `attributes`, `where ... IN (...)`, `resultOffset`/`resultRecordCount` paging with
  `exceededTransferLimit`, `returnCountOnly`) and the LSOA and ward boundary layers (`f=geojson`,
  the limit flag under `properties`), errors as ArcGIS sends them (status 200, an `error` object);
- Nomis (ONS mid-year estimates): CSV with `select=date_name,geography_code,obs_value`;
- GOV.UK assets: the English Indices of Deprivation File 7 CSV (2019 headers);
- the ONS Postcode Directory zip (`Data/ONSPD_NOV_2025_UK.csv` with its real column names);
- police.uk's API: `crimes-street-dates`, `forces/<id>`, `crimes-street/all-crime?poly=&date=`
  (latitude and longitude as strings; 503 above its per-polygon limit, as police.uk does);
- Geofabrik: a county `.osm.pbf` made with pyosmium, and its `.md5`;
- an Open Referral UK directory: `/services?page=&per_page=` with its paging envelope.

Files answer `Range` requests (206) like the real servers, so resumed downloads are tested. The
faults a test may switch on per route: "timeout", "429" (once, with Retry-After), "busy" (503 with
a Retry-After longer than we wait), "cut" (Content-Length promised, half sent), "notzip",
"rename" (a column or field renamed), "empty" (a month with no crimes), "forever" (pages that never
end), "error" (an ArcGIS error object)."""

import csv
import hashlib
import http.server
import io
import json
import random
import re
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import osmium

from tests import background

HOST = "127.0.0.2"  # allowed as if public in the tests (PZ_FETCH_ALLOW_NETWORKS)

# The area: three Leicester LSOAs and one in Rutland; Nottingham's is in the lookup, not the area.
LSOAS = [
    # code, name, ward code, ward name, LA code, LA name, (west, south, east, north)
    ("E01013601", "Leicester 001A", "E05010001", "Westcotes", "E06000016", "Leicester", (-1.20, 52.62, -1.18, 52.63)),
    ("E01013602", "Leicester 001B", "E05010001", "Westcotes", "E06000016", "Leicester", (-1.18, 52.62, -1.16, 52.63)),
    ("E01013603", "Leicester 002A", "E05010002", "Fosse", "E06000016", "Leicester", (-1.20, 52.63, -1.18, 52.64)),
    ("E01013701", "Rutland 001A", "E05010003", "Oakham", "E06000017", "Rutland", (-1.18, 52.63, -1.16, 52.64)),
    ("E01025001", "Nottingham 001A", "E05020001", "Arboretum", "E06000018", "Nottingham", (-1.16, 52.62, -1.14, 52.64)),
]  # fmt: skip
AREA_LAS = {"E06000016": "Leicester", "E06000017": "Rutland"}
POPULATIONS = {"E01013601": 1523, "E01013602": 1688, "E01013603": 1402, "E01013701": 1730,
               "E01025001": 1999}  # fmt: skip
CATEGORIES = ["anti-social-behaviour", "burglary", "violent-crime", "shoplifting", "vehicle-crime",
              "criminal-damage-arson", "public-order"]  # fmt: skip
CRIMES_IN_AREA = 40  # a month, plus a few just outside it (which are left out)
POLICE_LIMIT = 25  # crimes in one polygon before police.uk's 503 (10,000 on the real one)

LOOKUP = "/arcgis/rest/services/LSOA21_WD24_LAD24_EW_LU/FeatureServer/0/query"
LSOA_LAYER = "/arcgis/rest/services/LSOA_2021_EW_BGC_V5/FeatureServer/0/query"
WARD_LAYER = "/arcgis/rest/services/WD_DEC_2024_UK_BGC/FeatureServer/0/query"
NOMIS = "/api/v01/dataset/NM_2014_1.data.csv"
IMD = (
    "/media/5dc407b4/File_7_-_All_IoD2019_Scores__Ranks__Deciles_and_Population_Denominators_3.csv"
)
ONSPD = "/sharing/rest/content/items/onspd-nov-2025/data"
POLICE = "/police/api"
OSM = "/europe/united-kingdom/england/testshire-latest.osm.pbf"
ORUK = "/directory/api"


def _square(box: tuple) -> dict:
    west, south, east, north = box
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def _ward_shape(ward: str) -> dict:
    boxes = [row[6] for row in LSOAS if row[2] == ward]
    return {"type": "MultiPolygon", "coordinates": [_square(b)["coordinates"] for b in boxes]}


def _hex(seed: str) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()


def crimes_for(month: str) -> list[dict]:
    """The month's crimes as police.uk's API gives them, the same every time."""
    rng = random.Random(month)
    crimes = []
    for n in range(CRIMES_IN_AREA + 4):
        inside = n < CRIMES_IN_AREA
        lon = rng.uniform(-1.199, -1.161) if inside else rng.uniform(-1.159, -1.141)
        lat = rng.uniform(52.621, 52.639)
        category = CATEGORIES[n % len(CATEGORIES)]
        asb = category == "anti-social-behaviour"
        crimes.append({
            "category": category,
            "location_type": "Force",
            "location": {"latitude": f"{lat:.6f}", "longitude": f"{lon:.6f}",
                         "street": {"id": 1000 + n, "name": f"On or near Street {n}"}},
            "context": "",
            "outcome_status": None if asb else {"category": "Under investigation", "date": month},
            "persistent_id": "" if asb else _hex(f"{month}-{n}"),
            "id": int(month.replace("-", "")) * 1000 + n,
            "location_subtype": "",
            "month": month,
        })  # fmt: skip
    return crimes


def oruk_service(number: int, **changes: object) -> dict:
    lon, lat = -1.19 + number * 0.005, 52.625 + (number % 3) * 0.004
    service = {
        "id": f"service-{number:04d}",
        "name": f"Community service {number}",
        "description": "Drop in for a chat and a cup of tea.",
        "status": "active",
        "url": f"https://example.org/service/{number}",
        "email": f"service{number}@example.org",
        "assured_date": "2026-09-01",
        "organization": {"id": f"org-{number}", "name": "Westcotes Community Trust"},
        "service_at_locations": [{"id": f"sal-{number}", "location": {
            "id": f"loc-{number}", "latitude": lat, "longitude": lon,
            "addresses": [{"id": f"addr-{number}", "address_1": f"{number} Church Lane",
                           "city": "Leicester", "postal_code": "LE3 0AA", "country": "GB"}],
        }}],
        "attributes": [{"id": f"attr-{number}",
                        "taxonomy_term": {"id": "cafe", "name": "Community cafe"}}],
        "cost_options": [{"id": f"cost-{number}", "amount": 0}],
        "schedules": [{"id": f"sch-{number}", "description": "Wednesdays 12-3"}],
    }  # fmt: skip
    service.update(changes)
    return service


def imd_csv(rename: bool = False) -> bytes:
    header = ["LSOA code (2011)", "LSOA name (2011)", "Local Authority District code (2019)",
              "Local Authority District name (2019)",
              "Index of Multiple Deprivation (IMD) Score",
              "Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)",
              "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)",
              "Income Score (rate)", "Total population: mid 2015 (excluding prisoners)"]  # fmt: skip
    if rename:  # the publisher renamed the columns we read
        header = [h.replace("(IMD) ", "").replace("LSOA code", "Area") for h in header]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for i, (code, name, _w, _wn, la, la_name, _box) in enumerate(LSOAS):
        writer.writerow([code, name, la, la_name, f"{45.2 - i * 7:.3f}", 1200 + i * 4100,
                         1 + i * 2, "0.31", POPULATIONS[code] - 100])  # fmt: skip
    return out.getvalue().encode("utf-8-sig")


ONSPD_HEADER = ["pcd", "pcd2", "pcds", "dointr", "doterm", "oscty", "oslaua", "osward", "usertype",
                "oseast1m", "osnrth1m", "osgrdind", "ctry", "rgn", "lsoa11", "msoa11", "oa21",
                "lsoa21", "msoa21", "lat", "long"]  # fmt: skip
POSTCODES = [
    # postcode, terminated, LA, LSOA, lat, lon
    ("LE3 0AA", "", "E06000016", "E01013601", 52.625, -1.19),
    ("LE3 0AB", "", "E06000016", "E01013602", 52.626, -1.17),
    ("LE3 0AD", "201912", "E06000016", "E01013602", 52.627, -1.17),  # terminated: left out
    ("LE3 9ZZ", "", "E06000016", "E01013603", 52.635, -1.19),
    ("LE15 6AA", "", "E06000017", "E01013701", 52.636, -1.17),
    ("NG1 1AA", "", "E06000018", "E01025001", 52.630, -1.15),  # outside the area: left out
]


def onspd_zip(rename: bool = False) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    header = [("ladcd" if h == "oslaua" and rename else h) for h in ONSPD_HEADER]
    writer.writerow(header)
    for postcode, doterm, la, lsoa, lat, lon in POSTCODES:
        compact = postcode.replace(" ", "")
        row = {"pcd": f"{compact[:-3]:<4}{compact[-3:]}", "pcd2": postcode, "pcds": postcode,
               "dointr": "198001", "doterm": doterm, "oscty": "E99999999", "oslaua": la,
               "osward": "E05010001", "usertype": "0", "oseast1m": "458000",
               "osnrth1m": "304000", "osgrdind": "1", "ctry": "E92000001", "rgn": "E12000004",
               "lsoa11": lsoa, "msoa11": "E02002000", "oa21": "E00069000", "lsoa21": lsoa,
               "msoa21": "E02002000", "lat": f"{lat:.6f}", "long": f"{lon:.6f}"}  # fmt: skip
        writer.writerow([row[h] for h in ONSPD_HEADER])
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in (("Data/ONSPD_NOV_2025_UK.csv", out.getvalue()),
                           ("Data/multi_csv/ONSPD_NOV_2025_UK_LE.csv", out.getvalue()),
                           ("Documents/ONSPD User Guide Nov 2025.txt", "User guide")):  # fmt: skip
            # One edition is the same bytes every time it is served, as on the real server.
            archive.writestr(zipfile.ZipInfo(name, (2025, 11, 20, 0, 0, 0)), text,
                             zipfile.ZIP_DEFLATED)  # fmt: skip
    return packed.getvalue()


def osm_pbf(folder: Path, extra: bool = False) -> bytes:
    path = folder / f"extract-{extra}.osm.pbf"
    path.unlink(missing_ok=True)
    with osmium.SimpleWriter(str(path)) as writer:
        writer.add_node(
            osmium.osm.mutable.Node(
                id=1,
                location=(-1.185, 52.625),
                tags={"name": "Westcotes Library", "amenity": "library"},
            )
        )
        writer.add_node(
            osmium.osm.mutable.Node(
                id=2,
                location=(-1.175, 52.628),
                tags={"name": "Braunstone Community Centre", "amenity": "community_centre"},
            )
        )
        writer.add_node(
            osmium.osm.mutable.Node(id=3, location=(-1.17, 52.63), tags={"highway": "crossing"})
        )
        if extra:
            writer.add_node(
                osmium.osm.mutable.Node(
                    id=4,
                    location=(-1.19, 52.635),
                    tags={"name": "Fosse Library", "amenity": "library"},
                )
            )
    return path.read_bytes()  # fmt: skip


class Publishers:
    """The server and what it serves; tests change `months`, `services` and `faults`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.months = ["2025-08", "2025-09"]
        self.services = [oruk_service(1), oruk_service(2), oruk_service(3),
                         oruk_service(4, email="not an email")]  # fmt: skip
        self.faults: dict[str, str] = {}
        self.page_size = 2  # ArcGIS and ORUK pages: small, so paging is exercised
        self.seen: list[tuple[str, str, dict]] = []  # (route, path, headers)
        self.osm = osm_pbf(folder)
        handler = type("Handler", (_Handler,), {"publishers": self})
        self.server = http.server.ThreadingHTTPServer((HOST, 0), handler)
        self.server.daemon_threads = True
        self.thread = background.serve(self.server)
        self.base = f"http://{HOST}:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def requests(self, route: str) -> list[tuple[str, dict]]:
        return [(path, headers) for r, path, headers in self.seen if r == route]

    def example_area_file(self, folder: Path) -> Path:
        """The shipped Leicester, Leicestershire and Rutland example, every source's address
        pointed here (and two police months, and one Open Referral feed)."""
        b = self.base
        urls = {
            "boundaries": f'url = "{b}{LSOA_LAYER}"\nlookup_url = "{b}{LOOKUP}"\npage_size = 2',
            "wards": f'url = "{b}{WARD_LAYER}"\nlookup_url = "{b}{LOOKUP}"\npage_size = 2',
            "populations": f'url = "{b}{NOMIS}"', "deprivation": f'url = "{b}{IMD}"',
            "postcodes": f'url = "{b}{ONSPD}"',
            "police": f'url = "{b}{POLICE}"',
        }  # fmt: skip
        text = (
            Path(__file__).parents[1] / "areas" / "leicester-leicestershire-rutland.toml"
        ).read_text()
        text = re.sub(
            r"(?m)^\[sources\.(\w+)\]$", lambda m: f"{m.group(0)}\n{urls[m.group(1)]}", text
        )
        text = text.replace('url = "https://download.geofabrik.de', f'url = "{b}')
        text = re.sub(r"(?m)^requests_per_second = .*$", "requests_per_second = 200.0", text)
        text = re.sub(r"(?m)^months = 36", "months = 2", text)
        text += f'\n[sources.oruk.leicestershire]\nurl = "{b}{ORUK}"\nper_page = 2\n'
        path = folder / "leicester-leicestershire-rutland.toml"
        path.write_text(text)
        return path

    def area_file(self, folder: Path, *, months: int = 2, extra: str = "") -> Path:
        b = self.base
        text = f'''
name = "Testshire"
slug = "testshire"

[local_authorities]
E06000016 = "Leicester"
E06000017 = "Rutland"

[police]
forces = ["leicestershire"]
months = {months}

[sources.boundaries]
url = "{b}{LSOA_LAYER}"
lookup_url = "{b}{LOOKUP}"
page_size = 2

[sources.wards]
url = "{b}{WARD_LAYER}"
lookup_url = "{b}{LOOKUP}"
page_size = 2

[sources.populations]
url = "{b}{NOMIS}"

[sources.deprivation]
url = "{b}{IMD}"

[sources.postcodes]
url = "{b}{ONSPD}"

[sources.police]
url = "{b}{POLICE}"
requests_per_second = 200.0

[sources.osm.testshire]
url = "{b}{OSM}"

[sources.oruk.testshire]
url = "{b}{ORUK}"
per_page = 2
{extra}'''
        path = folder / "testshire.toml"
        path.write_text(text)
        return path


class _Handler(http.server.BaseHTTPRequestHandler):
    publishers: Publishers
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        p = self.publishers
        routes = [
            (LOOKUP, "lookup", self._lookup), (LSOA_LAYER, "boundaries", self._boundaries),
            (WARD_LAYER, "wards", self._wards), (NOMIS, "populations", self._nomis),
            (IMD, "deprivation", lambda q: self._file(imd_csv(p.faults.get("deprivation") == "rename"), "text/csv")),
            (ONSPD, "postcodes", lambda q: self._file(
                b"<html>Service unavailable</html>" if p.faults.get("postcodes") == "notzip"
                else onspd_zip(p.faults.get("postcodes") == "rename"), "application/zip")),
            (OSM + ".md5", "osm-md5", lambda q: self._send(200, (
                hashlib.md5(p.osm, usedforsecurity=False).hexdigest() + "  testshire-latest.osm.pbf\n"
            ).encode(), "text/plain")),
            (OSM, "osm", lambda q: self._file(p.osm, "application/octet-stream")),
            (POLICE + "/crimes-street-dates", "police-dates", self._dates),
            (POLICE + "/forces/", "police-force", lambda q: self._json(
                {"id": "leicestershire", "name": "Leicestershire Police", "telephone": "101"})),
            (POLICE + "/crimes-street/all-crime", "police", self._crimes),
            (POLICE + "/crimes-no-location", "police-unplaced", self._unplaced),
            (POLICE + "/outcomes-at-location", "police-outcomes", self._outcomes),
            (ORUK + "/services", "oruk", self._oruk),
        ]  # fmt: skip
        county = re.fullmatch(
            r"/europe/united-kingdom/england/[a-z-]+-latest\.osm\.pbf(\.md5)?", parts.path
        )
        for prefix, route, answer in routes:
            if county and prefix.startswith(OSM):  # every county's extract is the same here
                prefix = parts.path if prefix.endswith(".md5") == bool(county.group(1)) else prefix
            if parts.path == prefix or (prefix.endswith("/") and parts.path.startswith(prefix)):
                p.seen.append((route, self.path, dict(self.headers)))
                fault = p.faults.get(route, "")
                if fault == "timeout":
                    time.sleep(1.5)
                if fault == "429" and not getattr(p, f"_{route}_429", False):
                    setattr(p, f"_{route}_429", True)
                    return self._send(429, b"Too Many Requests", "text/plain", {"Retry-After": "1"})
                if fault == "busy":
                    return self._send(503, b"busy", "text/plain", {"Retry-After": "86400"})
                return answer(query)
        self._send(404, b"not here", "text/plain")

    # answers ---------------------------------------------------------------------------------

    def _send(self, status: int, body: bytes, kind: str, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _json(self, data: object) -> None:
        self._send(200, json.dumps(data).encode(), "application/json")

    def _file(self, body: bytes, kind: str) -> None:
        """A static file as a CDN serves it: ETag, Range requests, and the cut-off fault."""
        tag = '"' + hashlib.md5(body, usedforsecurity=False).hexdigest() + '"'
        if self.headers.get("If-None-Match") == tag:
            self.send_response(304)
            self.send_header("ETag", tag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        start = 0
        wanted = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range", ""))
        route = self.publishers.seen[-1][0]
        if wanted and (self.headers.get("If-Range") in (None, tag)):
            start = int(wanted.group(1))
            end = int(wanted.group(2)) + 1 if wanted.group(2) else len(body)
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{end - 1}/{len(body)}")
            part = body[start:end]
        else:
            self.send_response(200)
            part = body
        self.send_header("Content-Type", kind)
        self.send_header("ETag", tag)
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Length", str(len(part)))
        if self.publishers.faults.get(route) == "cut":
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(part[: max(len(part) // 2, 1)])
            self.wfile.flush()
            self.close_connection = True
            return
        self.end_headers()
        self.wfile.write(part)

    def _arcgis(self, query: dict, rows: list, as_geojson: bool) -> None:
        p = self.publishers
        if p.faults.get(self.publishers.seen[-1][0]) == "error":
            return self._json({"error": {"code": 400, "message": "Invalid query parameters",
                                         "details": ["'where' parameter is invalid"]}})  # fmt: skip
        match = re.fullmatch(r"(\w+) IN \((.*)\)", query.get("where", ""))
        if not match:
            return self._json({"error": {"code": 400, "message": "Unable to complete operation."}})
        field, codes = match.group(1), set(re.findall(r"'([^']*)'", match.group(2)))
        chosen = [r for r in rows if str(r[0].get(field)) in codes]
        if field not in (rows[0][0] if rows else {}):
            return self._json({"error": {"code": 400, "message": f"Invalid field: {field}"}})
        if query.get("returnCountOnly") == "true":
            return self._json({"count": len(chosen)})
        offset = int(query.get("resultOffset", 0))
        size = min(int(query.get("resultRecordCount", 2000)), p.page_size)
        page, more = chosen[offset : offset + size], offset + size < len(chosen)
        if as_geojson:
            data = {"type": "FeatureCollection", "features": [
                {"type": "Feature", "id": i + offset + 1, "geometry": g, "properties": a}
                for i, (a, g) in enumerate(page)]}  # fmt: skip
            if more:
                data["properties"] = {"exceededTransferLimit": True}
        else:
            data = {"objectIdFieldName": "ObjectId", "fields": [{"name": k} for k in rows[0][0]],
                    "features": [{"attributes": a} for a, _g in page]}  # fmt: skip
            if more:
                data["exceededTransferLimit"] = True
        self._json(data)

    def _lookup(self, query: dict) -> None:
        rename = self.publishers.faults.get("lookup") == "rename"
        rows = [({"ObjectId": i + 1, ("LSOA_CODE" if rename else "LSOA21CD"): code,
                  "LSOA21NM": name, "WD24CD": ward, "WD24NM": ward_name, "LAD24CD": la,
                  "LAD24NM": la_name}, None)
                for i, (code, name, ward, ward_name, la, la_name, _b) in enumerate(LSOAS)]  # fmt: skip
        self._arcgis(query, rows, as_geojson=False)

    def _boundaries(self, query: dict) -> None:
        rows = [({"FID": i + 1, "LSOA21CD": code, "LSOA21NM": name, "GlobalID": f"g-{i}"},
                 _square(box)) for i, (code, name, *_rest, box) in enumerate(LSOAS)]  # fmt: skip
        self._arcgis(query, rows, as_geojson=True)

    def _wards(self, query: dict) -> None:
        wards = dict.fromkeys((row[2], row[3]) for row in LSOAS)
        rows = [({"FID": i + 1, "WD24CD": code, "WD24NM": name}, _ward_shape(code))
                for i, (code, name) in enumerate(wards)]  # fmt: skip
        self._arcgis(query, rows, as_geojson=True)

    def _nomis(self, query: dict) -> None:
        codes = [c for c in query.get("geography", "").split(",") if c]
        header = "DATE_NAME,GEOGRAPHY_CODE,OBS_VALUE" if self.publishers.faults.get(
            "populations") != "rename" else "DATE_NAME,GEOGRAPHY_CODE,VALUE"  # fmt: skip
        lines = [header] + [f'"2024","{c}",{POPULATIONS[c]}' for c in codes if c in POPULATIONS]
        self._send(200, ("\n".join(lines) + "\n").encode(), "text/csv")

    def _dates(self, query: dict) -> None:
        months = sorted(self.publishers.months, reverse=True)
        self._json([{"date": m, "stop-and-search": ["leicestershire"]} for m in months])

    def _crimes(self, query: dict) -> None:
        month = query.get("date", "")
        if month not in self.publishers.months:
            return self._send(404, b"", "text/html")
        if self.publishers.faults.get("police") == "empty" and month == max(self.publishers.months):
            return self._json([])
        found = self._in_poly(query, crimes_for(month))
        if found is None:
            return self._send(503, b"", "text/html")  # police.uk's answer to too many crimes
        self._json(found)

    def _in_poly(self, query: dict, crimes: list[dict]) -> list[dict] | None:
        corners = [tuple(map(float, c.split(","))) for c in query.get("poly", "").split(":")]
        lats, lons = [c[0] for c in corners], [c[1] for c in corners]
        found = [
            c for c in crimes
            if c["location"] and min(lons) <= float(c["location"]["longitude"]) < max(lons)
            and min(lats) <= float(c["location"]["latitude"]) < max(lats)
        ]  # fmt: skip
        return None if len(found) > POLICE_LIMIT else found

    def _unplaced(self, query: dict) -> None:
        month = query.get("date", "")
        if month not in self.publishers.months:
            return self._send(404, b"", "text/html")
        self._json([
            {"category": "burglary", "location_type": None, "location": None, "context": "",
             "outcome_status": {"category": "Under investigation", "date": month},
             "persistent_id": _hex(f"{month}-nowhere"), "id": int(month.replace("-", "")) * 1000 + 999,
             "location_subtype": "", "month": month},
        ])  # fmt: skip

    def _outcomes(self, query: dict) -> None:
        month = query.get("date", "")
        if month not in self.publishers.months:
            return self._send(404, b"", "text/html")
        crimes = [c for c in crimes_for(month) if c["persistent_id"]][::2]
        found = self._in_poly(query, crimes)
        if found is None:
            return self._send(503, b"", "text/html")
        self._json([
            {"category": {"code": "local-resolution", "name": "Local resolution"}, "date": month,
             "person_id": None, "crime": crime}
            for crime in found
        ])  # fmt: skip

    def _oruk(self, query: dict) -> None:
        p = self.publishers
        page, size = int(query.get("page", 1)), int(query.get("per_page", 50))
        services = p.services
        pages = max(1, -(-len(services) // size))
        if p.faults.get("oruk") == "forever":  # says there is always another page, repeating
            return self._json({"total_items": len(services), "total_pages": page + 1,
                               "page_number": page, "first_page": page == 1, "last_page": False,
                               "empty": False, "size": size, "contents": services[:size]})  # fmt: skip
        contents = services[(page - 1) * size : page * size]
        self._json({"total_items": len(services), "total_pages": pages, "number_of_elements":
                    len(contents), "size": size, "first_page": page == 1, "last_page": page >= pages,
                    "empty": not contents, "page_number": page, "contents": contents})  # fmt: skip


@contextmanager
def serving(folder: Path, settings: Any) -> Iterator[Publishers]:
    """The stand-ins running, with the settings that let the platform reach them (pytest-django's
    `settings`, restored after the test) and the test area's file pointing at them."""
    server = Publishers(folder)
    settings.PZ_FETCH_ALLOW_NETWORKS = [f"{HOST}/32"]
    settings.PZ_SOURCE_CACHE = str(folder / "cache")
    settings.PZ_SOURCE_TIMEOUT = 5.0
    settings.PZ_SOURCE_MAX_WAIT = 5
    settings.PZ_AREA_FILE = str(server.area_file(folder))
    try:
        yield server
    finally:
        server.close()
