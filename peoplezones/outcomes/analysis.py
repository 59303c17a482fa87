"""Did it work here? The honest comparison behind a Zone's outcomes page.

Method (docs/outcomes.md):
1. The Zone's areas are the LSOAs it overlaps (by at least half of the LSOA, or the one it
   overlaps most). Candidates are LSOAs overlapping no Zone at all.
2. Matching: for each Zone LSOA, the K candidates nearest on two standardised measures, its
   deprivation score and its rate of the chosen category per 1,000 residents over the 12 months
   before launch, are taken without replacement. Those form the comparison group.
3. Difference in differences on the LSOA-month panel: rate per 1,000 ~ zone + after + zone x after,
   ordinary least squares with standard errors clustered by LSOA (statsmodels). The zone x after
   coefficient is the estimate: how much more (or less) the Zone's monthly rate changed than the
   comparison group's. Its 95% interval says whether chance alone could easily explain it.
4. The summary says the percentage change in each group and whether the difference is larger than
   chance would likely give, and never calls it proof: other things change too."""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import statsmodels.api as sm

K = 5
LEVEL = 0.95


@dataclass(frozen=True)
class Panel:
    """Monthly rates per 1,000 residents: one row per LSOA-month."""

    rate: np.ndarray
    zone: np.ndarray  # 1 for the Zone's LSOAs, 0 for the comparison group
    after: np.ndarray  # 1 for months from launch on
    cluster: np.ndarray  # an integer per LSOA


@dataclass(frozen=True)
class DiD:
    estimate: float  # change in monthly rate per 1,000 in the Zone beyond the comparison group
    low: float
    high: float
    zone_before: float  # mean monthly rate per 1,000
    zone_after: float
    comparison_before: float
    comparison_after: float
    zone_areas: int
    comparison_areas: int

    @property
    def beyond_chance(self) -> bool:
        return self.low > 0 or self.high < 0

    @staticmethod
    def _change(before: float, after: float) -> float | None:
        return None if before == 0 else (after - before) / before

    @property
    def zone_change(self) -> float | None:
        return self._change(self.zone_before, self.zone_after)

    @property
    def comparison_change(self) -> float | None:
        return self._change(self.comparison_before, self.comparison_after)


def difference_in_differences(panel: Panel) -> DiD:
    design = np.column_stack(
        [np.ones_like(panel.rate), panel.zone, panel.after, panel.zone * panel.after]
    )
    fit = sm.OLS(panel.rate, design).fit(
        cov_type="cluster", cov_kwds={"groups": panel.cluster}, use_t=True
    )
    with np.errstate(invalid="ignore"):  # figures that never vary have no interval: NaN
        low, high = fit.conf_int(alpha=1 - LEVEL)[3]

    def mean(zone: int, after: int) -> float:
        chosen = (panel.zone == zone) & (panel.after == after)
        return float(panel.rate[chosen].mean()) if chosen.any() else 0.0

    return DiD(
        estimate=float(fit.params[3]), low=float(low), high=float(high),
        zone_before=mean(1, 0), zone_after=mean(1, 1),
        comparison_before=mean(0, 0), comparison_after=mean(0, 1),
        zone_areas=len(np.unique(panel.cluster[panel.zone == 1])),
        comparison_areas=len(np.unique(panel.cluster[panel.zone == 0])),
    )  # fmt: skip


def match(
    zone_areas: Sequence[tuple[str, float, float]],
    candidates: Sequence[tuple[str, float, float]],
    k: int = K,
) -> list[str]:
    """Comparison LSOAs: for each (code, deprivation score, baseline rate) of the Zone, the k
    nearest candidates on both measures standardised, each candidate used once."""
    if not zone_areas or not candidates:
        return []
    pool = np.array([[c[1], c[2]] for c in candidates], dtype=float)
    centre, scale = pool.mean(axis=0), pool.std(axis=0)
    scale[scale == 0] = 1.0
    standard = (pool - centre) / scale
    taken = np.zeros(len(candidates), dtype=bool)
    chosen: list[str] = []
    for _code, score, rate in zone_areas:
        target = (np.array([score, rate]) - centre) / scale
        distance = np.hypot(*(standard - target).T)
        distance[taken] = np.inf
        for index in np.argsort(distance, kind="stable")[:k]:
            if np.isfinite(distance[index]):
                taken[index] = True
                chosen.append(candidates[index][0])
    return chosen


def _percent(change: float | None) -> str:
    if change is None:
        return ""
    return f"{abs(round(100 * change))}%"


def summary(did: DiD, category: str) -> str:
    """'Anti-social behaviour fell 18% here and 6% in similar areas; the difference is larger
    than chance alone would likely give.' Never claims more than the interval allows."""
    here, there = did.zone_change, did.comparison_change

    def moved(change: float | None) -> str:
        if change is None:
            return "started from none"
        if round(100 * change) == 0:
            return "stayed about the same"
        return f"{'rose' if change > 0 else 'fell'} {_percent(change)}"

    first = f"{category} {moved(here)} here and {moved(there)} in similar areas"
    if did.beyond_chance:
        direction = "lower" if did.estimate < 0 else "higher"
        verdict = (
            f"since launch the Zone's rate has been {abs(did.estimate):.1f} a month per 1,000 "
            f"residents {direction} than the similar areas' change would suggest, a difference "
            "larger than chance alone would likely give (it does not prove the Zone caused it)"
        )
    else:
        verdict = "the difference between them could easily come from chance alone"
    return (
        f"{first}; {verdict}. 95% interval {did.low:+.2f} to {did.high:+.2f} a month per 1,000 "
        f"residents; {did.zone_areas} Zone areas against {did.comparison_areas} similar areas."
    )
