"""No hidden month can be worked out from what the site publishes (disclosure.py).

The test plays the attacker: it reads a Zone's outcomes page, its CSV, the API and the programme
overview as anyone can, writes every published figure as an equation over the 36 unknown monthly
counts (a month shown is one; a 12-month total, a rate per 1,000 times the residents, an average
times its months, a year's total on the overview are sums), adds what "fewer than 5" says (a
hidden month is 1 to 4, a shown one at least 0), and asks a linear programme for the least and the
greatest each hidden month can be. A month whose least and greatest agree has been disclosed."""

import csv
import io
import json
import re
from datetime import date
from html.parser import HTMLParser

import numpy as np
import pytest
from django.conf import settings
from scipy.optimize import linprog

from peoplezones.geography.models import AreaProfile, ZoneArea
from peoplezones.geography.services import import_areas
from peoplezones.outcomes import disclosure, queries
from peoplezones.outcomes.models import Batch, BatchKind, Force, ZoneMonthCount
from peoplezones.outcomes.police import ASB
from tests import factories

pytestmark = pytest.mark.django_db
FIRST = date(2022, 1, 1)
MONTHS = [queries.add_months(FIRST, m) for m in range(36)]
POPULATION = 3000
# Months 3, 17, 18 and 30 are small: each sits between shown months a year apart, so the old
# rolling totals gave it away by subtraction (12 months to May less 12 months to April).
COUNTS = [9, 12, 7, 3, 11, 8, 10, 14, 9, 6, 13, 10,
          8, 11, 9, 12, 10, 2, 4, 9, 7, 11, 12, 8,
          10, 9, 13, 7, 8, 6, 1, 12, 11, 9, 10, 14]  # fmt: skip


def _zone_with_figures(tmp_path):
    lon, lat = factories.BRAUNSTONE
    zone = factories.zone_with_boundary(lon, lat, launch_date=date(2023, 7, 1))
    features = [
        {"type": "Feature", "properties": {"LSOA21CD": "E01000001", "LSOA21NM": "Inside"},
         "geometry": factories.square(lon, lat, half=0.004)}
    ]  # fmt: skip
    path = tmp_path / "lsoa.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    import_areas(path=path)
    AreaProfile.objects.create(code="E01000001", population=POPULATION, imd_score=30)
    assert ZoneArea.objects.filter(zone=zone).exists()
    force = Force.objects.create(slug="test", name="Test Police")
    for month, n in zip(MONTHS, COUNTS, strict=True):
        batch = Batch.objects.create(
            kind=BatchKind.STREET, force=force, month=month, file_name="x", sha256=str(month)
        )
        ZoneMonthCount.objects.create(
            batch=batch, source=BatchKind.STREET, zone=zone, month=month, category=ASB, count=n
        )
    return zone


