"""The pure rules of the statistics: periods, resolution buckets, rates, early warning."""

from __future__ import annotations

from datetime import date

import pytest

from hall_desk.core import statistics as s


def test_bucket_starts_cover_the_range():
    assert s.bucket_starts(date(2026, 11, 4), date(2026, 11, 6), "day") == [
        date(2026, 11, 4), date(2026, 11, 5), date(2026, 11, 6)]
    # weeks start on Monday; a range from a Wednesday starts with that week's Monday
    assert s.bucket_starts(date(2026, 11, 4), date(2026, 11, 16), "week") == [
        date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16)]
    assert s.bucket_starts(date(2026, 11, 30), date(2027, 2, 1), "month") == [
        date(2026, 11, 1), date(2026, 12, 1), date(2027, 1, 1), date(2027, 2, 1)]
    with pytest.raises(ValueError):
        s.bucket_start(date(2026, 1, 1), "year")


def test_resolution_buckets_have_inclusive_upper_bounds():
    assert s.bucket_of(None) == "not_yet"
    assert s.bucket_of(3600) == "le_1h" and s.bucket_of(3601) == "le_24h"
    assert s.bucket_of(86400) == "le_24h" and s.bucket_of(5 * 86400) == "le_5d"
    assert s.bucket_of(15 * 86400 + 1) == "gt_15d"


def test_rate_and_percent():
    assert s.rate(1, 3) == 0.3333 and s.rate(0, 0) is None
    assert s.percent(0.75) == "75.0%" and s.percent(None) == "—"


def test_warning_periods_end_on_the_last_day():
    periods = s.warning_periods(date(2026, 11, 29))
    assert periods[0] == (date(2026, 11, 23), date(2026, 11, 29))
    assert periods[-1] == (date(2026, 10, 26), date(2026, 11, 1)) and len(periods) == 5


@pytest.mark.parametrize("latest, history, flagged", [
    (5, [1, 1, 1, 1], True),          # sd 0: mean + 3 = 4 <= 5, min count 5
    (4, [0, 0, 0, 0], False),         # below the minimum count
    (6, [4, 4, 4, 4], False),         # only 2 above a flat mean: noise
    (7, [4, 4, 4, 4], True),
    (20, [10, 2, 18, 6], False),      # mean 9, sd 6.3: threshold 21.6
    (22, [10, 2, 18, 6], True),
    (0, [], False),
])
def test_rising_rule(latest, history, flagged):
    found = s.rising("服务质量", latest, history, (date(2026, 11, 23), date(2026, 11, 29)))
    assert (found is not None) is flagged
    if found:
        assert found.latest == latest and list(found.history) == history
        assert found.threshold == pytest.approx(found.mean + 2 * found.sd, abs=1e-3)
        assert found.as_dict()["period_to"] == "2026-11-29"
        assert "服务质量" in found.message(lang="zh") and str(latest) in found.message(lang="en")
