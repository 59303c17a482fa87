"""A Zone's evaluation from the kept counts: its measures locked at launch and changed only as
dated versions, the report's synthetic control, event study and displacement test on a Zone
with a ring of neighbourhoods next door, the same numbers every time, the PDF and the data."""

import json
import random
import re
from datetime import date

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from peoplezones.evaluation import report, services
from peoplezones.evaluation.models import LockedMeasure
from peoplezones.geography.models import AreaProfile
from peoplezones.geography.services import import_areas
from peoplezones.outcomes import queries
from peoplezones.outcomes.models import Batch, Force, LsoaMonthCount, ZoneMonthCount
from peoplezones.zones import services as zone_services
from peoplezones.zones.models import IndicatorKind, Stage
from tests import factories

pytestmark = pytest.mark.django_db
LON, LAT = factories.BRAUNSTONE
FIRST, LAUNCH = date(2021, 1, 1), date(2024, 1, 1)
MONTHS, DONORS = 48, 40
ASB = "anti-social-behaviour"
# The Zone's square is 0.01 degrees either side of its centre: two neighbourhoods inside it,
# three just beyond its edge (the ring), the rest far away.
INSIDE = [(LON - 0.005, LAT), (LON + 0.005, LAT)]
RING = [(LON + 0.0145, LAT), (LON - 0.0145, LAT), (LON, LAT + 0.0145)]


def _code(i: int) -> str:
    return f"E0100{i:04d}"


