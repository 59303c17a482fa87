"""The evaluation's statistics, written out: a synthetic control with placebo Zones, the smallest
change a Zone could detect (by simulation on its own past), the event study behind the
difference in differences, and the weighted displacement difference for the ring next door.
Plain numpy and scipy, no Django, so each is tested on simulated panels with known effects
(docs/evaluation.md says the same in words).

Every figure is a monthly rate per 1,000 residents. A panel holds each neighbourhood's (LSOA's)
monthly counts and population; the Zone is its neighbourhoods taken together."""

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import statsmodels.api as sm
from scipy.optimize import nnls

LEVEL = 0.95  # intervals and tests: 95%, a 5% level
POWER = 0.80
PLACEBOS = 200  # placebo Zones for the permutation test
MIN_FIT = 6  # months a placebo launch in the past is fitted on at least
PLACEBO_STEP = 3  # months between placebo launches in the past
PLACEBO_LAUNCHES = 4  # the latest ones
FIT_MONTHS = 24  # months before launch a synthetic control is fitted on (fewer if not loaded)
EFFECT_GRID = np.round(np.arange(0.01, 0.901, 0.01), 2)  # 1% to 90%


@dataclass(frozen=True)
class AreaPanel:
    """counts[month, area] and population[area]; `zone` marks the Zone's areas; `launch` is the
    index of the first month from launch (months before it are the fitting period)."""

    counts: np.ndarray
    population: np.ndarray
    zone: np.ndarray
    launch: int

    @property
    def donors(self) -> np.ndarray:
        return np.flatnonzero(~self.zone)

    def rate(self, areas: Sequence[int] | np.ndarray) -> np.ndarray:
        """The monthly rate per 1,000 of these areas taken together."""
        areas = np.asarray(areas)
        return 1000 * self.counts[:, areas].sum(axis=1) / self.population[areas].sum()

    def rates(self) -> np.ndarray:
        return 1000 * self.counts / self.population


# The synthetic control ----------------------------------------------------------------------------


def synthetic_weights(target: np.ndarray, donors: np.ndarray) -> np.ndarray:
    """Weights over the donors, each at least 0 and adding to 1, that make the weighted donors'
    monthly series follow the target's as closely as possible (least squares), each series taken
    about its own mean ("de-meaned" synthetic control, Ferman and Pinto 2021: the Zone need not
    sit inside the donors' range of levels, only move with them).

    Solved exactly as non-negative least squares (Lawson and Hanson, scipy.optimize.nnls) with
    one extra row, sum(w) = 1, weighted so heavily that any other solution costs more than the
    whole fit; the tiny remainder is divided out."""
    return _centred_weights(target - target.mean(), donors - donors.mean(axis=0))


def _centred_weights(target: np.ndarray, donors: np.ndarray) -> np.ndarray:
    """synthetic_weights() for series already taken about their means."""
    heavy = 1e3 * max(float(np.abs(donors).max(initial=0.0)), float(np.abs(target).max()), 1.0)
    design = np.empty((donors.shape[0] + 1, donors.shape[1]))
    design[:-1], design[-1] = donors, heavy
    wanted = np.append(target, heavy)
    weights, _residual = nnls(design, wanted, maxiter=10 * max(donors.shape[1], 50))
    total = weights.sum()
    return weights / total if total > 0 else np.full(donors.shape[1], 1 / donors.shape[1])


