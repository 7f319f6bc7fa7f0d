"""The working-day calendar: Chinese holidays, make-up days (调休), overrides, unknown years,
provisional days and imported year files."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import chinese_calendar
import pytest

from hall_desk.core.errors import HallError, ValidationError
from hall_desk.core.workdays import (
    CalendarUnknown, WorkCalendar, YearCalendar, library_year, load_year, loads_year,
)

D = date


@pytest.fixture
def cal() -> WorkCalendar:
    return WorkCalendar()


# The 2026 Mid-autumn festival and National Day as published (chinese_calendar 1.11).
@pytest.mark.parametrize("day, working", [
    (D(2026, 9, 18), True),    # Fri
    (D(2026, 9, 19), False),   # Sat
    (D(2026, 9, 20), True),    # Sun, make-up working day
    (D(2026, 9, 24), True),
    (D(2026, 9, 25), False),   # Mid-autumn
    (D(2026, 9, 26), False),
    (D(2026, 9, 27), False),
    (D(2026, 9, 28), True),
    (D(2026, 9, 30), True),
    (D(2026, 10, 1), False),   # National Day ...
    (D(2026, 10, 5), False),   # ... a Monday off
    (D(2026, 10, 7), False),   # ... to Wednesday
    (D(2026, 10, 8), True),
    (D(2026, 10, 10), True),   # Sat, make-up working day
    (D(2026, 10, 11), False),  # Sun
    (D(2026, 10, 17), False),  # an ordinary Saturday
])
def test_2026_autumn_holidays(cal, day, working):
    assert cal.is_workday(day) is working


def test_library_agrees_on_the_2026_autumn_schedule():
    # Guard the hand-computed cases against a different library release.
    assert {d for d in chinese_calendar.holidays if D(2026, 9, 1) <= d <= D(2026, 10, 31)} == {
        D(2026, 9, 25), D(2026, 9, 26), D(2026, 9, 27),
        *(D(2026, 10, n) for n in range(1, 8)),
    }
    assert {d for d in chinese_calendar.workdays if D(2026, 9, 1) <= d <= D(2026, 10, 31)} == {
        D(2026, 9, 20), D(2026, 10, 10),
    }


def test_five_working_days_across_national_day(cal):
    # Sept 30 is the day of receipt and is not counted; Oct 1-7 off; Oct 10 (Sat) is worked.
    assert [cal.add_workdays(D(2026, 9, 30), n) for n in range(1, 6)] == [
        D(2026, 10, 8), D(2026, 10, 9), D(2026, 10, 10), D(2026, 10, 12), D(2026, 10, 13),
    ]


def test_make_up_sunday_counts(cal):
    assert cal.add_workdays(D(2026, 9, 18), 1) == D(2026, 9, 20)
    assert cal.next_workday(D(2026, 9, 24)) == D(2026, 9, 28)


def test_start_on_a_day_off_is_not_counted_either(cal):
    assert cal.add_workdays(D(2026, 10, 3), 1) == D(2026, 10, 8)
    assert cal.add_workdays(D(2026, 10, 11), 1) == D(2026, 10, 12)


def test_zero_days_is_the_start_and_negative_is_refused(cal):
    assert cal.add_workdays(D(2026, 10, 3), 0) == D(2026, 10, 3)
    with pytest.raises(HallError) as exc:
        cal.add_workdays(D(2026, 10, 3), -1)
    assert exc.value.key == "error.workdays_negative"


def test_datetimes_are_taken_as_their_date(cal):
    assert cal.is_workday(datetime(2026, 10, 10, 9, 30)) is True
    assert cal.add_workdays(datetime(2026, 9, 30, 16, 0), 5) == D(2026, 10, 13)


def test_workdays_between(cal):
    assert cal.workdays_between(D(2026, 9, 30), D(2026, 10, 13)) == 5
    assert cal.workdays_between(D(2026, 10, 1), D(2026, 10, 7)) == 0
    assert cal.workdays_between(D(2026, 10, 13), D(2026, 10, 13)) == 0


def test_overrides_beat_the_library():
    # The hall works on the holiday Oct 4 and closes on Oct 8 instead.
    cal = WorkCalendar({D(2026, 10, 4): True, D(2026, 10, 8): False})
    assert cal.is_workday(D(2026, 10, 4)) is True
    assert cal.is_workday(D(2026, 10, 8)) is False
    # Oct 4 (1), Oct 9 (2), Oct 10 (3), Oct 12 (4), Oct 13 (5)
    assert cal.add_workdays(D(2026, 9, 30), 5) == D(2026, 10, 13)
    assert cal.add_workdays(D(2026, 9, 30), 1) == D(2026, 10, 4)
    assert cal.add_workdays(D(2026, 9, 30), 2) == D(2026, 10, 9)
    only_off = WorkCalendar({D(2026, 10, 8): False})
    assert only_off.add_workdays(D(2026, 9, 30), 5) == D(2026, 10, 14)


def test_override_keys_may_be_datetimes_and_table_is_copied():
    table = {datetime(2026, 10, 12, 0, 0): False}
    cal = WorkCalendar(table)
    table[datetime(2026, 10, 13, 0, 0)] = False  # later edits to the caller's dict don't leak
    assert cal.is_workday(D(2026, 10, 12)) is False
    assert cal.is_workday(D(2026, 10, 13)) is True
    assert cal.overrides == {D(2026, 10, 12): False}


def test_known_range_follows_the_library(cal):
    last_year = max(d.year for d in [*chinese_calendar.holidays, *chinese_calendar.workdays])
    assert cal.known_until() == D(last_year, 12, 31)
    assert cal.known_until() >= D(2026, 12, 31)
    assert cal.known_from() == D(2004, 1, 1)


def test_unknown_year_raises_rather_than_guessing(cal):
    beyond = cal.known_until() + timedelta(days=1)
    assert not cal.is_known(beyond)
    with pytest.raises(CalendarUnknown) as exc:
        cal.is_workday(beyond)
    err = exc.value
    assert isinstance(err, HallError)
    assert err.key == "error.calendar_unknown"
    assert err.date == beyond
    assert beyond.isoformat() in err.message("en")
    assert cal.known_until().isoformat() in err.message("zh")
    assert "Settings" in err.message("en")
    with pytest.raises(CalendarUnknown):
        cal.is_workday(D(2003, 12, 31))


def test_counting_into_an_unknown_year_raises_at_the_first_unknown_day(cal):
    last = cal.known_until()
    with pytest.raises(CalendarUnknown) as exc:
        cal.add_workdays(last - timedelta(days=1), 10)
    assert exc.value.date == last + timedelta(days=1)


def test_overrides_make_an_unknown_year_usable():
    base = WorkCalendar()
    last = base.known_until()
    d1, d2, d3 = (last + timedelta(days=n) for n in (1, 2, 3))
    cal = WorkCalendar({d1: False, d2: True})
    assert cal.is_known(d1) and cal.is_known(d2) and not cal.is_known(d3)
    assert cal.is_known(last)
    assert cal.add_workdays(last, 1) == d2
    with pytest.raises(CalendarUnknown) as exc:
        cal.add_workdays(last, 2)
    assert exc.value.date == d3


# --------------------------------------------------------------------------- provisional days

def test_past_the_library_days_are_provisional(cal):
    assert cal.known_until() == D(2026, 12, 31)          # chinesecalendar 1.11.0 ends here
    new_year = cal.day(D(2027, 1, 1))                     # a Friday
    assert (new_year.workday, new_year.source, new_year.name("zh")) == (False, "provisional", "元旦")
    assert cal.day(D(2027, 1, 2)).workday is False        # Saturday
    assert cal.day(D(2027, 1, 4)).workday is True         # Monday
    assert [cal.day(D(2027, 10, n)).workday for n in range(1, 6)] == [False, False, False, True, True]
    assert cal.day(D(2027, 5, 1)).name("en") == "Labour Day"
    assert cal.day(D(2027, 2, 8)).workday is True         # Spring Festival 2027 is not guessed
    # 28 Dec (Mon): 29, 30, 31 Dec known; 1 Jan off, 2-3 Jan weekend; 4, 5 Jan provisional.
    assert cal.count_workdays(D(2026, 12, 28), 5) == (D(2027, 1, 5), True)
    assert cal.count_workdays(D(2026, 12, 21), 5) == (D(2026, 12, 28), False)


def test_days_say_where_they_come_from(cal):
    assert cal.day(D(2026, 10, 5)).source == "library"
    assert cal.day(D(2026, 10, 5)).name("zh") == "国庆节"
    assert cal.day(D(2026, 9, 26)).name("zh") == "中秋节"       # the library says 中秋
    assert cal.day(D(2026, 10, 10)).workday and cal.day(D(2026, 10, 10)).name("en") == "National Day"
    mine = WorkCalendar({D(2026, 10, 9): False}, notes={D(2026, 10, 9): "盘点停业"})
    assert (mine.day(D(2026, 10, 9)).source, mine.day(D(2026, 10, 9)).why_closed()) == (
        "override", "盘点停业")
    assert cal.day(D(2026, 11, 7)).why_closed("zh") == "周六"
    assert cal.day(D(2026, 11, 7)).why_closed("en") == "Saturday"


def test_open_on_or_after_skips_closed_days(cal):
    day, skipped, guessed = cal.open_on_or_after(D(2026, 10, 5))
    assert day == D(2026, 10, 8) and [d.date for d in skipped] == [D(2026, 10, n) for n in (5, 6, 7)]
    assert not guessed
    assert cal.open_on_or_after(D(2026, 10, 9)) == (D(2026, 10, 9), [], False)
    day, skipped, guessed = cal.open_on_or_after(D(2027, 1, 1))
    assert (day, guessed) == (D(2027, 1, 4), True)


# --------------------------------------------------------------------------- calendar files

CALENDARS = Path(__file__).resolve().parents[2] / "resources" / "calendars"

GOOD_2027 = """\
year = 2027

