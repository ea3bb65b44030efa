"""待补请假单: a bare 请假 with no approved leave is excused for N school days, then not."""

import datetime as dt

from kongchuo_desktop.domain.attendance import AbsenceReason as R
from kongchuo_desktop.domain.attendance import AbsenceRecord, Period
from kongchuo_desktop.domain.headcount_message import Roster, RosterClass, parse_message
from kongchuo_desktop.domain.pending_leave import (
    PENDING_FORM_NOTE,
    as_the_escalation_sees_them,
    overdue,
)
from kongchuo_desktop.domain.school_calendar import SchoolCalendar, TermSpan

FRI, MON, TUE = dt.date(2026, 11, 27), dt.date(2026, 11, 30), dt.date(2026, 12, 1)
CAL = SchoolCalendar(terms=[TermSpan(dt.date(2026, 9, 1), dt.date(2027, 1, 22))])


def _roster(days: int) -> Roster:
    students = {"刘洋": (1,), "何静": (2,), "林峰": (3,)}
    return Roster({(8, 1): RosterClass(1, 8, 1, 3, students)}, pending_form_days=days)


def test_a_bare_qingjia_without_leave_is_a_pending_form_when_the_school_allows_it():
    r = parse_message("八(1)班 应到3 实到2 刘洋请假", _roster(1), FRI).reports[0]
    assert r.ok and r.present == 2
    (a,) = r.absentees
    assert (a.reason, a.note, a.pending_form) == (R.OTHER, PENDING_FORM_NOTE, True)
    parsed = parse_message("八(1)班 刘洋请假", _roster(0), FRI)  # 0: still asked
    assert any("没有说明是病假、事假还是无故缺席" in p for p in parsed.all_problems())


def test_the_grace_counts_school_days():
    assert not overdue(FRI, FRI, CAL, 1)
    assert overdue(FRI, MON, CAL, 1)  # the weekend is not counted, Monday is the 2nd school day
    assert not overdue(FRI, MON, CAL, 2)
    assert overdue(FRI, TUE, CAL, 2)
    assert overdue(FRI, FRI, CAL, 0)


def test_the_escalation_sees_a_late_form_as_unexcused():
    pending = AbsenceRecord(FRI, R.OTHER, Period.FULL, PENDING_FORM_NOTE)
    sick = AbsenceRecord(FRI, R.SICK)
    unexcused = frozenset({R.TRUANT, R.OTHER})
    assert [
        r.reason for r in as_the_escalation_sees_them([pending, sick], FRI, CAL, 1, unexcused)
    ] == [
        R.PERSONAL,  # within the grace: excused even where 其他 counts as unexcused
        R.SICK,
    ]
    assert [r.reason for r in as_the_escalation_sees_them([pending], MON, CAL, 1, unexcused)] == [
        R.TRUANT
    ]
    only_other = frozenset({R.OTHER})
    assert [r.reason for r in as_the_escalation_sees_them([pending], MON, CAL, 1, only_other)] == [
        R.OTHER
    ]