class _Table(HTMLParser):
    """The rows of the page's month-by-month table, cell texts in order."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.inside = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th") and self.rows:
            self.rows[-1].append("")
            self.inside = True

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside and self.rows and self.rows[-1]:
            self.rows[-1][-1] += data


class Attacker:
    """Equations over the 36 monthly counts, from everything published."""

    def __init__(self) -> None:
        self.equations: list[tuple[np.ndarray, float]] = []
        self.ranges: list[tuple[np.ndarray, float, float]] = []  # a rounded figure's sum
        self.hidden: set[int] = set()

    def month(self, text: str) -> int:
        return MONTHS.index(date(int(text[:4]), int(text[5:7]), 1))

    def shown(self, i: int, value: float) -> None:
        self.sum_of(range(i, i + 1), value)

    def sum_of(self, months, value: float) -> None:
        row = np.zeros(len(MONTHS))
        row[list(months)] = 1
        self.equations.append((row, float(value)))

    def rolling(self, i: int, value: float) -> None:
        self.sum_of(range(i - 11, i + 1), value)

    def between(self, months, low: float, high: float) -> None:
        row = np.zeros(len(MONTHS))
        row[list(months)] = 1
        self.ranges.append((row, low, high))

    def disclosed(self) -> dict[str, int]:
        """Each hidden month whose count the equations and bounds pin down, with that count."""
        small = settings.PZ_SMALL_NUMBER_RECORDS
        a = np.array([row for row, _ in self.equations])
        b = np.array([value for _, value in self.equations])
        # low <= row.x <= high as row.x <= high and -row.x <= -low
        upper = [(row, high) for row, _low, high in self.ranges]
        upper += [(-row, -low) for row, low, _high in self.ranges]
        inequalities = (
            {"A_ub": np.array([r for r, _ in upper]), "b_ub": np.array([v for _, v in upper])}
            if upper else {}
        )  # fmt: skip
        bounds = [(1, small - 1) if i in self.hidden else (0, None) for i in range(len(MONTHS))]
        found = {}
        for i in sorted(self.hidden):
            goal = np.zeros(len(MONTHS))
            goal[i] = 1
            low = linprog(goal, A_eq=a, b_eq=b, bounds=bounds, **inequalities)
            high = linprog(-goal, A_eq=a, b_eq=b, bounds=bounds, **inequalities)
            assert low.status == 0 and high.status == 0, "the published figures disagree"
            if round(low.fun, 6) == round(-high.fun, 6):
                found[f"{MONTHS[i]:%Y-%m}"] = round(low.fun)
        return found


def _read_page(attacker: Attacker, html: str) -> None:
    table = _Table()
    table.feed(html)
    month_names = {f"{m:%b %Y}": i for i, m in enumerate(MONTHS)}
    for cells in table.rows:
        label = re.sub(r"\s*\(.*\)", "", cells[0]).strip() if cells else ""
        if label not in month_names:
            continue
        i = month_names[label]
        count, rest = cells[1].strip(), [c.strip() for c in cells[2:]]
        if count.startswith("fewer than"):
            attacker.hidden.add(i)
        else:
            attacker.shown(i, int(count))
        if rest and rest[0].isdigit():
            attacker.rolling(i, int(rest[0]))
        if len(rest) > 1 and re.fullmatch(r"[\d.]+", rest[1]):
            # The rate per 1,000 (to 0.1) with the residents: the total to within rounding.
            rate = float(rest[1])
            attacker.between(
                range(i - 11, i + 1), (rate - 0.05) * POPULATION / 1000,
                (rate + 0.05) * POPULATION / 1000,
            )  # fmt: skip
    averages = re.search(r"On average ([\d.]+) a month before launch and ([\d.]+) a month", html)
    if averages:
        launch = MONTHS.index(date(2023, 7, 1))
        for months, mean in ((range(launch), averages[1]), (range(launch, 36), averages[2])):
            n = len(months)
            attacker.between(months, (float(mean) - 0.05) * n, (float(mean) + 0.05) * n)


def _read_csv(attacker: Attacker, text: str) -> None:
    for row in csv.DictReader(io.StringIO(text)):
        i = attacker.month(row["month"])
        if row["count"].startswith("<"):
            attacker.hidden.add(i)
        else:
            attacker.shown(i, int(row["count"]))
        if row["rolling_12_months"].isdigit():
            attacker.rolling(i, int(row["rolling_12_months"]))


def _read_api(attacker: Attacker, figures: dict) -> None:
    for row in figures["months"]:
        i = attacker.month(row["month"])
        if row["suppressed"]:
            attacker.hidden.add(i)
        else:
            attacker.shown(i, row["count"])
        if row["rolling_12_months"] is not None:
            attacker.rolling(i, row["rolling_12_months"])


def test_no_hidden_month_can_be_worked_out_from_the_page_the_csv_and_the_api(tmp_path, client):
    zone = _zone_with_figures(tmp_path)
    hidden_months = {
        f"{m:%Y-%m}" for m, n in zip(MONTHS, COUNTS, strict=True) if disclosure.hidden(n)
    }
    assert len(hidden_months) == 4
    for source in ("page", "csv", "api", "all"):
        attacker = Attacker()
        if source in ("page", "all"):
            page = client.get(f"/outcomes/zones/{zone.slug}/?category={ASB}")
            assert page.status_code == 200
            _read_page(attacker, page.content.decode())
        if source in ("csv", "all"):
            got = client.get(f"/outcomes/zones/{zone.slug}/outcomes.csv?category={ASB}")
            assert got.status_code == 200
            _read_csv(attacker, got.content.decode("utf-8-sig"))
        if source in ("api", "all"):
            got = client.get(f"/api/v1/zones/{zone.slug}/outcomes/?category={ASB}")
            assert got.status_code == 200
            _read_api(attacker, json.loads(got.content))
        assert {f"{MONTHS[i]:%Y-%m}" for i in attacker.hidden} == hidden_months, source
        assert attacker.disclosed() == {}, f"{source} gives away hidden months"


def test_the_attacker_finds_what_a_total_over_a_hidden_month_gives_away():
    """The check itself: with the totals as they were published before (a hidden month inside),
    it recovers the hidden months exactly."""
    attacker = Attacker()
    for i, n in enumerate(COUNTS):
        if disclosure.hidden(n):
            attacker.hidden.add(i)
        else:
            attacker.shown(i, n)
        if i >= 11:
            attacker.rolling(i, sum(COUNTS[i - 11 : i + 1]))
    assert attacker.disclosed() == {"2022-04": 3, "2023-06": 2, "2023-07": 4, "2024-07": 1}


def test_totals_are_withheld_only_where_a_month_of_them_is_hidden(tmp_path, client):
    zone = _zone_with_figures(tmp_path)
    series = queries.zone_series(zone, ASB)
    withheld = [row["month"] for row in series.rows if row["rolling_withheld"]]
    # Every 12-month window holding month 3, 17, 18 or 30: all but those ending in months 15
    # and 16 (months 4 to 15 and 5 to 16); their rates go with them.
    assert len(withheld) == 23
    assert [row["rolling"] is not None for row in series.rows].count(True) == 2
    assert all((row["rolling_rate"] is None) == (row["rolling"] is None) for row in series.rows)
    assert series.mean(after=False) is None and series.means_withheld
    kept = queries.Series(
        category=ASB, label="ASB", months=MONTHS, counts=[max(n, 6) for n in COUNTS],
        population=POPULATION, launch=date(2023, 7, 1),
    )  # fmt: skip
    assert kept.rolling[11] == sum(max(n, 6) for n in COUNTS[:12])
    assert not any(row["rolling_withheld"] for row in kept.rows)
    page = client.get(f"/outcomes/zones/{zone.slug}/?category={ASB}")
    assert b"a month of the 12 had fewer than 5" in page.content
    assert b"Averages before and since launch are not shown" in page.content
    text = client.get(f"/outcomes/zones/{zone.slug}/outcomes.csv?category={ASB}").content.decode()
    assert text.count(",withheld,withheld") == 23
    indicator = queries.year_on_year(zone, ASB)
    assert indicator.last is None and indicator.previous is None and indicator.previous_loaded


def test_the_programme_overview_withholds_a_year_with_a_hidden_month(tmp_path, client):
    _zone_with_figures(tmp_path)
    staff = factories.UserFactory(is_staff=True)
    client.force_login(staff)
    page = client.get("/outcomes/")
    assert page.status_code == 200
    assert b"not shown: a month had fewer than 5" in page.content
