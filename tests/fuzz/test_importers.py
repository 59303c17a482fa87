"""Every importer, with damaged and hostile files: it either takes the file whole or refuses
it with a message (never another exception), and a refused file stores nothing."""

import json
import random
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peoplezones.assets import importers, points, services
from peoplezones.assets.importers import FileRefused
from peoplezones.assets.models import Asset, PointSet, ResidentialPoint
from peoplezones.community import ical
from peoplezones.community.models import Event, Group
from peoplezones.outcomes import demand
from peoplezones.outcomes import services as outcomes
from peoplezones.outcomes.generate import file_name, street_csv
from peoplezones.outcomes.models import (
    Batch,
    Crime,
    DemandRecord,
    LsoaMonthCount,
    ZoneMonthCount,
)
from peoplezones.outcomes.police import Refused
from peoplezones.zones.models import Zone
from tests import factories
from tests.fuzz.strategies import damaged

pytestmark = pytest.mark.django_db
LON, LAT = factories.BRAUNSTONE
MARCH = date(2024, 3, 1)
OUTCOMES = (Batch, Crime, LsoaMonthCount, ZoneMonthCount, DemandRecord)


def _counts(*models) -> tuple[int, ...]:
    return tuple(model.objects.count() for model in models)


def _refused_cleanly(error: Exception) -> None:
    assert str(error).strip(), "a refusal must say what is wrong"


POLICE = street_csv(
    month=MARCH, force_name="Leicestershire Police", rows=25,
    places=[(LON, LAT, "E01013612", "Leicester 032B")], rng=random.Random(3),
)  # fmt: skip


@given(data=damaged(POLICE))
def test_police_files(data):
    if not Zone.objects.exists():
        factories.zone_with_boundary(LON, LAT)  # so Zone counts are made too
    before = _counts(*OUTCOMES)
    try:
        loaded = outcomes.import_police(data, file_name(MARCH, "leicestershire"))
    except Refused as error:
        _refused_cleanly(error)
        assert _counts(*OUTCOMES) == before, "a refused police file stored something"
    else:
        assert Batch.objects.filter(month=loaded.month).exists()


DEMAND = (
    "Incident date,Incident type,Postcode,Latitude,Longitude,LSOA code\r\n"
    f"2024-03-02,Deliberate fires,,{LAT},{LON},\r\n"
    "15/03/2024,Deliberate fires,le31aa,,,\r\n"
    "2024-03-20,Deliberate fires,,,,E01013612\r\n"
).encode()


@given(data=damaged(DEMAND))
def test_demand_files(data):
    before = _counts(*OUTCOMES)
    try:
        demand.import_demand(data, "fires.csv", agency="Fire and Rescue")
    except Refused as error:
        _refused_cleanly(error)
        assert _counts(*OUTCOMES) == before, "a refused demand file stored something"


ASSETS_CSV = (
    b"id,name,category,postcode,latitude,longitude,email,cost,last_verified\n"
    b"lib-1,Braunstone Library,library,le31ab,52.6270,-1.1800,lib@example.org,free,2026-10-01\n"
    b"fb-1,Community Food Hub,Food bank,,52.6300,-1.1750,,,\n"
)
OSM = json.dumps({"type": "FeatureCollection", "features": [
    {"type": "Feature", "id": "node/1", "properties": {"@id": "node/1", "name": "Food Bank",
     "amenity": "social_facility", "social_facility": "food_bank"},
     "geometry": {"type": "Point", "coordinates": [LON, LAT]}},
]}).encode()  # fmt: skip
ORUK = json.dumps([{
    "id": "svc-1", "name": "Warm Welcome Cafe", "status": "active",
    "service_at_locations": [{"id": "l", "location": {"id": "m", "latitude": LAT,
                                                       "longitude": LON}}],
}]).encode()  # fmt: skip


@pytest.mark.parametrize(("fmt", "good"), [("csv", ASSETS_CSV), ("osm_geojson", OSM),
                                            ("openreferral", ORUK)])  # fmt: skip
@given(data=st.data())
def test_asset_files(fmt, good, data):
    raw = data.draw(damaged(good))
    before = _counts(Asset)
    try:
        parsed = importers.READERS[fmt](raw, f"assets.{fmt}")
    except FileRefused as error:
        _refused_cleanly(error)
        assert _counts(Asset) == before
        return
    if parsed.problems:
        assert all(str(p).strip() for p in parsed.problems)
        return
    services.apply_rows(parsed, scope=Asset.objects.all(), user=None, steward_zone=None)


POINTS = b"code,count\nE01013612,1500\nE01013700,1620\n"


@given(data=damaged(POINTS))
def test_residential_points(data):
    before = _counts(PointSet, ResidentialPoint)
    try:
        parsed = points.read_points(data, "points.csv")
    except FileRefused as error:
        _refused_cleanly(error)
        assert _counts(PointSet, ResidentialPoint) == before
        return
    if not parsed.problems:
        points.store_points(parsed, name="Fuzz", source_note="fuzz")


CALENDAR = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Walkers//EN\r\nBEGIN:VEVENT\r\n"
    b"UID:walk-1@walkers.example\r\nSUMMARY:Tuesday walk\r\nLOCATION:Park gates\r\n"
    b"DTSTART;TZID=Europe/London:20270105T100000\r\nDTEND;TZID=Europe/London:20270105T110000\r\n"
    b"RRULE:FREQ=WEEKLY;COUNT=6\r\nEXDATE;TZID=Europe/London:20270112T100000\r\n"
    b"END:VEVENT\r\nEND:VCALENDAR\r\n"
)


@given(data=damaged(CALENDAR))
def test_group_calendars(data):
    group = Group.objects.first() or factories.make_group()
    before = _counts(Event)
    try:
        ical.import_calendar(group, data)
    except ical.CalendarRefused as error:
        _refused_cleanly(error)
        assert _counts(Event) == before, "a refused calendar stored something"
