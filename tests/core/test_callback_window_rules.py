"""The customer's preferred callback time moves a callback's due time into the window."""

from __future__ import annotations

from datetime import datetime

import pytest

from hall_desk.core.callback_window import fit
from hall_desk.core.enums import CallbackWindow

# 2026-11-27 is a Friday
FRI_1730 = datetime(2026, 11, 27, 17, 30)


@pytest.mark.parametrize("window, due, expected", [
    ("any", FRI_1730, (None, FRI_1730)),
    ("", FRI_1730, (None, FRI_1730)),
    ("bogus", FRI_1730, (None, FRI_1730)),
    # inside the period: unchanged, opened at the period's start
    ("weekday_afternoon", datetime(2026, 11, 27, 15, 0),
     (datetime(2026, 11, 27, 14, 0), datetime(2026, 11, 27, 15, 0))),
    # after Friday's morning: Monday morning, due at its end
    ("weekday_morning", FRI_1730, (datetime(2026, 11, 30, 9, 0), datetime(2026, 11, 30, 12, 0))),
    ("evening", FRI_1730, (datetime(2026, 11, 27, 18, 0), datetime(2026, 11, 27, 21, 0))),
    ("evening", datetime(2026, 11, 27, 21, 0),
     (datetime(2026, 11, 28, 18, 0), datetime(2026, 11, 28, 21, 0))),
    ("weekend", FRI_1730, (datetime(2026, 11, 28, 9, 0), datetime(2026, 11, 28, 18, 0))),
    ("weekday_afternoon", datetime(2026, 11, 28, 10, 0),       # Saturday → Monday
     (datetime(2026, 11, 30, 14, 0), datetime(2026, 11, 30, 17, 30))),
])
def test_fit(window, due, expected):
    assert fit(window, due) == expected


def test_every_window_but_any_has_hours():
    for window in CallbackWindow:
        opens, _due = fit(window.value, FRI_1730)
        assert (opens is None) == (window is CallbackWindow.ANY), window
