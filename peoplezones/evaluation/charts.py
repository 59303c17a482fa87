"""The evaluation report's charts as SVG coordinates (each is also a table on the page): the Zone
against its synthetic control, the placebo areas' gaps, and the event study."""

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from peoplezones.evaluation.report import Evaluation

WIDTH, HEIGHT, PAD = 600, 220, 30


@dataclass
class Chart:
    lines: list[dict[str, Any]] = field(default_factory=list)  # {points, css}
    bars: list[dict[str, Any]] = field(default_factory=list)
    marks: list[dict[str, Any]] = field(default_factory=list)  # points with whiskers
    launch_x: float | None = None
    zero_y: float | None = None
    ticks: list[dict[str, Any]] = field(default_factory=list)  # y-axis labels
    width: int = WIDTH
    height: int = HEIGHT


class _Scale:
    def __init__(self, n: int, low: float, high: float) -> None:
        if high - low < 1e-9:
            low, high = low - 1, high + 1
        self.n, self.low, self.high = max(n, 2), low, high

    def x(self, i: float) -> float:
        return round(PAD + (WIDTH - 2 * PAD) * i / (self.n - 1), 1)

    def y(self, v: float) -> float:
        return round(HEIGHT - PAD - (HEIGHT - 2 * PAD) * (v - self.low) / (self.high - self.low), 1)

    def ticks(self, unit: str = "") -> list[dict[str, Any]]:
        return [
            {"y": self.y(v), "label": f"{v:.1f}{unit}"} for v in np.linspace(self.low, self.high, 3)
        ]


def _points(scale: _Scale, values: np.ndarray) -> str:
    return " ".join(f"{scale.x(i)},{scale.y(v)}" for i, v in enumerate(values))


def synthetic(evaluation: Evaluation) -> Chart | None:
    result = evaluation.synthetic
    if result is None:
        return None
    fit = result.fit
    scale = _Scale(len(fit.actual), 0, float(max(fit.actual.max(), fit.synthetic.max())) * 1.05)
    return Chart(
        lines=[
            {"points": _points(scale, fit.synthetic), "css": "line-synthetic"},
            {"points": _points(scale, fit.actual), "css": "line-zone"},
        ],
        launch_x=scale.x(fit.launch - 0.5), ticks=scale.ticks(),
    )  # fmt: skip


def placebo_bins(evaluation: Evaluation, bins: int = 12) -> list[dict[str, Any]]:
    """How many placebo areas' gaps since launch (as a share of what was expected) fell in each
    range, and which range holds the Zone's."""
    result = evaluation.synthetic
    if result is None:
        return []
    shares = np.array([p.post_share(result.months) for p in result.placebos])
    zone = result.percent
    finite = shares[np.isfinite(shares)]
    low, high = min(finite.min(initial=0), zone), max(finite.max(initial=0), zone)
    edges = np.linspace(low, high + 1e-9, bins + 1)
    counts, _edges = np.histogram(finite, edges)
    return [
        {"low": float(edges[i]), "high": float(edges[i + 1]), "placebos": int(counts[i]),
         "zone": bool(edges[i] <= zone < edges[i + 1])}
        for i in range(bins)
    ]  # fmt: skip


def placebos(rows: list[dict[str, Any]]) -> Chart | None:
    if not rows:
        return None
    top = max(r["placebos"] for r in rows) or 1
    step = (WIDTH - 2 * PAD) / len(rows)
    bars = []
    for i, row in enumerate(rows):
        height = round((HEIGHT - 2 * PAD) * row["placebos"] / top, 1)
        bars.append({
            "x": round(PAD + i * step + 1, 1), "y": round(HEIGHT - PAD - height, 1),
            "width": round(step - 2, 1), "height": height,
            "css": "bar-zone" if row["zone"] else "bar-placebo",
        })  # fmt: skip
    return Chart(bars=bars)


def event(evaluation: Evaluation) -> Chart | None:
    study = evaluation.event
    if study is None:
        return None
    finite = np.isfinite(study.low) & np.isfinite(study.high)
    low = float(min(study.low[finite].min(initial=0), 0))
    high = float(max(study.high[finite].max(initial=0), 0))
    scale = _Scale(len(study.relative), low, high)
    marks = [
        {"x": scale.x(i), "y": scale.y(e), "low": scale.y(lo) if np.isfinite(lo) else scale.y(e),
         "high": scale.y(hi) if np.isfinite(hi) else scale.y(e), "after": r >= 0}
        for i, (r, e, lo, hi) in enumerate(zip(study.relative, study.estimate, study.low, study.high, strict=True))
    ]  # fmt: skip
    before = int(np.count_nonzero(study.relative < 0))
    return Chart(
        marks=marks, launch_x=scale.x(before - 0.5), zero_y=scale.y(0), ticks=scale.ticks()
    )


def synthetic_rows(evaluation: Evaluation) -> list[dict[str, Any]]:
    result = evaluation.synthetic
    if result is None:
        return []
    fit = result.fit
    months = evaluation.months[len(evaluation.months) - len(fit.actual) :]  # the fitted window on
    return [
        {"month": month, "zone": fit.actual[i], "synthetic": fit.synthetic[i],
         "gap": fit.gap[i], "after": i >= fit.launch}
        for i, month in enumerate(months)
    ]  # fmt: skip


def event_rows(evaluation: Evaluation) -> list[dict[str, Any]]:
    study = evaluation.event
    if study is None:
        return []
    return [
        {"relative": int(r), "estimate": e, "low": lo, "high": hi}
        for r, e, lo, hi in zip(study.relative, study.estimate, study.low, study.high, strict=True)
    ]


def for_report(evaluation: Evaluation) -> dict[str, Any]:
    """Every chart and table of the report."""
    rows = placebo_bins(evaluation)
    return {
        "synthetic": synthetic(evaluation),
        "synthetic_rows": synthetic_rows(evaluation),
        "placebo_rows": rows,
        "placebos": placebos(rows),
        "event": event(evaluation),
        "event_rows": event_rows(evaluation),
    }
