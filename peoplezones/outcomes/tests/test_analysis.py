"""The difference-in-differences estimate checked against an independent calculation on synthetic
data with a known effect, the matching, and the words."""

import numpy as np
import pytest
from scipy import stats

from peoplezones.outcomes import analysis


def _panel(effect: float, seed: int = 4, zone_areas: int = 12, others: int = 60):
    rng = np.random.default_rng(seed)
    rows = []
    for area in range(zone_areas + others):
        zone = int(area < zone_areas)
        level = rng.normal(8.0 if zone else 6.0, 1.5)  # Zones start worse off
        for month in range(36):
            after = int(month >= 24)
            trend = -0.03 * month  # everywhere improves a little
            rate = level + trend + effect * zone * after + rng.normal(0, 1.0)
            rows.append((rate, zone, after, area))
    data = np.array(rows)
    return analysis.Panel(
        rate=data[:, 0], zone=data[:, 1], after=data[:, 2], cluster=data[:, 3].astype(int)
    )


def _independent(panel: analysis.Panel) -> tuple[float, float, float]:
    """The 2x2 difference of means, and its cluster-robust interval written out by hand."""
    x = np.column_stack(
        [np.ones_like(panel.rate), panel.zone, panel.after, panel.zone * panel.after]
    )
    y = panel.rate
    xtx_inv = np.linalg.inv(x.T @ x)
    beta = xtx_inv @ x.T @ y
    residual = y - x @ beta
    meat = np.zeros((4, 4))
    groups = np.unique(panel.cluster)
    for group in groups:
        score = x[panel.cluster == group].T @ residual[panel.cluster == group]
        meat += np.outer(score, score)
    n, k, g = len(y), x.shape[1], len(groups)
    correction = g / (g - 1) * (n - 1) / (n - k)
    se = np.sqrt((xtx_inv @ meat @ xtx_inv)[3, 3] * correction)
    mean = lambda z, a: y[(panel.zone == z) & (panel.after == a)].mean()  # noqa: E731
    estimate = (mean(1, 1) - mean(1, 0)) - (mean(0, 1) - mean(0, 0))
    t = stats.t.ppf(0.975, g - 1)
    return estimate, estimate - t * se, estimate + t * se


@pytest.mark.parametrize("effect", [-1.5, 0.0, 0.8])
def test_did_matches_an_independent_calculation_and_finds_the_known_effect(effect):
    panel = _panel(effect)
    did = analysis.difference_in_differences(panel)
    estimate, low, high = _independent(panel)
    assert did.estimate == pytest.approx(estimate)
    assert (did.low, did.high) == pytest.approx((low, high))
    assert did.low < effect < did.high
    assert did.beyond_chance == (effect != 0.0)
    assert (did.zone_areas, did.comparison_areas) == (12, 60)


def test_matching_takes_the_nearest_similar_areas_once_each():
    zone = [("Z1", 40.0, 10.0), ("Z2", 38.0, 9.0)]
    candidates = [(f"C{i}", 10.0 + i, 2.0 + i / 4) for i in range(40)]
    chosen = analysis.match(zone, candidates, k=3)
    assert len(chosen) == len(set(chosen)) == 6
    scores = {c[0]: c[1] for c in candidates}
    assert min(scores[c] for c in chosen) >= 35  # the most deprived, highest-crime candidates


def test_the_summary_never_overclaims():
    fell = analysis.DiD(
        estimate=-1.2, low=-2.0, high=-0.4, zone_before=10.0, zone_after=8.2,
        comparison_before=6.0, comparison_after=5.64, zone_areas=6, comparison_areas=30,
    )  # fmt: skip
    text = analysis.summary(fell, "Anti-social behaviour")
    assert text.startswith("Anti-social behaviour fell 18% here and fell 6% in similar areas;")
    assert (
        "larger than chance alone would likely give (it does not prove the Zone caused it)" in text
    )
    unclear = analysis.DiD(
        estimate=-0.3, low=-1.1, high=0.5, zone_before=10.0, zone_after=9.0,
        comparison_before=6.0, comparison_after=5.8, zone_areas=6, comparison_areas=30,
    )  # fmt: skip
    assert "could easily come from chance alone" in analysis.summary(unclear, "Burglary")
