"""The evaluation's statistics on simulated panels with known effects: do the 95% intervals
cover the truth, does the placebo test cry wolf no more than 5% of the time, does the stated
smallest detectable change have the power it claims, and does the weighted displacement
difference tell displacement from diffusion. Each prints its figures (pytest -s to see them).

They touch no database, so they run in the SQLite pass only (tests/conftest.py, `numeric`)."""

from dataclasses import replace

import numpy as np
import pytest
from scipy.optimize import minimize

from peoplezones.evaluation import methods

pytestmark = pytest.mark.numeric

PRE, POST = 36, 12


def world(
    rng: np.random.Generator, donors: int = 100, zone: int = 3, theta: float = 15
) -> methods.AreaPanel:
    """Neighbourhoods with their own level (8 to 40 a month), a common seasonal swing each
    follows to its own degree, a common slow fall, and month-to-month noise wider than
    Poisson (negative binomial): what police counts look like."""
    months = np.arange(PRE + POST)
    season = 0.15 * np.sin(2 * np.pi * months / 12)
    areas = donors + zone
    level = rng.uniform(8, 40, size=areas)
    swing = rng.uniform(0.5, 1.5, size=areas)
    expected = level * (1 + season[:, None] * swing) * (1 - 0.003 * months)[:, None]
    counts = rng.poisson(expected * rng.gamma(theta, 1 / theta, size=expected.shape))
    in_zone = np.zeros(areas, dtype=bool)
    in_zone[:zone] = True
    population = rng.integers(1300, 1800, size=areas).astype(float)
    return methods.AreaPanel(counts.astype(float), population, in_zone, PRE)


def with_effect(panel: methods.AreaPanel, effect: float, rng: np.random.Generator):
    """The Zone's counts since launch thinned (each incident kept with chance 1 + effect)."""
    counts = panel.counts.copy()
    after = counts[panel.launch :, panel.zone].astype(int)
    counts[panel.launch :, panel.zone] = rng.binomial(after, 1 + effect)
    return replace(panel, counts=counts)


def refit_zone(result: methods.Synthetic, panel: methods.AreaPanel) -> methods.Synthetic:
    """The same placebo areas (the Zone is never one of their donors), the Zone's fit again."""
    panel = methods.windowed(panel, methods.fit_window(panel.launch))
    fit = methods.fit_synthetic(
        panel.rate(np.flatnonzero(panel.zone)), panel.rates()[:, panel.donors],
        panel.launch, panel.donors,
    )  # fmt: skip
    return replace(result, fit=fit)


def test_weights_are_the_constrained_least_squares_solution():
    rng = np.random.default_rng(3)
    donors = rng.normal(size=(24, 12)).cumsum(axis=0)
    target = donors[:, :3] @ np.array([0.2, 0.5, 0.3]) + rng.normal(scale=0.3, size=24)
    found = methods.synthetic_weights(target, donors)
    assert found.min() >= 0 and found.sum() == pytest.approx(1)

    def loss(w):
        return np.sum(((target - target.mean()) - (donors - donors.mean(axis=0)) @ w) ** 2)

    general = minimize(
        loss, np.full(12, 1 / 12), method="SLSQP", bounds=[(0, 1)] * 12,
        constraints=[{"type": "eq", "fun": lambda w: w.sum() - 1}], options={"ftol": 1e-12},
    )  # fmt: skip
    assert loss(found) <= general.fun + 1e-6
    exact = methods.synthetic_weights(donors[:, :2] @ np.array([0.25, 0.75]), donors)
    assert exact[:2] == pytest.approx([0.25, 0.75], abs=1e-6)