[[holidays]]
name = "元旦"
from = 2027-01-01
to = 2027-01-03

[[holidays]]
name = "春节"
name_en = "Spring Festival"
from = 2027-02-06
to = 2027-02-14
workdays = [2027-01-31, 2027-02-20]
"""


def test_the_shipped_2026_file_equals_the_library():
    shipped = load_year(CALENDARS / "2026.toml")
    library = library_year(2026)
    assert shipped.year == 2026
    assert shipped.holidays == library.holidays
    assert shipped.workdays == library.workdays
    assert len(shipped.holidays) == 33 and len(shipped.workdays) == 6
    imported = WorkCalendar(years={2026: shipped})
    day = D(2026, 1, 1)
    while day.year == 2026:
        assert imported.is_workday(day) == WorkCalendar().is_workday(day), day
        day += timedelta(days=1)


def test_an_imported_year_is_known_and_wins():
    year = loads_year(GOOD_2027)
    cal = WorkCalendar(years={2027: year})
    assert cal.known_until() == D(2027, 12, 31) and cal.is_known(D(2027, 6, 1))
    assert cal.day(D(2027, 2, 8)).source == "import" and not cal.is_workday(D(2027, 2, 8))
    assert cal.is_workday(D(2027, 1, 31))                 # a make-up Sunday
    assert cal.day(D(2027, 1, 1)).name("en") == "元旦"    # no English name given: the Chinese one
    assert cal.day(D(2027, 1, 31)).name("en") == "Spring Festival"
    assert cal.is_workday(D(2027, 10, 1))                 # the file has no National Day: it rules
    assert cal.add_workdays(D(2027, 2, 5), 1) == D(2027, 2, 15)
    # An override still beats the import.
    assert WorkCalendar({D(2027, 2, 8): True}, years={2027: year}).is_workday(D(2027, 2, 8))
    assert YearCalendar.from_dict(year.to_dict()) == year


def _errors(text: str) -> dict[str, str]:
    with pytest.raises(ValidationError) as exc:
        loads_year(text)
    return {field: err.message("zh") for field, err in exc.value.errors.items()}


def test_calendar_file_problems_name_line_and_field():
    bad = GOOD_2027.replace("workdays = [2027-01-31, 2027-02-20]",
                            "workdays = [2027-02-03, 2027-02-07]")   # a Wednesday; in the holiday
    errors = _errors(bad)
    assert errors["holidays[2].workdays"] == (
        "第13行：调休上班日2027-02-03是周三，工作日本来就上班，只有周六、周日可以调休上班")
    errors = _errors(GOOD_2027.replace("2027-02-20]", "2027-02-07]"))
    assert errors["holidays[2].workdays"] == "第13行：调休上班日2027-02-07落在春节假期内"
    errors = _errors(GOOD_2027.replace("to = 2027-01-03", "to = 2028-01-03"))
    assert errors["holidays[1].to"] == "第6行：第1个假期的日期2028-01-03不在2027年内"
    overlap = GOOD_2027 + '\n[[holidays]]\nname = "x"\nfrom = 2027-02-14\n'
    assert _errors(overlap)["holidays[3].from"] == "第17行：第3个假期与第11行的假期重叠（2027-02-14）"
    errors = _errors(GOOD_2027.replace("from = 2027-02-06", "from = 2027-02-16"))
    assert errors["holidays[2].to"].startswith("第12行：第2个假期的结束日期2027-02-14早于开始日期")
    errors = _errors(GOOD_2027.replace("year = 2027", "yaer = 2027"))
    assert "year" in errors and "第1行" in errors["year"]
    errors = _errors(GOOD_2027.replace('name = "春节"\n', "").replace("to = 2027-02-14", "to = 20270214"))
    assert set(errors) == {"holidays[2].name", "holidays[2].to"}
    errors = _errors(GOOD_2027 + "colour = 1\n")
    assert "未知项“colour”" in errors["holidays[2].colour"]
    syntax = _errors("year = 2027\n[[holidays]\n")
    assert "line 2" in syntax["file"]
    with pytest.raises(ValidationError) as exc:
        loads_year(bad)
    assert "line 13" in exc.value.message("en") and "Wednesday" in exc.value.message("en")


def test_a_file_that_cannot_be_read(tmp_path):
    with pytest.raises(ValidationError) as exc:
        load_year(tmp_path / "none.toml")
    assert "none.toml" in exc.value.message("en")
