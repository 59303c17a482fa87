"""A Zone's series and its comparison with matched similar areas, from the kept counts."""

import json
import random
from datetime import date

import pytest

from peoplezones.geography.models import AreaProfile
from peoplezones.geography.services import import_areas
from peoplezones.outcomes import queries
from peoplezones.outcomes.models import Batch, Force, LsoaMonthCount, ZoneMonthCount
from tests import factories

pytestmark = pytest.mark.django_db
LON, LAT = factories.BRAUNSTONE
LAUNCH = date(2024, 1, 1)


def _world(tmp_path, effect: float):
    """A Zone over two LSOAs and 30 LSOAs elsewhere, 24 months before launch and 12 after; the
    Zone's ASB falls by `effect` (a share) after launch, everywhere drifts down a little."""
    zone = factories.zone_with_boundary(LON, LAT, launch_date=date(2024, 1, 15))
    features = [
        {"type": "Feature", "properties": {"LSOA21CD": f"E0100{i:04d}", "LSOA21NM": f"Area {i}"},
         "geometry": factories.square(LON - 0.005 + 0.01 * (i % 2) + (0.2 if i >= 2 else 0) + 0.02 * (i // 2), LAT, half=0.004)}
        for i in range(32)
    ]  # fmt: skip
    path = tmp_path / "lsoa.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    import_areas(path=path)
    rng = random.Random(3)
    force = Force.objects.create(slug="test", name="Test Police")
    counts, zone_counts = [], []
    for i in range(32):
        code = f"E0100{i:04d}"
        deprivation = 45 + rng.uniform(-5, 5) if i < 2 or i % 3 == 0 else 15 + rng.uniform(-5, 5)
        AreaProfile.objects.create(code=code, population=1500, imd_score=deprivation)
    for m in range(36):
        month = queries.add_months(date(2022, 1, 1), m)
        batch = Batch.objects.create(
            kind="street", force=force, month=month, file_name="x", sha256=str(m)
        )
        for i in range(32):
            level = 20 if i < 2 or i % 3 == 0 else 8
            expected = level * (1 - 0.005 * m) * (1 - effect if i < 2 and month >= LAUNCH else 1)
            n = max(0, round(rng.gauss(expected, expected**0.5)))
            counts.append(
                LsoaMonthCount(
                    batch=batch,
                    row=i + 1,
                    lsoa_code=f"E0100{i:04d}",
                    month=month,
                    category="anti-social-behaviour",
                    count=n,
                )
            )
            if i < 2:
                zone_counts.append(
                    ZoneMonthCount(
                        batch=batch,
                        zone=zone,
                        month=month,
                        category="anti-social-behaviour",
                        count=n,
                    )
                )
    LsoaMonthCount.objects.bulk_create(counts)
    ZoneMonthCount.objects.bulk_create(zone_counts)
    return zone


def test_the_zone_series_has_rolling_totals_and_rates(tmp_path):
    zone = _world(tmp_path, effect=0.3)
    series = queries.zone_series(zone, "anti-social-behaviour")
    assert len(series.months) == 36 and series.months[-1] == date(2024, 12, 1)
    assert series.population == 3000
    assert series.rolling[10] is None and series.rolling[11] == sum(series.counts[:12])
    assert series.mean(after=True) < series.mean(after=False)
    assert series.rows[-1]["rolling_rate"] == pytest.approx(1000 * series.rolling[-1] / 3000)


def test_a_real_fall_is_found_against_matched_similar_areas(tmp_path):
    zone = _world(tmp_path, effect=0.3)
    result = queries.compare(zone, "anti-social-behaviour")
    assert result.zone_codes == ["E01000000", "E01000001"]
    # The matches are the deprived, high-ASB areas (every third one), not the quiet ones.
    assert all(int(code[-4:]) % 3 == 0 for code in result.comparison_codes)
    assert len(result.comparison_codes) == 10
    assert result.did.beyond_chance and result.did.estimate < 0
    assert result.summary.startswith("Anti-social behaviour fell")


def test_no_effect_is_not_called_one(tmp_path):
    zone = _world(tmp_path, effect=0.0)
    result = queries.compare(zone, "anti-social-behaviour")
    assert not result.did.beyond_chance
    assert "could easily come from chance alone" in result.summary