def test_known_effects_are_covered_and_null_effects_rarely_called():
    """Acceptance: 400 panels with no effect, and 200 each with -10% and -30%."""
    rng = np.random.default_rng(2024)
    runs = {0.0: 400, -0.10: 200, -0.30: 200}
    covered = dict.fromkeys(runs, 0)
    significant = dict.fromkeys(runs, 0)
    for n in range(max(runs.values())):
        base = world(rng)
        result = methods.synthetic_control(base, seed=n)
        for effect, wanted in runs.items():
            if n >= wanted:
                continue
            found = result if effect == 0 else refit_zone(result, with_effect(base, effect, rng))
            low, high = found.interval
            covered[effect] += low <= effect <= high
            significant[effect] += found.p_value < 0.05
    for effect, n in runs.items():
        print(
            f"effect {effect:+.0%}: {n} panels, 95% interval covers the truth in "
            f"{covered[effect] / n:.1%}, placebo p < 0.05 in {significant[effect] / n:.1%}"
        )
        assert covered[effect] / n >= 0.90
    # "About 5%": 5% and two standard errors of a 400-run estimate of it.
    null = runs[0.0]
    assert significant[0.0] / null <= 0.05 + 2 * np.sqrt(0.05 * 0.95 / null)
    assert significant[-0.30] / runs[-0.30] >= 0.9


def test_stated_smallest_change_has_the_power_it_claims():
    """Acceptance: the smallest detectable change at 12 months is worked out from each panel's
    months before launch alone; that change is then made to the Zone's real months after
    launch, and the share of panels in which the placebo test finds it should be 80%."""
    rng = np.random.default_rng(77)
    runs, found, stated = 200, 0, []
    for n in range(runs):
        base = world(rng)
        before = replace(base, counts=base.counts[:PRE])
        effect = methods.minimum_detectable_effect(before, horizons=(12,), seed=n)[0].effect
        assert effect is not None
        stated.append(effect)
        result = methods.synthetic_control(with_effect(base, -effect, rng), seed=n, months=12)
        found += result.p_value < 0.05
    power = found / runs
    print(
        f"stated smallest detectable fall at 12 months: median {np.median(stated):.0%} "
        f"(from {min(stated):.0%} to {max(stated):.0%}); found at that size in {power:.1%} "
        f"of {runs} panels (80% claimed)"
    )
    assert abs(power - methods.POWER) <= 0.05


def test_displacement_and_diffusion_are_told_apart():
    """Acceptance: Zones whose crime fell by a third (60 a month to 40), 300 each: where those
    20 a month moved into the ring next door (40 a month before) it is displacement; where the
    ring fell by a third too, diffusion of benefit; where it did what its control did, neither
    (misread in no more than about 10%). Monthly counts vary more than Poisson; the test widens
    its variance by the dispersion it measures before launch."""
    rng = np.random.default_rng(5)

    def monthly(level: float, change: float) -> np.ndarray:
        expected = np.r_[np.full(12, level), np.full(12, level * (1 + change))]
        return rng.poisson(expected * rng.gamma(50, 1 / 50, size=24)).astype(float)

    def halves(series: np.ndarray) -> tuple[float, float]:
        return float(series[:12].sum()), float(series[12:].sum())

    runs = 300
    for expected, ring_change, share in (
        ("displacement", 0.5, 0.9), ("diffusion", -1 / 3, 0.9), ("neither", 0.0, 0.9),
    ):  # fmt: skip
        told = 0
        for _ in range(runs):
            zone, ring = monthly(60, -1 / 3), monthly(40, ring_change)
            spread = methods.dispersion(zone[:12], ring[:12])
            result = methods.weighted_displacement(
                halves(zone), halves(monthly(300, -0.02)), halves(ring),
                halves(monthly(300, -0.02)), dispersion=spread,
            )  # fmt: skip
            told += result.verdict == expected
        print(f"ring {ring_change:+.0%}: reported as {expected} in {told / runs:.1%} of {runs}")
        assert told / runs >= share
    # Nothing fell in the Zone: nothing to displace, whatever the ring did.
    flat = methods.weighted_displacement((600, 610), (3000, 2990), (800, 1100), (3000, 2990))
    assert flat.verdict == "neither"