def world(tmp_path, zone_change: float = -0.3, ring_change: float = 0.0, seed: int = 3):
    """A launched Zone with an objective following anti-social behaviour, its areas, the ring
    and 40 others, 36 months before launch and 12 after. The Zone's rate changes by
    `zone_change` at launch and the ring's by `ring_change` (shares)."""
    zone = factories.zone_with_boundary(LON, LAT, launch_date=date(2024, 1, 15))
    places = (
        INSIDE + RING + [(LON + 0.2 + 0.02 * (i % 8), LAT + 0.02 * (i // 8)) for i in range(DONORS)]
    )
    features = [
        {"type": "Feature", "properties": {"LSOA21CD": _code(i), "LSOA21NM": f"Area {i}"},
         "geometry": factories.square(lon, lat, half=0.004)}
        for i, (lon, lat) in enumerate(places)
    ]  # fmt: skip
    path = tmp_path / "lsoa.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    import_areas(path=path)
    rng = random.Random(seed)
    levels = [18.0] * 2 + [14.0] * 3 + [rng.uniform(8, 25) for _ in range(DONORS)]
    for i in range(len(places)):
        AreaProfile.objects.create(
            code=_code(i), population=1500, imd_score=30 + rng.uniform(-8, 8)
        )
    force = Force.objects.create(slug="test", name="Test Police")
    counts, zone_counts = [], []
    for m in range(MONTHS):
        month = queries.add_months(FIRST, m)
        batch = Batch.objects.create(
            kind="street", force=force, month=month, file_name=f"{month:%Y-%m}-test-street.csv",
            sha256=f"{m:064d}",
        )  # fmt: skip
        for i, level in enumerate(levels):
            after = month >= LAUNCH
            change = zone_change if i < 2 else ring_change if i < 5 else 0.0
            expected = level * (1 - 0.003 * m) * (1 + 0.12 * ((m % 12) in (5, 6, 7)))
            expected *= 1 + (change if after else 0)
            n = max(0, round(rng.gauss(expected, expected**0.5)))
            counts.append(
                LsoaMonthCount(
                    batch=batch, row=i + 1, lsoa_code=_code(i), month=month, category=ASB, count=n
                )
            )
            if i < 2:
                zone_counts.append(
                    ZoneMonthCount(batch=batch, zone=zone, month=month, category=ASB, count=n)
                )
    LsoaMonthCount.objects.bulk_create(counts)
    ZoneMonthCount.objects.bulk_create(zone_counts)
    return zone


def launch_with_objective(zone, actor=None):
    """Publish an objective following anti-social behaviour, then launch: the measure locks."""
    zone.stage, zone.launch_date = Stage.FORMING, zone.launch_date
    zone.save()
    objective = factories.ObjectiveFactory(
        zone=zone, indicator_kind=IndicatorKind.CRIME, indicator="Anti-social behaviour",
        measure="outcomes:" + ASB,
    )  # fmt: skip
    zone_services.update_zone(zone=zone, actor=actor, changes={"stage": Stage.ACTIVE})
    zone.refresh_from_db()
    return objective


def test_launching_locks_each_objectives_measure_once(tmp_path):
    zone = world(tmp_path)
    objective = launch_with_objective(zone)
    measure = LockedMeasure.objects.get(objective=objective)
    assert (measure.version, measure.figure, measure.direction) == (1, "outcomes:" + ASB, "fall")
    assert measure.judged_on == date(2026, 1, 1) and measure.kind == "crime"
    assert services.lock_measures(zone=zone) == []  # locking again adds nothing
    # An objective published after launch is locked when it is published.
    later = zone_services.publish_objective(
        zone=zone, actor=None,
        fields={"title": "Fewer burglaries", "statement": "x", "theme": "safety",
                "indicator_kind": IndicatorKind.CRIME, "indicator": "Burglary",
                "measure": "outcomes:burglary"},
    )  # fmt: skip
    assert LockedMeasure.objects.get(objective=later).version == 1


def test_a_change_after_launch_is_a_dated_version_with_its_reason(tmp_path, staff_client, staff):
    zone = world(tmp_path)
    objective = launch_with_objective(zone)
    first = LockedMeasure.objects.get(objective=objective)
    url = reverse("evaluation:change", args=[zone.slug, first.pk])
    refused = staff_client.post(url, {"figure": first.figure, "direction": "fall",
                                      "judged_on": "2026-06-01", "ring_metres": 500, "reason": ""})  # fmt: skip
    assert refused.status_code == 400 and "This field is required" in refused.content.decode()
    assert LockedMeasure.objects.filter(objective=objective).count() == 1
    early = staff_client.post(url, {"figure": first.figure, "direction": "fall",
                                    "judged_on": "2023-06-01", "ring_metres": 500, "reason": "x"})  # fmt: skip
    assert early.status_code == 400 and "Judge it after the launch" in early.content.decode()
    unknown = staff_client.post(url, {"figure": "outcomes:made-up", "direction": "fall",
                                      "judged_on": "2026-06-01", "ring_metres": 500, "reason": "x"})  # fmt: skip
    assert unknown.status_code == 400 and LockedMeasure.objects.count() == 1
    done = staff_client.post(url, {"figure": first.figure, "direction": "fall",
                                   "judged_on": "2026-06-01", "ring_metres": 800,
                                   "reason": "Residents said the ring was too narrow."})  # fmt: skip
    assert done.status_code == 302
    second = LockedMeasure.objects.get(objective=objective, version=2)
    assert second.ring_metres == 800 and second.judged_on == date(2026, 6, 1)
    first.refresh_from_db()
    assert first.ring_metres == 500 and first.reason == ""  # the first version is untouched
    with pytest.raises(ValidationError):  # only the latest version can be changed
        services.change_measure(measure=first, by=staff, changes={"ring_metres": 900}, reason="y")
    plan = Client().get(reverse("evaluation:plan", args=[zone.slug])).content.decode()
    assert "Residents said the ring was too narrow." in plan and "Version 2" in plan
    assert reverse("evaluation:report", args=[zone.slug, first.pk]) in plan
    page = Client().get(reverse("evaluation:report", args=[zone.slug, first.pk])).content.decode()
    assert "Version 1, locked" in page and "Every version of this measure" in page


@pytest.mark.parametrize(
    ("ring_change", "verdict"),
    [(0.45, "displacement"), (-0.35, "diffusion"), (0.0, "neither")],
)
def test_the_report_tells_displacement_from_diffusion(tmp_path, ring_change, verdict):
    """Acceptance: the Zone's ASB fell by 30%; its ring next door rose by about what it lost
    (displacement), fell too (diffusion of benefit), or stayed as its control did."""
    zone = world(tmp_path, zone_change=-0.3, ring_change=ring_change)
    objective = launch_with_objective(zone)
    evaluation = report.build(LockedMeasure.objects.get(objective=objective))
    assert sorted(evaluation.ring_codes) == [_code(2), _code(3), _code(4)]
    assert evaluation.displacement.verdict == verdict
    assert evaluation.synthetic.percent < -0.15 and evaluation.synthetic.p_value < 0.05
    low, high = evaluation.synthetic.interval
    assert low < -0.3 < high or abs(evaluation.synthetic.percent + 0.3) < 0.1


def test_the_report_reads_the_same_every_time_and_names_its_data(tmp_path, staff_client):
    zone = world(tmp_path)
    measure = LockedMeasure.objects.get(objective=launch_with_objective(zone))
    first = report.build(measure)
    again = report.build(measure)
    assert first.fingerprint == again.fingerprint
    assert first.synthetic.percent == again.synthetic.percent
    assert first.synthetic.p_value == again.synthetic.p_value
    assert [d.effect for d in first.detectable] == [d.effect for d in again.detectable]
    assert len(first.synthetic.placebos) == 200 and first.event is not None
    assert len(first.files) == MONTHS and first.files[0]["sha256"] == f"{0:064d}"
    url = reverse("evaluation:report", args=[zone.slug, measure.pk])
    cache.clear()
    page = Client().get(url).content.decode()
    assert first.fingerprint in page and "2021-01-test-street.csv" in page
    assert "People Zones 0.1.0" in page and "placebo areas" in page
    # The data: exact for programme staff, small counts suppressed for everyone else.
    data_url = reverse("evaluation:report_data", args=[zone.slug, measure.pk])
    exact = staff_client.get(data_url).content.decode()
    assert exact == report.data_csv(first)
    public = Client().get(data_url).content.decode()
    assert public.splitlines()[0] == "lsoa_code,role,residents,month,count"
    # Every neighbourhood analysed: the Zone's two, the three in the ring, the 40 others.
    assert len(public.splitlines()) == len(exact.splitlines()) == 1 + MONTHS * (2 + 3 + DONORS)
    roles = {line.split(",")[1] for line in exact.splitlines()[1:]}
    assert {"zone", "donor", "ring"} <= roles and any("comparison" in r for r in roles)
    pdf = Client().get(reverse("evaluation:report_pdf", args=[zone.slug, measure.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_small_counts_are_suppressed_in_the_public_data(tmp_path):
    zone = world(tmp_path)
    measure = LockedMeasure.objects.get(objective=launch_with_objective(zone))
    evaluation = report.build(measure)
    evaluation.counts[0, 0] = 3
    assert ",2021-01,<10" in report.data_csv(evaluation, 10)
    assert ",2021-01,3" in report.data_csv(evaluation)


def test_a_measure_of_another_zone_is_not_found(tmp_path):
    zone = world(tmp_path)
    measure = LockedMeasure.objects.get(objective=launch_with_objective(zone))
    other = factories.ZoneFactory(is_published=True)
    response = Client().get(reverse("evaluation:report", args=[other.slug, measure.pk]))
    assert response.status_code == 404


def test_before_launch_the_plan_says_what_change_each_measure_could_show(tmp_path):
    zone = world(tmp_path)
    zone.stage, zone.launch_date = Stage.FORMING, None
    zone.save()
    factories.ObjectiveFactory(
        zone=zone, indicator_kind=IndicatorKind.CRIME, indicator="Anti-social behaviour",
        measure="outcomes:" + ASB,
    )  # fmt: skip
    page = Client().get(reverse("evaluation:plan", args=[zone.slug])).content.decode()
    assert "The Zone has not launched yet" in page
    found = re.search(r"Were the Zone to launch next month: With about (\d+) a month here", page)
    assert found and 30 <= int(found.group(1)) <= 40  # two neighbourhoods of about 18 a month
    assert re.search(
        r"only a fall of about \d+% or more could be told apart from chance by month 12", page
    )
    assert not LockedMeasure.objects.exists()  # nothing is locked before launch
