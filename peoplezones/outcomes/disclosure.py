"""What the site publishes of a Zone's monthly figures: one rule for its outcomes page, the CSV,
the API, the figures beside objectives, the programme overview and the quarterly report.

1. A month's count from 1 to PZ_SMALL_NUMBER_RECORDS less one is not shown ("fewer than 5").
2. A figure made of several months (the 12 months to a month and its rate per 1,000 residents,
   an average before or since launch, a year's total and its change on the year before) is shown
   only when every month it is made of is shown; otherwise it is withheld as well.

So every figure shown is a sum of months that are themselves shown, and nothing can be worked out
from it that the months do not already say: no hidden month can be recovered by subtracting one
published total from another (12 months to May minus 12 months to April is May minus May a year
before), nor by bounding it between totals ("fewer than 5" over several months). Partners'
figures are the ones that are not public anywhere else, and they follow the same rule."""

from collections.abc import Sequence

from django.conf import settings


def threshold() -> int:
    return settings.PZ_SMALL_NUMBER_RECORDS


def hidden(count: int) -> bool:
    """A month's count too small to show (0 is shown: nothing happened)."""
    return 0 < count < threshold()


def total(counts: Sequence[int]) -> int | None:
    """The sum of several months, or None when any of them is hidden (withheld)."""
    return None if any(hidden(c) for c in counts) else sum(counts)
