"""Writing assets: the CSV template's layout, GeoJSON (OpenStreetMap-style tags plus our own pz:
keys, so it reads back through the OSM importer), and Open Referral UK services. Each export can
be imported again and gives the same records (tested)."""

import json
import uuid
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.urls import reverse

from peoplezones.assets.importers import CSV_COLUMNS
from peoplezones.assets.models import Asset, AssetKind, Category, Source, Visibility, stale_before
from peoplezones.assets.taxonomy import Matcher, vocabulary

# Stable Open Referral ids for records that did not come from an Open Referral feed.
ORUK_NAMESPACE = uuid.UUID("6f1f4f0e-3a52-4d0e-9a4e-7d1c2b9b5a10")
ORUK_VERSION = "3.0"


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def export_id(asset: Asset) -> str:
    """The identifier a CSV export carries: the file's own id for CSV-born records, otherwise a
    prefixed source id, so importing the export again finds the same record."""
    if asset.source == Source.CSV and asset.source_id:
        return asset.source_id
    if asset.source_id:
        return f"{asset.source}:{asset.source_id}"
    return f"pz:{asset.uid}"


def csv_rows(assets: Iterable[Asset]) -> Iterator[list[str]]:
    """A header, then one row per asset (written out by core.csvfile)."""
    yield list(CSV_COLUMNS)
    for asset in assets:
        row = {
            "id": export_id(asset),
            "category": asset.category.slug,
            "organisation": asset.organisation_name,
            "latitude": f"{asset.lat:.6f}",
            "longitude": f"{asset.lon:.6f}",
            "last_verified": asset.last_verified.isoformat() if asset.last_verified else "",
        }
        yield [
            row[column] if column in row else _text(getattr(asset, field))
            for column, field in CSV_COLUMNS.items()
        ]


def feature(asset: Asset) -> dict[str, Any]:
    """One asset as a GeoJSON feature with everything an export needs: OpenStreetMap-style tags
    where OSM has them, our own pz: keys for the rest (the OSM importer reads both)."""
    properties: dict[str, Any] = {
        "name": asset.name,
        "pz:category": asset.category.slug,
        "pz:category_name": asset.category.name,
        "pz:colour": asset.category.colour,
        "pz:url": asset.get_absolute_url(),
    }
    if asset.is_stale:
        properties["pz:stale"] = True
    properties.update(Matcher.osm_tags_for(asset.category))
    osm_like = {
        "description": asset.description,
        "opening_hours": asset.opening_times,
        "phone": asset.phone,
        "email": asset.email,
        "website": asset.website,
        "operator": asset.organisation_name,
        "addr:postcode": asset.postcode,
        "min_age": _text(asset.min_age),
        "max_age": _text(asset.max_age),
        "charge": asset.cost_detail,
    }
    ours = {
        "pz:kind": asset.kind,
        "pz:audience": asset.audience,
        "pz:languages": asset.languages,
        "pz:accessibility": asset.accessibility,
        "pz:cost": asset.cost,
        "pz:address": asset.address,
        "pz:visibility": asset.visibility,
        "pz:source": asset.source,
        "pz:source_id": asset.source_id or f"pz:{asset.uid}",
        "pz:last_verified": asset.last_verified.isoformat() if asset.last_verified else "",
    }
    properties.update({k: v for k, v in {**osm_like, **ours}.items() if v})
    if asset.source == Source.OSM and asset.source_id.startswith(("node/", "way/", "relation/")):
        properties["@id"] = asset.source_id
    return {
        "type": "Feature",
        "id": asset.pk,
        "geometry": {"type": "Point", "coordinates": [round(asset.lon, 6), round(asset.lat, 6)]},
        "properties": properties,
    }


def geojson_chunks(assets: Iterable[Asset]) -> Iterator[str]:
    """A FeatureCollection streamed feature by feature, so 20,000 points never sit in one string."""
    yield '{"type":"FeatureCollection","features":['
    first = True
    for asset in assets:
        yield ("" if first else ",") + json.dumps(feature(asset), separators=(",", ":"))
        first = False
    yield "]}"


def map_chunks(assets: Any) -> Iterator[str]:
    """What the map draws, as small as it can be: id, point, name, category and a stale flag per
    feature, the categories' names and colours once ("pz:categories"), rows read as tuples."""

    categories = {c.slug: {"name": c.name, "colour": c.colour} for c in Category.objects.all()}
    yield '{"type":"FeatureCollection","pz:categories":' + json.dumps(categories) + ',"features":['
    cutoff = stale_before()
    rows = assets.order_by().values_list(
        "pk", "lon", "lat", "name", "category__slug", "last_verified"
    )
    first = True
    for pk, lon, lat, name, category, verified in rows.iterator(chunk_size=5000):
        stale = "true" if verified is None or verified < cutoff else "false"
        yield (
            f'{"" if first else ","}{{"type":"Feature","id":{pk},"geometry":{{"type":"Point",'
            f'"coordinates":[{lon:.6f},{lat:.6f}]}},"properties":{{"name":{json.dumps(name)},'
            f'"category":"{category}","stale":{stale}}}}}'
        )
        first = False
    yield "]}"