@dataclass(frozen=True)
class Fit:
    """One unit's synthetic control: its series and the synthetic one, month by month."""

    actual: np.ndarray
    synthetic: np.ndarray
    launch: int
    weights: np.ndarray
    donors: np.ndarray  # the panel's area indices the weights are over

    @property
    def gap(self) -> np.ndarray:
        return self.actual - self.synthetic

    @property
    def pre_rmspe(self) -> float:
        """How closely the synthetic followed before launch (root mean squared gap)."""
        return float(np.sqrt(np.mean(self.gap[: self.launch] ** 2)))

    def post_gap(self, months: int | None = None) -> float:
        after = self.gap[self.launch :][:months]
        return float(after.mean()) if after.size else float("nan")

    @property
    def noise(self) -> float:
        """The series' own month-to-month spread before launch (the standard deviation of its
        monthly changes over the square root of 2): what chance moves it by in a month, however
        well or badly the synthetic control happened to follow it."""
        before = self.actual[: self.launch]
        return float(np.std(np.diff(before), ddof=1) / np.sqrt(2)) if before.size > 2 else 0.0

    def post_synthetic(self, months: int | None = None) -> float:
        after = self.synthetic[self.launch :][:months]
        return float(after.mean()) if after.size else float("nan")

    def post_share(self, months: int | None = None) -> float:
        """The gap since launch as a share of what the synthetic control expected."""
        expected = self.post_synthetic(months)
        return self.post_gap(months) / expected if expected else float("nan")


def indexed(rates: np.ndarray, fitting: np.ndarray | slice) -> np.ndarray:
    """Each series divided by its mean over the fitting months (1 is its usual level), so a
    change common to every area in proportion to its level (crime falling 5% everywhere)
    leaves every series alike whatever the weights. A series with no count there stays flat."""
    base = rates[fitting].mean(axis=0)
    return np.divide(rates, base, out=np.ones_like(rates, dtype=float), where=base > 0)


def fit_synthetic(
    series: np.ndarray,
    donor_rates: np.ndarray,
    launch: int,
    donors: np.ndarray,
    donor_index: np.ndarray | None = None,
    centred: np.ndarray | None = None,
) -> Fit:
    """The synthetic control of `series` from the donors' series, fitted on the months before
    `launch` on each series' index (`indexed`; given as `donor_index`, with its months before
    launch about their means as `centred`, when already worked out) and given back as a rate."""
    level = series[:launch].mean()
    if donor_index is None:
        donor_index = indexed(donor_rates, slice(0, launch))
    if centred is None:
        centred = donor_index[:launch] - donor_index[:launch].mean(axis=0)
    target = series / level if level > 0 else np.ones_like(series)
    before = target[:launch]
    weights = _centred_weights(before - before.mean(), centred)
    return Fit(series, level * (donor_index @ weights), launch, weights, donors)


def placebo_groups(donors: int, size: int, wanted: int, seed: int) -> list[np.ndarray]:
    """Placebo Zones: groups of as many donor neighbourhoods as the Zone has, each given the test
    the Zone gets. A Zone of five neighbourhoods is far less noisy than any one of them, so
    single-neighbourhood placebos would make the Zone look unusual when it is not (measured in
    simulation: 23% of no-effect Zones called significant at 5%, against 5% with groups)."""
    rng = np.random.default_rng(seed)
    if size == 1:  # the classic in-space placebos: each donor in turn (a sample of them if many)
        chosen = (
            np.arange(donors) if donors <= wanted else rng.choice(donors, wanted, replace=False)
        )
        return [np.array([i]) for i in np.sort(chosen)]
    return [np.sort(rng.choice(donors, size=size, replace=False)) for _ in range(wanted)]


@dataclass(frozen=True)
class Synthetic:
    fit: Fit
    placebos: list[Fit]
    months: int  # months after launch analysed
    placebo_statistics: np.ndarray
    critical: float  # the 95th percentile of the placebos' |statistic|

    @property
    def statistic(self) -> float:
        """The Zone's mean gap since launch in units of its own monthly noise (`_statistic`)."""
        return _statistic(self.fit, self.months)

    @property
    def effect(self) -> float:
        """Mean monthly gap since launch, per 1,000 residents (negative: lower than expected)."""
        return self.fit.post_gap(self.months)

    @property
    def expected(self) -> float:
        return self.fit.post_synthetic(self.months)

    @property
    def percent(self) -> float:
        return self.fit.post_share(self.months)

    @property
    def interval(self) -> tuple[float, float]:
        """The 95% interval for the change as a share of what was expected, found by inverting
        the placebo test: every effect the placebos would not call unusual."""
        spread = self.critical * self.fit.noise
        if not self.expected:
            return float("nan"), float("nan")
        return (self.effect - spread) / self.expected, (self.effect + spread) / self.expected

    @property
    def p_value(self) -> float:
        """The permutation p-value: the share of the Zone and its placebos with a gap at least as
        unusual as the Zone's (two-sided)."""
        beyond = np.count_nonzero(np.abs(self.placebo_statistics) >= abs(self.statistic))
        return (1 + beyond) / (1 + len(self.placebo_statistics))

    @property
    def rank(self) -> int:
        """1 when no placebo's gap was as unusual as the Zone's."""
        return 1 + int(np.count_nonzero(np.abs(self.placebo_statistics) > abs(self.statistic)))


