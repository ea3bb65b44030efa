import datetime as dt

import pytest

from kongchuo_desktop.domain.attendance import Period
from kongchuo_desktop.domain.holidays import holiday_days
from kongchuo_desktop.domain.leave import (
    LeaveError,
    approvers_for,
    days_of,
    effective_periods,
    leave_periods,
    next_approver,
    over_term_limit,
)
from kongchuo_desktop.domain.school_calendar import SchoolCalendar, TermSpan
from kongchuo_desktop.services.attendance_rules import default_leave_rules

D = dt.date


@pytest.fixture
def calendar():
    special = {day: kind for day, kind, _ in holiday_days(2026)}
    return SchoolCalendar([TermSpan(D(2026, 9, 1), D(2027, 1, 22))], special)


def test_days_count_school_days_and_halves(calendar):
    # Fri afternoon to Tue morning: Fri ½ + Mon 1 + Tue ½ = 2 school days.
    p = leave_periods(calendar, D(2026, 11, 20), "下午", D(2026, 11, 24), "上午")
    assert p == {
        D(2026, 11, 20): Period.AFTERNOON,
        D(2026, 11, 23): Period.FULL,
        D(2026, 11, 24): Period.MORNING,
    }
    assert days_of(p) == 2.0
    # Over the National Day week only the school days count (Sep 30, Oct 8, 9, 10 调休).
    p = leave_periods(calendar, D(2026, 9, 30), "上午", D(2026, 10, 10), "下午")
    assert days_of(p) == 4.0


def test_approvers_follow_the_rules():
    rules = default_leave_rules()
    assert approvers_for(2, rules) == ("班主任",)
    assert approvers_for(2.5, rules) == ("班主任", "教务处")
    assert approvers_for(5, rules) == ("班主任", "教务处")
    assert approvers_for(6, rules) == ("班主任", "教务处", "校长")
    assert next_approver(("班主任", "教务处"), ["班主任"]) == "教务处"
    assert over_term_limit(40.5, rules) and not over_term_limit(40, rules)


def test_return_ends_the_leave(calendar):
    p = leave_periods(calendar, D(2026, 11, 16), "上午", D(2026, 11, 20), "下午")
    assert len(effective_periods(p, "已批准", None)) == 5
    assert sorted(effective_periods(p, "已销假", D(2026, 11, 18))) == [
        D(2026, 11, 16),
        D(2026, 11, 17),
    ]
    assert effective_periods(p, "待审批", None) == {}


def test_bad_ranges(calendar):
    with pytest.raises(LeaveError):
        leave_periods(calendar, D(2026, 11, 20), "上午", D(2026, 11, 19), "下午")
    with pytest.raises(LeaveError):
        leave_periods(calendar, D(2026, 11, 20), "下午", D(2026, 11, 20), "上午")
