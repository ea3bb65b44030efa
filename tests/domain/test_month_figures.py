"""The report period and the figure formulas as plain functions: the cut-off, a short month, the
reminder, the 届别 巩固率, the attendance rate with leave counted either way."""

import datetime as dt

import pytest

from kongchuo_desktop.domain.month_figures import (
    COHORT,
    Change,
    Child,
    ClassAttendance,
    CohortCount,
    Options,
    attendance_rate,
    consolidation_cohort,
    formula_lines,
    month_figures,
)
from kongchuo_desktop.domain.month_period import due_notice, parse_month, period_for
from kongchuo_desktop.errors import UserError

d = dt.date


def test_periods_follow_each_other_without_gap_or_overlap():
    jan = period_for(2027, 1, 20, 25)
    assert (jan.first, jan.last, jan.due) == (d(2026, 12, 21), d(2027, 1, 20), d(2027, 1, 25))
    feb = period_for(2027, 2, 31, 25)  # calendar month: the 31st means the last day
    assert (feb.first, feb.last) == (d(2027, 2, 1), d(2027, 2, 28))
    assert period_for(2027, 3, 20, 25).first == d(2027, 2, 21)


def test_a_month_is_written_yyyy_mm():
    assert parse_month("2026-11") == (2026, 11)
    with pytest.raises(UserError, match="YYYY-MM"):
        parse_month("11/2026")


def test_the_reminder_runs_from_the_notice_day_until_filed():
    assert due_notice(d(2026, 11, 19), set(), 20, 20, 25) is None
    assert due_notice(d(2026, 11, 20), set(), 20, 20, 25).key == "2026-11"
    assert due_notice(d(2026, 11, 20), {"2026-11"}, 20, 20, 25) is None


def test_leave_counts_as_absent_unless_the_setting_says_present():
    rows = [ClassAttendance("初中", 100, 4, 3)]
    assert attendance_rate(rows, False) == 96.0
    assert attendance_rate(rows, True) == 99.0
    assert attendance_rate([], False) is None


def test_the_cohort_definition_and_the_notes_naming_it():
    assert (
        consolidation_cohort(CohortCount(intake=50, transfers_in=2, transfers_out=4, now=47))
        == 97.92
    )
    assert consolidation_cohort(None) is None
    lines = dict(formula_lines(Options(consolidation=COHORT)))
    assert lines["巩固率"].startswith("（届别口径）")


def test_a_cohort_that_cannot_be_counted_is_left_empty_with_a_note():
    place = lambda _day: ("初中", "九年级1班")  # noqa: E731
    kids = [
        Child(1, "在校", [], None, place),
        Child(2, "在校", [Change(d(2026, 11, 2), "转出", "初中", "九年级1班")], None, place),
    ]
    f = month_figures(
        kids,
        d(2026, 9, 1),
        d(2026, 10, 21),
        d(2026, 11, 20),
        {},
        Options(consolidation=COHORT),
        {"初中": None},
    )
    assert "初中" not in f.by_stage["巩固率"]
    assert any("巩固率" in n and "留空" in n for n in f.notes)
    assert f.by_stage["本月转出"]["初中"] == 1 and f.by_stage["月末在校生数"]["初中"] == 1