def geojson(assets: Iterable[Asset]) -> dict[str, Any]:
    return json.loads("".join(geojson_chunks(assets)))


# Open Referral UK --------------------------------------------------------------------------------


def oruk_id(asset: Asset, part: str = "service") -> str:
    if part == "service" and asset.source == Source.OPENREFERRAL and _is_uuid(asset.source_id):
        return asset.source_id
    return str(uuid.uuid5(ORUK_NAMESPACE, f"{part}:{asset.source}:{asset.source_id or asset.uid}"))


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def oruk_service(asset: Asset) -> dict[str, Any]:
    """One asset as a full Open Referral UK (HSDS 3.0 UK profile) service, nested objects inside."""
    service_id = oruk_id(asset)
    location_id = oruk_id(asset, "location")
    organisation_name = asset.organisation_name or asset.name
    service: dict[str, Any] = {
        "id": service_id,
        "name": asset.name,
        "description": asset.description,
        "status": "active",
        "organization": {
            "id": str(uuid.uuid5(ORUK_NAMESPACE, f"organisation:{organisation_name.casefold()}")),
            "name": organisation_name,
            "description": "",
        },
        "service_at_locations": [
            {
                "id": oruk_id(asset, "service_at_location"),
                "service_id": service_id,
                "location_id": location_id,
                "location": {
                    "id": location_id,
                    "location_type": "physical",
                    "name": asset.name,
                    "latitude": round(asset.lat, 6),
                    "longitude": round(asset.lon, 6),
                    "addresses": [
                        {
                            "id": oruk_id(asset, "address"),
                            "location_id": location_id,
                            "address_1": asset.address or asset.name,
                            "city": "",
                            "state_province": "",
                            "postal_code": asset.postcode,
                            "country": "GB",
                            "address_type": "physical",
                        }
                    ],
                    "accessibility": (
                        [
                            {
                                "id": oruk_id(asset, "accessibility"),
                                "location_id": location_id,
                                "description": asset.accessibility,
                            }
                        ]
                        if asset.accessibility
                        else []
                    ),
                },
            }
        ],
        "attributes": [
            {
                "id": oruk_id(asset, "attribute"),
                "link_id": service_id,
                "link_type": "service",
                "taxonomy_term_id": str(uuid.uuid5(ORUK_NAMESPACE, f"term:{asset.category.slug}")),
                "taxonomy_term": {
                    "id": str(uuid.uuid5(ORUK_NAMESPACE, f"term:{asset.category.slug}")),
                    "term": asset.category.slug,
                    "name": asset.category.name,
                    "description": asset.category.name,
                    "taxonomy": vocabulary(),
                },
            }
        ],
    }
    optional = {
        "url": asset.website,
        "email": asset.email,
        "eligibility_description": asset.audience,
        "minimum_age": asset.min_age,
        "maximum_age": asset.max_age,
        "assured_date": asset.last_verified.isoformat() if asset.last_verified else None,
    }
    service.update({k: v for k, v in optional.items() if v not in (None, "")})
    if asset.languages:
        service["languages"] = [
            {"id": oruk_id(asset, f"language:{i}"), "service_id": service_id, "name": name.strip()}
            for i, name in enumerate(asset.languages.split(","))
            if name.strip()
        ]
    if asset.cost or asset.cost_detail:
        option: dict[str, Any] = {"id": oruk_id(asset, "cost"), "service_id": service_id}
        if asset.cost == "free":
            option["amount"] = 0
        elif asset.cost:
            option["option"] = asset.get_cost_display()
        if asset.cost_detail:
            option["amount_description"] = asset.cost_detail
        service["cost_options"] = [option]
    if asset.opening_times:
        service["schedules"] = [
            {
                "id": oruk_id(asset, "schedule"),
                "service_id": service_id,
                "description": asset.opening_times,
            }
        ]
    if asset.phone:
        service["phones"] = [
            {"id": oruk_id(asset, "phone"), "service_id": service_id, "number": asset.phone}
        ]
    return service


def oruk_assets(queryset: Any) -> Any:
    """Only public, non-personal records are services another directory may harvest."""
    return queryset.filter(visibility=Visibility.PUBLIC).exclude(kind=AssetKind.INDIVIDUAL)


def oruk_page(assets: list[Asset], *, total: int, page: int, size: int) -> dict[str, Any]:
    pages = max(1, -(-total // size))
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": size,
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": not assets,
        "contents": [oruk_service(a) for a in assets],
    }


def oruk_document(assets: Any) -> dict[str, Any]:
    """Every public service among `assets` as one Open Referral UK page (a whole-file download)."""
    services = list(oruk_assets(assets))
    return oruk_page(services, total=len(services), page=1, size=max(1, len(services)))


def oruk_root() -> dict[str, Any]:
    return {
        "version": ORUK_VERSION,
        "profile": "https://openreferraluk.org/",
        "openapi_url": settings.PZ_SITE_URL.rstrip("/") + reverse("api:schema"),
    }