def _statistic(fit: Fit, months: int | None) -> float:
    """The mean gap since launch in units of the series' own monthly noise: comparable between
    a busy area and a quiet one, and never inflated by a fit before launch that happened to be
    near perfect (as a fit over few months and many donors can be)."""
    noise = fit.noise
    return fit.post_gap(months) / noise if noise > 0 else 0.0


def _fits(panel: AreaPanel, groups: list[np.ndarray], launch: int) -> tuple[Fit, list[Fit]]:
    donors = panel.donors
    rates = panel.rates()[:, donors]
    # Each donor's index, and its months before launch about their mean, are its own: the same
    # in every placebo's pool, so worked out once.
    index = indexed(rates, slice(0, launch))
    centred = index[:launch] - index[:launch].mean(axis=0)
    series = panel.rate(np.flatnonzero(panel.zone))
    zone = fit_synthetic(series, rates, launch, donors, index, centred)
    placebos = []
    for group in groups:
        keep = np.ones(len(donors), dtype=bool)
        keep[group] = False
        pool = (rates[:, keep], launch, donors[keep], index[:, keep], centred[:, keep])
        placebos.append(fit_synthetic(panel.rate(donors[group]), *pool))
    return zone, placebos


def synthetic_control(
    panel: AreaPanel, months: int | None = None, placebos: int = PLACEBOS, seed: int = 0
) -> Synthetic:
    """The Zone against its synthetic control over `months` after launch (all loaded if None),
    with `placebos` placebo Zones drawn (reproducibly, from `seed`) from the donors."""
    panel = windowed(panel, fit_window(panel.launch))
    size = int(panel.zone.sum())
    groups = placebo_groups(len(panel.donors), size, placebos, seed)
    zone, fits = _fits(panel, groups, panel.launch)
    statistics = np.array([_statistic(f, months) for f in fits])
    return Synthetic(
        fit=zone, placebos=fits, months=months or panel.counts.shape[0] - panel.launch,
        placebo_statistics=statistics,
        critical=float(np.quantile(np.abs(statistics), LEVEL)),
    )  # fmt: skip


# The smallest detectable change ------------------------------------------------------------------


@dataclass(frozen=True)
class Detectable:
    months: int
    level: float  # the Zone's monthly rate per 1,000 over the last 12 months before launch
    effect: float | None  # the smallest change with 80% power, as a share; None if none to 90%
    power: np.ndarray  # power at each of EFFECT_GRID, in the measure's direction
    launches: int  # placebo launches in the past it was worked out from (0: too few months)
    full_fit: bool  # each fitted on as many months as the real fit (else the figure errs high)


def fit_window(before: int) -> int:
    """Months before launch the synthetic control is fitted on: FIT_MONTHS, fewer when fewer are
    loaded, keeping 12 back where it can so a placebo launch in the past 12 months before the
    real one is fitted on exactly as many months as the real one (see minimum_detectable_effect)."""
    if before - 12 >= MIN_FIT:
        return min(FIT_MONTHS, before - 12)
    return min(FIT_MONTHS, before)


def windowed(
    panel: AreaPanel, window: int, launch: int | None = None, months: int | None = None
) -> AreaPanel:
    """The panel cut to `window` months before `launch` (the panel's own by default) and
    `months` after it (all by default)."""
    launch = panel.launch if launch is None else launch
    end = None if months is None else launch + months
    return replace(panel, counts=panel.counts[launch - window : end], launch=window)


