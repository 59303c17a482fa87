"""The programme view: every Zone side by side with what each app knows of it, sorted by any
column (blanks last), as CSV and on a map; read in a fixed number of queries however many Zones."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from peoplezones.community.models import Group
from peoplezones.volunteering.models import VolunteerOffer
from peoplezones.zones.models import ActionStatus
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    client = Client()
    client.force_login(factories.StaffFactory())
    return client


def _zone(name: str, *, months: int, done: int, overdue: int, volunteers: int) -> object:
    zone = factories.ZoneFactory(
        name=name, launch_date=timezone.localdate() - timedelta(days=31 * months + 2)
    )
    objective = factories.ObjectiveFactory(zone=zone)
    for _ in range(done):
        factories.ActionFactory(zone=zone, objective=objective, status=ActionStatus.DONE)
    for _ in range(overdue):
        factories.ActionFactory(zone=zone, objective=objective,
                                due_date=timezone.localdate() - timedelta(days=5))  # fmt: skip
    for _ in range(volunteers):
        factories.make_offer(zone)
    return zone


def _rows(page: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="[^"]*">([^<]*)</a>', page)


def test_every_zone_side_by_side_sorted_by_any_column(staff):
    _zone("Alder", months=3, done=1, overdue=2, volunteers=0)
    _zone("Birch", months=14, done=4, overdue=0, volunteers=2)
    factories.ZoneFactory(name="Cedar", launch_date=None)  # not launched: sorts last
    Group.objects.create(name="Birch walkers", zone=factories.ZoneFactory(name="Dogwood"))
    page = staff.get("/programme/").content.decode()
    assert _rows(page) == ["Alder", "Birch", "Cedar", "Dogwood"]
    assert "Actions overdue" in page and "Volunteers active" in page
    by_done = staff.get("/programme/?sort=done&order=desc").content.decode()
    assert _rows(by_done)[:2] == ["Birch", "Alder"]
    assert 'aria-sort="descending"' in by_done
    by_months = staff.get("/programme/?sort=months&order=asc").content.decode()
    assert _rows(by_months)[:2] == ["Alder", "Birch"] and _rows(by_months)[-1] in {
        "Cedar",
        "Dogwood",
    }


def test_the_csv_has_the_same_table(staff):
    _zone("Alder", months=3, done=1, overdue=2, volunteers=1)
    response = staff.get("/programme/zones.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["zone", "Stage", "Months since launch", "Objectives"]
    alder = dict(zip(rows[0], rows[1], strict=True))
    assert alder["Actions overdue"] == "2" and alder["Volunteers active"] == "1"
    assert alder["Months since launch"] == "3"


def test_the_queries_do_not_grow_with_the_number_of_zones(staff):
    for i in range(3):
        _zone(f"Zone {i}", months=2, done=1, overdue=1, volunteers=1)
    with CaptureQueriesContext(connection) as few:
        staff.get("/programme/")
    for i in range(3, 12):
        _zone(f"Zone {i}", months=2, done=1, overdue=1, volunteers=1)
    with CaptureQueriesContext(connection) as many:
        staff.get("/programme/")
    assert len(many) <= len(few) + 2, (len(few), len(many))
    assert VolunteerOffer.objects.count() == 12
