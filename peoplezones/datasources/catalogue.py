"""Every kind of source the platform can keep current, in the order they load, with its official
publisher, default address, licence, the words that licence asks to be shown, and how often it is
checked. An area file (areas/*.toml) may change any of these; see docs/new-area.md."""

from dataclasses import dataclass, field
from typing import Any

OGL = "Open Government Licence v3.0"
ONS = "Source: Office for National Statistics licensed under the Open Government Licence v3.0."
OS = "Contains OS data © Crown copyright and database right {year}."
ONS_ARCGIS = "https://services1.arcgis.com/ESMARspQHYMw9BZ9/arcgis/rest/services"


@dataclass(frozen=True)
class Publisher:
    name: str
    url: str


@dataclass(frozen=True)
class Kind:
    title: str
    publisher: Publisher
    url: str  # "" where each area must give its own (a county's extract, a council's feed)
    licence: str
    attribution: str
    refresh_days: int
    options: dict[str, Any] = field(default_factory=dict)
    repeated: bool = False  # an area may list several, each with its own name
    used_for: tuple[str, ...] = ()  # what the data is shown as: where its attribution appears


ONS_GEOGRAPHY = Publisher("Office for National Statistics: Open Geography Portal",
                          "https://geoportal.statistics.gov.uk/")  # fmt: skip
LOOKUP = f"{ONS_ARCGIS}/LSOA21_WD24_LAD24_EW_LU/FeatureServer/0/query"

CATALOGUE: dict[str, Kind] = {
    "boundaries": Kind(
        title="LSOA 2021 boundaries",
        publisher=ONS_GEOGRAPHY,
        url=f"{ONS_ARCGIS}/Lower_layer_Super_Output_Areas_December_2021_Boundaries_EW_BGC_V5/FeatureServer/0/query",
        licence=OGL,
        attribution=f"{ONS} {OS}",
        refresh_days=365,
        options={"lookup_url": LOOKUP, "lookup_la_field": "LAD24CD", "page_size": 2000},
        used_for=("boundaries",),
    ),
    "wards": Kind(
        title="Electoral ward boundaries",
        publisher=ONS_GEOGRAPHY,
        url=f"{ONS_ARCGIS}/Wards_December_2024_Boundaries_UK_BGC/FeatureServer/0/query",
        licence=OGL,
        attribution=f"{ONS} {OS}",
        refresh_days=365,
        options={
            "lookup_url": LOOKUP,
            "lookup_la_field": "LAD24CD",
            "code_field": "WD24CD",
            "page_size": 2000,
        },
        used_for=("boundaries",),
    ),
    "populations": Kind(
        title="Population by LSOA (ONS mid-year estimates)",
        publisher=Publisher(
            "Office for National Statistics, through Nomis", "https://www.nomisweb.co.uk/"
        ),
        url="https://www.nomisweb.co.uk/api/v01/dataset/NM_2014_1.data.csv",
        licence=OGL,
        attribution=ONS,
        refresh_days=90,
        options={"geography_type": "TYPE151", "page_size": 25000},
        used_for=("populations",),
    ),
    "deprivation": Kind(
        title="English Indices of Deprivation",
        publisher=Publisher(
            "Ministry of Housing, Communities and Local Government",
            "https://www.gov.uk/government/collections/english-indices-of-deprivation",
        ),
        url="https://assets.publishing.service.gov.uk/media/5dc407b440f0b6379a7acc8d/File_7_-_All_IoD2019_Scores__Ranks__Deciles_and_Population_Denominators_3.csv",
        licence=OGL,
        attribution="Contains the English Indices of Deprivation, Ministry of Housing, "
        "Communities and Local Government, licensed under the Open Government Licence v3.0.",
        refresh_days=180,
        used_for=("deprivation",),
    ),
    "postcodes": Kind(
        title="ONS Postcode Directory",
        publisher=ONS_GEOGRAPHY,
        url="",  # a new address each quarter: the area file names the edition's zip
        licence=f"{OGL}; Royal Mail and OS terms for the grid references",
        attribution=f"{OS} Contains Royal Mail data © Royal Mail copyright and database right "
        "{year}. " + ONS,
        refresh_days=90,
        used_for=("postcodes",),
    ),
    "police": Kind(
        title="Street-level crime and outcomes",
        publisher=Publisher("police.uk (Home Office)", "https://data.police.uk/"),
        url="https://data.police.uk/api",
        licence=OGL,
        attribution="Contains public sector information from police.uk licensed under the "
        "Open Government Licence v3.0.",
        refresh_days=7,  # published monthly, on no fixed day: looked for every week
        # police.uk allows 15 requests a second (bursts of 30) and answers 503 above 10,000
        # crimes in one polygon: tiles start at this size and are split when refused.
        options={"requests_per_second": 10.0, "tile_degrees": 0.1, "max_tiles": 4000},
        used_for=("police",),
    ),
    "osm": Kind(
        title="OpenStreetMap extract",
        publisher=Publisher(
            "OpenStreetMap contributors, extracts by Geofabrik", "https://download.geofabrik.de/"
        ),
        url="",  # the county's extract: download.geofabrik.de/europe/united-kingdom/england/...
        licence="Open Data Commons Open Database License (ODbL) 1.0",
        attribution="© OpenStreetMap contributors, available under the Open Database Licence.",
        refresh_days=30,
        options={"checksum_url": "{url}.md5"},
        repeated=True,  # a county per extract: Leicestershire and Rutland are two
        used_for=("assets",),
    ),
    "oruk": Kind(
        title="Open Referral UK directory",
        publisher=Publisher(
            "The council's service directory (Open Referral UK)", "https://openreferraluk.org/"
        ),
        url="",
        licence=OGL,
        attribution="Contains service information from {title}, licensed under the Open "
        "Government Licence v3.0.",
        refresh_days=1,
        options={"per_page": 100, "max_pages": 500},
        repeated=True,
        used_for=("assets",),
    ),
}
