"""Comparing two waves honestly: the change in a share or a mean with its 95% confidence
interval, from statsmodels (Newcombe's hybrid score interval for two proportions, Welch's
interval for two means), said in words a resident understands, never overclaiming."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

LEVEL = 0.95


@dataclass(frozen=True)
class ShareChange:
    before: float
    after: float
    n_before: int
    n_after: int
    low: float  # confidence interval of after - before
    high: float

    @property
    def change(self) -> float:
        return self.after - self.before

    @property
    def beyond_chance(self) -> bool:
        return self.low > 0 or self.high < 0


@dataclass(frozen=True)
class MeanChange:
    before: float
    after: float
    n_before: int
    n_after: int
    low: float
    high: float

    @property
    def change(self) -> float:
        return self.after - self.before

    @property
    def beyond_chance(self) -> bool:
        return self.low > 0 or self.high < 0


@lru_cache(maxsize=4096)  # pure arithmetic on two counts; a results page asks for the same again
def share_interval(count: int, n: int) -> tuple[float, float]:
    """Wilson score interval for one share."""
    low, high = proportion_confint(count, n, alpha=1 - LEVEL, method="wilson")
    return float(low), float(high)


Scores = Mapping[float, int] | Sequence[float]  # {score: people}, or the scores one by one


def described(scores: Scores) -> DescrStatsW:
    """The scores for statsmodels: counted scores as frequency weights, which give the same
    mean, variance and intervals as the scores one by one."""
    if isinstance(scores, Mapping):
        values = sorted(scores)
        return DescrStatsW(
            np.array(values, dtype=float),
            weights=np.array([scores[v] for v in values], dtype=float),
        )
    return DescrStatsW(np.asarray(scores, dtype=float))


def mean_interval(scores: Scores) -> tuple[float, float]:
    """Student's t interval for one mean."""
    low, high = described(scores).tconfint_mean(alpha=1 - LEVEL)
    return float(low), float(high)


@lru_cache(maxsize=4096)  # as share_interval
def share_change(count_before: int, n_before: int, count_after: int, n_after: int) -> ShareChange:
    if not n_before or not n_after:
        raise ValueError("Both waves need at least one answer.")
    low, high = confint_proportions_2indep(
        count_after, n_after, count_before, n_before, method="newcomb", compare="diff",
        alpha=1 - LEVEL,
    )  # fmt: skip
    return ShareChange(
        count_before / n_before, count_after / n_after, n_before, n_after, float(low), float(high)
    )


def mean_change(before: Scores, after: Scores) -> MeanChange:
    first, last = described(before), described(after)
    if first.sum_weights < 2 or last.sum_weights < 2:
        raise ValueError("Each wave needs at least two scores for an interval.")
    compare = CompareMeans(last, first)
    low, high = compare.tconfint_diff(alpha=1 - LEVEL, usevar="unequal")
    return MeanChange(
        float(first.mean), float(last.mean), round(first.sum_weights), round(last.sum_weights),
        float(low), float(high),
    )  # fmt: skip


def _signed(value: float, places: int = 0) -> str:
    """+3, -2, 0 (never "-0")."""
    rounded = round(value, places)
    if rounded == 0:
        return "0"
    return f"{rounded:+.{places}f}"


def _bound(value: float, places: int = 0) -> str:
    """An interval's end: rounded, but never to a bare 0 when it is not zero, since an interval
    from -19 to 0 would look as if it reached no change ("-0.4" says it does not)."""
    if value != 0 and round(value, places) == 0:
        return _signed(value, places + 1) if round(value, places + 1) else f"{value:+.2g}"
    return _signed(value, places)


def percent(value: float) -> str:
    return f"{round(100 * value)}%"


def describe_share(change: ShareChange, statement: str, higher_is_better: bool = True) -> str:
    """'More people feel safe after dark: 48% -> 57%, a change larger than chance alone would
    likely give (95% interval +2 to +16 points; 212 and 230 people answered).'"""
    before, after = percent(change.before), percent(change.after)
    points = f"{_bound(100 * change.low)} to {_bound(100 * change.high)} points"
    sample = f"{change.n_before} and {change.n_after} people answered"
    if not change.beyond_chance:
        return (
            f"About the same share {statement}: {before} then {after}. A difference this size "
            f"could easily come from chance alone (95% interval {points}; {sample})."
        )
    direction = "More" if change.change > 0 else "Fewer"
    better = (change.change > 0) == higher_is_better
    return (
        f"{direction} people {statement}: {before} -> {after}, a change larger than chance alone "
        f"would likely give ({'better' if better else 'worse'}; 95% interval {points}; {sample})."
    )


def describe_mean(change: MeanChange, statement: str, higher_is_better: bool = True) -> str:
    sample = f"{change.n_before} and {change.n_after} people answered"
    interval = f"95% interval {_bound(change.low, 1)} to {_bound(change.high, 1)}"
    figures = f"{change.before:.1f} -> {change.after:.1f}"
    if not change.beyond_chance:
        return (
            f"Average {statement} about the same: {figures}. A difference this size could easily "
            f"come from chance alone ({interval}; {sample})."
        )
    direction = "rose" if change.change > 0 else "fell"
    better = (change.change > 0) == higher_is_better
    return (
        f"Average {statement} {direction}: {figures}, a change larger than chance alone would "
        f"likely give ({'better' if better else 'worse'}; {interval}; {sample})."
    )
