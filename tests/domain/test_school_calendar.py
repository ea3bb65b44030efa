"""School-day arithmetic: weekends, the National Day week, 调休 Saturdays, vacations."""

import datetime as dt

import pytest

from kongchuo_desktop.domain.holidays import holiday_days
from kongchuo_desktop.domain.school_calendar import DayKind, SchoolCalendar, TermSpan

D = dt.date


@pytest.fixture
def autumn_2026() -> SchoolCalendar:
    special = {day: kind for year in (2026, 2027) for day, kind, _ in holiday_days(year)}
    return SchoolCalendar([TermSpan(D(2026, 9, 1), D(2027, 1, 22))], special)


def test_weekdays_in_term_are_school_days_and_weekends_are_not(autumn_2026):
    assert autumn_2026.is_school_day(D(2026, 9, 1))  # Tuesday, first day
    assert not autumn_2026.is_school_day(D(2026, 9, 5))  # Saturday
    assert not autumn_2026.is_school_day(D(2026, 9, 6))  # Sunday


def test_days_outside_every_term_are_vacation(autumn_2026):
    assert not autumn_2026.is_school_day(D(2026, 8, 31))  # Monday before term
    assert not autumn_2026.is_school_day(D(2027, 1, 25))  # Monday in winter vacation


def test_national_day_week_is_off_and_makeup_saturday_is_a_school_day(autumn_2026):
    for day in range(1, 8):
        assert not autumn_2026.is_school_day(D(2026, 10, day)), day
    assert autumn_2026.is_school_day(D(2026, 10, 10))  # 调休 Saturday
    assert autumn_2026.is_school_day(D(2026, 9, 20))  # 调休 Sunday
    assert not autumn_2026.is_school_day(D(2026, 9, 25))  # 中秋 Friday


def test_nth_school_day_crosses_the_weekend(autumn_2026):
    # Thursday 2026-11-26 → 1st: Fri 27, 2nd: Mon 30, 3rd: Tue Dec 1
    assert autumn_2026.nth_school_day_after(D(2026, 11, 26), 1) == D(2026, 11, 27)
    assert autumn_2026.nth_school_day_after(D(2026, 11, 26), 2) == D(2026, 11, 30)
    assert autumn_2026.nth_school_day_after(D(2026, 11, 26), 3) == D(2026, 12, 1)


def test_nth_school_day_across_national_day_and_makeup_saturday(autumn_2026):
    # Wed 2026-09-30 → next school days: Thu Oct 8, Fri Oct 9, Sat Oct 10 (调休), Mon Oct 12
    after = [autumn_2026.nth_school_day_after(D(2026, 9, 30), n) for n in (1, 2, 3, 4)]
    assert after == [D(2026, 10, 8), D(2026, 10, 9), D(2026, 10, 10), D(2026, 10, 12)]


def test_nth_zero_is_the_day_itself_or_the_next_school_day(autumn_2026):
    assert autumn_2026.nth_school_day_after(D(2026, 11, 27), 0) == D(2026, 11, 27)
    assert autumn_2026.nth_school_day_after(D(2026, 11, 28), 0) == D(2026, 11, 30)


def test_school_days_between_counts_both_ends(autumn_2026):
    days = autumn_2026.school_days_between(D(2026, 9, 28), D(2026, 10, 11))
    # Mon 28, Tue 29, Wed 30 Sep; then Thu 8, Fri 9, Sat 10 (调休) Oct.
    assert days == [
        D(2026, 9, 28),
        D(2026, 9, 29),
        D(2026, 9, 30),
        D(2026, 10, 8),
        D(2026, 10, 9),
        D(2026, 10, 10),
    ]
    assert autumn_2026.count_school_days(D(2026, 10, 1), D(2026, 10, 7)) == 0


def test_makeup_day_outside_term_is_not_a_school_day():
    cal = SchoolCalendar(
        [TermSpan(D(2026, 3, 2), D(2026, 7, 3))], {D(2026, 2, 28): DayKind.MAKEUP_WORKDAY}
    )
    assert not cal.is_school_day(D(2026, 2, 28))


def test_vacation_inside_a_term_is_not_a_school_day():
    cal = SchoolCalendar(
        [TermSpan(D(2026, 9, 1), D(2027, 1, 22))], {D(2026, 11, 2): DayKind.VACATION}
    )
    assert not cal.is_school_day(D(2026, 11, 2))
    assert cal.previous_school_day(D(2026, 11, 3)) == D(2026, 10, 30)


def test_latest_school_day_is_today_or_the_last_one_before_it():
    cal = SchoolCalendar(
        [TermSpan(D(2026, 9, 1), D(2027, 1, 22))], {D(2026, 11, 2): DayKind.VACATION}
    )
    assert cal.latest_school_day(D(2026, 11, 27)) == D(2026, 11, 27)  # a Friday
    assert cal.latest_school_day(D(2026, 11, 29)) == D(2026, 11, 27)  # the Sunday after it
    assert cal.latest_school_day(D(2026, 11, 2)) == D(2026, 10, 30)  # vacation Monday
    assert cal.latest_school_day(D(2026, 8, 31)) is None  # before the first term


def test_running_out_of_calendar_is_reported_in_chinese():
    cal = SchoolCalendar([TermSpan(D(2026, 9, 1), D(2026, 9, 4))])
    with pytest.raises(ValueError, match="学期日期"):
        cal.nth_school_day_after(D(2026, 9, 4), 1)


def test_a_whole_autumn_term_has_a_plausible_number_of_school_days(autumn_2026):
    # 21 weeks minus 中秋 Friday, the National Day week's 5 weekdays, 元旦 Friday, plus 2 调休.
    assert autumn_2026.count_school_days(D(2026, 9, 1), D(2027, 1, 22)) == 99


def test_the_calendar_says_why_a_day_has_no_school(autumn_2026):
    assert autumn_2026.why_no_school(D(2026, 11, 27)) is None  # a Friday in term
    assert autumn_2026.why_no_school(D(2026, 11, 28)) == "是周末"
    assert autumn_2026.why_no_school(D(2026, 10, 1)) == "是节假日"  # National Day
    assert autumn_2026.why_no_school(D(2027, 2, 1)) == "不在学期之内"
    vacation = SchoolCalendar(
        [TermSpan(D(2026, 9, 1), D(2027, 1, 22))], {D(2027, 1, 20): DayKind.VACATION}
    )
    assert vacation.why_no_school(D(2027, 1, 20)) == "在寒暑假中"