def minimum_detectable_effect(
    panel: AreaPanel,
    horizons: Sequence[int] = (12, 24),
    direction: int = -1,
    placebos: int = PLACEBOS,
    seed: int = 0,
) -> list[Detectable]:
    """For each horizon, the smallest change (as a share of the Zone's rate, in `direction`: -1
    for a fall) that the placebo test would find at the 5% level in 80% of cases.

    Uses only the months before launch. Placebo launches in the past: `horizon` months before
    the real launch, and every PLACEBO_STEP months before that while the data reach back far
    enough; at each, every placebo area is fitted on the same number of months as the real fit
    (`fit_window`) and its statistic taken over the `horizon` months after, exactly as the real
    test will be. Had the launch changed nothing, the Zone's statistic would be one more draw like
    these (the exchangeability the placebo test itself rests on); a change of the size tried
    moves it by that share of the Zone's rate over its own monthly noise. Power is the share of
    draws then beyond their launch's 95th percentile. Where the data do not reach back far
    enough, the one placebo launch there is fitted on fewer months; its draws are wider, so the
    figure errs high (`Detectable.full_fit` is False)."""
    groups = placebo_groups(len(panel.donors), int(panel.zone.sum()), placebos, seed)
    before = panel.launch
    window = fit_window(before)
    series = panel.rate(np.flatnonzero(panel.zone))[:before]
    level = float(series[-12:].mean())
    own = fit_synthetic(
        series[before - window :], panel.rates()[before - window : before, panel.donors],
        window, panel.donors,
    )  # fmt: skip
    noise = own.noise or float("inf")
    found = []
    for horizon in horizons:
        launches = list(range(before - horizon, window - 1, -PLACEBO_STEP))[:PLACEBO_LAUNCHES]
        plan = [(launch, window) for launch in launches]
        if not plan and before - horizon >= MIN_FIT:
            plan = [(before - horizon, before - horizon)]
        statistics, critical = [], []
        for launch, fitted_on in plan:
            _zone, fits = _fits(windowed(panel, fitted_on, launch, horizon), groups, fitted_on)
            drawn = np.array([_statistic(f, horizon) for f in fits])
            statistics.append(drawn)
            critical.append(np.quantile(np.abs(drawn), LEVEL))
        if not statistics:
            found.append(Detectable(horizon, level, None, np.zeros(len(EFFECT_GRID)), 0, False))
            continue
        drawn, limit = np.array(statistics), np.array(critical)[:, None]
        power = np.array(
            [np.mean(np.abs(drawn + direction * e * level / noise) > limit) for e in EFFECT_GRID]
        )
        reached = np.flatnonzero(power >= POWER)
        effect = float(EFFECT_GRID[reached[0]]) if reached.size else None
        found.append(Detectable(horizon, level, effect, power, len(plan), bool(launches)))
    return found


# The event study ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventStudy:
    relative: np.ndarray  # months relative to launch (-1 is the reference, fixed at 0)
    estimate: np.ndarray  # the Zone's rate minus the comparison's, beyond the month before launch
    low: np.ndarray
    high: np.ndarray
    pre_slope: float  # the divergence a month before launch (rate per 1,000), and its p-value
    pre_slope_p: float

    @property
    def diverging(self) -> bool:
        return self.pre_slope_p < 1 - LEVEL


