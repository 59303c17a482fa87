"""The quarterly report to the Police and Crime Panel: a programme summary, then one page per
Zone (its objectives, actions, the survey change, the crime comparison with its chart, what
partners contribute), for any quarter; small counts suppressed as on the site's pages. The same
content is a web page and a PDF (WeasyPrint), its charts drawn as SVG."""

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from peoplezones.core.pdf import render_pdf
from peoplezones.outcomes.queries import add_months, cached_compares, zone_series
from peoplezones.programme.queries import survey_change
from peoplezones.zones.models import OPEN_ACTION_STATUSES, ActionStatus, PartnershipStatus, Zone

CHART_MONTHS = 24
CHART_WIDTH, CHART_HEIGHT = 240, 60


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int  # 1 to 4

    @property
    def first(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last(self) -> date:
        """The last day of the quarter."""
        following = add_months(self.first, 3)
        return date.fromordinal(following.toordinal() - 1)

    @property
    def label(self) -> str:
        return f"{self.year} Q{self.number} ({self.first:%B} to {self.last:%B %Y})"

    @property
    def slug(self) -> str:
        return f"{self.year}-Q{self.number}"

    def span(self) -> tuple[datetime, datetime]:
        zone = timezone.get_current_timezone()
        return (
            datetime.combine(self.first, time.min, zone),
            datetime.combine(self.last, time.max, zone),
        )


def latest_quarter(today: date | None = None) -> Quarter:
    """The last quarter that has ended."""
    today = today or timezone.localdate()
    current = (today.month - 1) // 3 + 1
    return Quarter(today.year, current - 1) if current > 1 else Quarter(today.year - 1, 4)


def parse_quarter(text: str) -> Quarter | None:
    """A quarter written "2026-Q3"; None for anything else (or one not yet ended)."""
    year, _sep, number = text.upper().partition("-Q")
    if not (year.isdigit() and number in {"1", "2", "3", "4"} and 2000 <= int(year) <= 2100):
        return None
    quarter = Quarter(int(year), int(number))
    return quarter if quarter.last < timezone.localdate() else None


def quarters(back: int = 8) -> list[Quarter]:
    found = [latest_quarter()]
    while len(found) < back:
        q = found[-1]
        found.append(Quarter(q.year, q.number - 1) if q.number > 1 else Quarter(q.year - 1, 4))
    return found


def _chart(zone: Zone, quarter: Quarter) -> dict[str, Any] | None:
    """Crime and ASB month by month to the quarter's end, as bars (small counts left out)."""
    series = zone_series(zone, "", months=CHART_MONTHS, last=quarter.last.replace(day=1))
    if not series.months or not any(series.counts):
        return None
    shown = series.shown
    top = max(shown) or 1
    step = CHART_WIDTH / len(shown)
    bars = [
        {"x": round(i * step, 2), "width": round(step * 0.8, 2),
         "height": round(CHART_HEIGHT * n / top, 2), "y": round(CHART_HEIGHT - CHART_HEIGHT * n / top, 2),
         "in_quarter": quarter.first <= month <= quarter.last}
        for i, (month, n) in enumerate(zip(series.months, shown, strict=True))
    ]  # fmt: skip
    rows = [row for row in series.rows if quarter.first <= row["month"] <= quarter.last]
    return {"bars": bars, "width": CHART_WIDTH, "height": CHART_HEIGHT, "rows": rows,
            "first": series.months[0], "last": series.months[-1], "top": top}  # fmt: skip


def build(quarter: Quarter, zones: list[Zone]) -> dict[str, Any]:
    start, end = quarter.span()
    survey = survey_change(zones)
    comparisons = cached_compares([z for z in zones if z.boundary])
    pages = []
    for zone in zones:
        actions = list(zone.actions.select_related("organisation").order_by("due_date"))
        done = [a for a in actions if a.status == ActionStatus.DONE and a.completed_at
                and start <= a.completed_at <= end]  # fmt: skip
        overdue = [a for a in actions if a.status in OPEN_ACTION_STATUSES
                   and a.due_date < quarter.last]  # fmt: skip
        in_progress = [a for a in actions if a.status == ActionStatus.IN_PROGRESS]
        comparison = comparisons.get(zone.pk)
        pages.append({
            "zone": zone,
            "objectives": list(zone.objectives.order_by("position", "pk")[:6]),
            "done": done[:5], "done_count": len(done), "in_progress_count": len(in_progress),
            "overdue": overdue[:4], "overdue_count": len(overdue),
            "survey": survey[zone.pk].text,
            "comparison": comparison.summary if comparison else "",
            "chart": _chart(zone, quarter),
            "partners": list(
                zone.partnerships.filter(status=PartnershipStatus.ACCEPTED)
                .select_related("organisation")
                .annotate(actions=Count("organisation__actions",
                                        filter=Q(organisation__actions__zone=zone)))
                .order_by("organisation__name")[:8]
            ),
        })  # fmt: skip
    summary = {
        "zones": len(zones),
        "launched": sum(1 for z in zones if z.launch_date and z.launch_date <= quarter.last),
        "done": sum(p["done_count"] for p in pages),
        "overdue": sum(p["overdue_count"] for p in pages),
        "objectives": sum(zone.objectives.count() for zone in zones),
    }
    return {"quarter": quarter, "summary": summary, "pages": pages, "generated": timezone.now(),
            "site": settings.PZ_SITE_NAME, "small": settings.PZ_SMALL_NUMBER_RECORDS}  # fmt: skip


def pdf(context: dict[str, Any]) -> bytes:
    """The report as a PDF: its own print stylesheet, every page A4."""
    return render_pdf("programme/report_pdf.html", context, "programme/report.css")
