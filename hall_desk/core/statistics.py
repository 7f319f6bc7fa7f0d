"""Rules of the statistics (domain.md §11: M3 第八章 投诉数据的分析, 第九章 考核指标; M4 数据统计).

Plain Python: the periods a date range is cut into, the resolution-time buckets, rates, and
the early-warning rule on rising categories. The counting itself happens in SQL
(:mod:`hall_desk.services.statistics`); this module decides what the numbers mean.

Early warning (投诉预警, domain.md §11, M3 1.1.40 (5))
    The latest period is the ``period_days`` (7) days ending on the last day of the range;
    before it come ``history`` (4) periods of the same length. For each category:
    ``mean`` and ``sd`` (population standard deviation) of the history counts,
    ``threshold = mean + sigmas·sd`` (sigmas = 2). The category is flagged when the latest
    count is at least ``min_count`` (5), at least the threshold, and at least
    ``min_rise`` (3) above the mean: the last condition keeps a flat history (sd = 0) from
    flagging a rise of one ticket. The flag carries every figure that triggered it.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from hall_desk.core import i18n

GRANULARITIES = ("day", "week", "month")

#: Resolution-time buckets: (code, upper bound in seconds, inclusive; None = no bound).
RESOLUTION_BUCKETS: tuple[tuple[str, int | None], ...] = (
    ("le_1h", 3600),
    ("le_24h", 24 * 3600),
    ("le_48h", 48 * 3600),
    ("le_5d", 5 * 86400),
    ("le_15d", 15 * 86400),
    ("gt_15d", None),
)
#: Tickets not yet replied (or archived) fall in this bucket.
NOT_YET = "not_yet"


def bucket_start(day: date, granularity: str) -> date:
    """The first day of the period holding ``day``: itself, its Monday, or the 1st."""
    if granularity == "day":
        return day
    if granularity == "week":
        return day - timedelta(days=day.weekday())
    if granularity == "month":
        return day.replace(day=1)
    raise ValueError(granularity)


def bucket_starts(date_from: date, date_to: date, granularity: str) -> list[date]:
    """Every period start from the one holding ``date_from`` to the one holding ``date_to``."""
    out: list[date] = []
    current = bucket_start(date_from, granularity)
    while current <= date_to:
        out.append(current)
        if granularity == "day":
            current += timedelta(days=1)
        elif granularity == "week":
            current += timedelta(days=7)
        else:
            current = (current.replace(day=28) + timedelta(days=4)).replace(day=1)
    return out


def bucket_of(seconds: float | None) -> str:
    """The resolution bucket of a duration (None: not yet done). Bounds are inclusive."""
    if seconds is None:
        return NOT_YET
    for code, upper in RESOLUTION_BUCKETS:
        if upper is None or seconds <= upper:
            return code
    raise AssertionError("unreachable")


def rate(part: int, whole: int) -> float | None:
    """part / whole, rounded to 4 places; None when there is nothing to divide."""
    return round(part / whole, 4) if whole else None


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


@dataclass(frozen=True)
class WarningRule:
    period_days: int = 7
    history: int = 4
    sigmas: float = 2.0
    min_count: int = 5
    min_rise: int = 3


DEFAULT_WARNING_RULE = WarningRule()


def warning_periods(last_day: date, rule: WarningRule = DEFAULT_WARNING_RULE
                    ) -> list[tuple[date, date]]:
    """(first day, last day) of the latest period then the history periods, newest first."""
    out = []
    end = last_day
    for _ in range(rule.history + 1):
        start = end - timedelta(days=rule.period_days - 1)
        out.append((start, end))
        end = start - timedelta(days=1)
    return out


@dataclass(frozen=True)
class RisingCategory:
    """A flagged category with the figures that triggered the flag."""

    category: str
    latest: int
    history: tuple[int, ...]        # oldest first
    mean: float
    sd: float
    threshold: float
    period_from: date
    period_to: date

    def as_dict(self) -> dict:
        out = asdict(self)
        out["history"] = list(self.history)
        out["period_from"] = self.period_from.isoformat()
        out["period_to"] = self.period_to.isoformat()
        return out

    def message(self, rule: WarningRule = DEFAULT_WARNING_RULE, lang: str | None = None) -> str:
        return i18n.text("stats.warning", lang, category=self.category, days=rule.period_days,
                         latest=self.latest, periods=len(self.history), mean=f"{self.mean:.1f}",
                         sd=f"{self.sd:.1f}", threshold=f"{self.threshold:.1f}")


def rising(category: str, latest: int, history: list[int], period: tuple[date, date],
           rule: WarningRule = DEFAULT_WARNING_RULE) -> RisingCategory | None:
    """The early-warning rule for one category (``history`` oldest first); None if calm."""
    if not history:
        return None
    mean = sum(history) / len(history)
    sd = math.sqrt(sum((x - mean) ** 2 for x in history) / len(history))
    threshold = mean + rule.sigmas * sd
    if latest >= rule.min_count and latest >= threshold and latest >= mean + rule.min_rise:
        return RisingCategory(category, latest, tuple(history), round(mean, 4), round(sd, 4),
                              round(threshold, 4), period[0], period[1])
    return None