def event_study(
    rate: np.ndarray, zone: np.ndarray, month: np.ndarray, cluster: np.ndarray, launch: int
) -> EventStudy:
    """rate ~ area + month + zone x (month relative to launch), by ordinary least squares with
    standard errors clustered by area; the month before launch is the reference. And the
    pre-trend check: over the months before launch only, rate ~ area + month + zone x month,
    whose slope should be near zero if the Zone and its comparison moved together."""
    relative = month - launch
    shown = np.array(sorted(set(relative.tolist()) - {-1}))
    areas = np.unique(cluster)
    months = np.unique(month)
    columns = [(relative == r) & (zone == 1) for r in shown]
    design = np.column_stack(
        [*columns, *(cluster == a for a in areas), *(month == m for m in months[1:])]
    ).astype(float)
    fit = sm.OLS(rate, design).fit(cov_type="cluster", cov_kwds={"groups": cluster}, use_t=True)
    with np.errstate(invalid="ignore"):
        bounds = fit.conf_int(alpha=1 - LEVEL)[: len(shown)]
    before = relative < 0
    pre_design = np.column_stack(
        [
            (zone[before] * relative[before]).astype(float),
            *(cluster[before] == a for a in areas),
            *(month[before] == m for m in np.unique(month[before])[1:]),
        ]
    ).astype(float)
    pre = sm.OLS(rate[before], pre_design).fit(
        cov_type="cluster", cov_kwds={"groups": cluster[before]}, use_t=True
    )
    return EventStudy(
        relative=shown, estimate=fit.params[: len(shown)], low=bounds[:, 0], high=bounds[:, 1],
        pre_slope=float(pre.params[0]), pre_slope_p=float(pre.pvalues[0]),
    )  # fmt: skip


# Displacement -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Displacement:
    """The weighted displacement difference (Wheeler and Ratcliffe 2018) for the Zone (T), the
    ring around it (D) and a control area for each (CT, CD), counts before and after launch over
    equal spans. Each control's counts are scaled to its area's level before launch."""

    zone_before: float
    zone_after: float
    ring_before: float
    ring_after: float
    zone_change: float  # ΔT - ΔCT: the Zone's change beyond its control's
    ring_change: float  # ΔD - ΔCD
    zone_z: float
    ring_z: float
    wdd: float  # ΔT - ΔCT + ΔD - ΔCD: crime avoided (negative) counting the ring
    wdd_z: float
    dispersion: float

    @property
    def verdict(self) -> str:
        """'displacement', 'diffusion' (of benefit) or 'neither'."""
        critical = 1.959963984540054
        if self.zone_z > -critical:
            return "neither"  # no fall in the Zone beyond chance: nothing to displace
        if self.ring_z >= critical:
            return "displacement"
        if self.ring_z <= -critical:
            return "diffusion"
        return "neither"


def _scaled_change(
    before: float, after: float, control_before: float, control_after: float
) -> tuple[float, float]:
    """The area's change beyond its control's (the control scaled to the area's level before),
    and the Poisson variance of that difference."""
    scale = before / control_before if control_before else 0.0
    change = (after - before) - scale * (control_after - control_before)
    variance = before + after + scale**2 * (control_before + control_after)
    return change, variance


def weighted_displacement(
    zone: tuple[float, float],
    zone_control: tuple[float, float],
    ring: tuple[float, float],
    ring_control: tuple[float, float],
    dispersion: float = 1.0,
) -> Displacement:
    """Each argument is (count before, count after). `dispersion` (at least 1) widens the Poisson
    variance for counts that vary more than Poisson month to month, as crime counts do."""
    dispersion = max(1.0, dispersion)
    zone_change, zone_var = _scaled_change(*zone, *zone_control)
    ring_change, ring_var = _scaled_change(*ring, *ring_control)

    def z(change: float, variance: float) -> float:
        return change / np.sqrt(dispersion * variance) if variance > 0 else 0.0

    return Displacement(
        zone_before=zone[0], zone_after=zone[1], ring_before=ring[0], ring_after=ring[1],
        zone_change=zone_change, ring_change=ring_change,
        zone_z=z(zone_change, zone_var), ring_z=z(ring_change, ring_var),
        wdd=zone_change + ring_change, wdd_z=z(zone_change + ring_change, zone_var + ring_var),
        dispersion=dispersion,
    )  # fmt: skip


def dispersion(*monthly: np.ndarray) -> float:
    """How much more than Poisson these areas' monthly counts vary, pooled over them (for each,
    the squared month-to-month differences halved, so a steady trend does not count, against
    its counts), at least 1."""
    spread = counted = 0.0
    for series in monthly:
        series = np.asarray(series, dtype=float)
        if series.size >= 3:
            differences = np.diff(series)
            spread += float(np.sum((differences - differences.mean()) ** 2)) / 2
            counted += float(series[1:].sum())
    return max(1.0, spread / counted) if counted > 0 else 1.0
