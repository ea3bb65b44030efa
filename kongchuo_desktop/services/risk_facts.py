"""The facts the 易辍生预警 rules weigh, gathered for every child on the roll at once: a handful of
set-based queries (never one per student), turned into domain.risk_score.StudentFacts.

"This term" is the term `day` belongs to, from its first day to `day` (services.attendance's
term_bounds); the class and status are the child's present ones.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import peewee as pw

from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.models import (
    Absence,
    RiskFlag,
    SchoolClass,
    StatusChange,
    Student,
    stored_day,
)
from kongchuo_desktop.domain import id_number
from kongchuo_desktop.domain import pending_leave as pl
from kongchuo_desktop.domain.attendance import PRESENT_REASONS, AbsenceReason, Period, day_weight
from kongchuo_desktop.domain.escalation import EscalationRules
from kongchuo_desktop.domain.grades import class_name
from kongchuo_desktop.domain.risk_score import StudentFacts
from kongchuo_desktop.domain.student_status import StudentStatus
from kongchuo_desktop.services import risk_runs
from kongchuo_desktop.services.attendance.escalation_ledger import term_bounds
from kongchuo_desktop.services.attendance.leave import leave_periods_by_student
from kongchuo_desktop.services.attendance.rosters import ON_ROLL_VALUES
from kongchuo_desktop.services.calendar_service import load_calendar

EARLIER_STATUSES = (
    StudentStatus.SUSPECTED_DROPOUT.value,
    StudentStatus.DROPOUT.value,
    StudentStatus.SUSPENDED.value,
)
LEAVE_REASONS = (AbsenceReason.SICK.value, AbsenceReason.PERSONAL.value)


@dataclass(frozen=True)
class Pupil:
    """Who a score belongs to, as the list shows it."""

    id: int
    name: str
    class_id: int | None
    class_name: str
    grade: int | None
    class_number: int | None
    status: str
    birth_date: dt.date | None = None  # as recorded, else from the ID number
    year_start: int | None = None  # the class's 学年: 2026 for "2026-2027"


def _rows(query) -> list[tuple]:
    """A query's rows as SQLite gives them (no per-value conversion: thousands of rows)."""
    return current().execute_sql(*query.sql()).fetchall()


def pupils(student_ids: Iterable[int] | None = None) -> dict[int, Pupil]:
    """The children on the roll (or those of `student_ids` among them), with their class."""
    classes = {
        cid: (grade, number, int(year[:4]) if str(year)[:4].isdigit() else None)
        for cid, grade, number, year in SchoolClass.select(
            SchoolClass.id, SchoolClass.grade, SchoolClass.number, SchoolClass.school_year
        ).tuples()
    }
    q = Student.select(
        Student.id,
        Student.name,
        Student.school_class,
        Student.status,
        Student.birth_date,
        Student.id_number,
    ).where(Student.status.in_(ON_ROLL_VALUES))
    if student_ids is not None:
        q = q.where(Student.id.in_(list(student_ids)))
    out = {}
    for sid, name, cid, status, born, idn in _rows(q):
        grade, number, year = classes.get(cid, (None, None, None))
        if born:
            born = stored_day(born)
        elif idn:
            born = id_number.birth_date(idn)
        out[sid] = Pupil(
            sid,
            name,
            cid,
            class_name(grade, number) if grade else "",
            grade,
            number,
            status,
            born or None,
            year,
        )
    return out


def _absence_sums(
    first: dt.date, last: dt.date, unexcused: frozenset[AbsenceReason], ids: set[int] | None
) -> tuple[dict[int, float], dict[int, float], dict[int, float]]:
    """(unexcused days, days missed for any reason, sick/personal days) per child this term."""
    weight = pw.Case(Absence.period, ((Period.FULL.value, 1.0),), 0.5)
    pending = pw.Case(None, ((Absence.note == pl.PENDING_FORM_NOTE, 1),), 0)
    q = (
        Absence.select(Absence.student, Absence.reason, pending, pw.fn.SUM(weight))
        .where(Absence.date.between(first, last))
        .group_by(Absence.student, Absence.reason, pending)
    )
    if ids is not None:
        q = q.where(Absence.student.in_(list(ids)))
    unexcused_values = {r.value for r in unexcused}
    present = {r.value for r in PRESENT_REASONS}
    bad: dict[int, float] = defaultdict(float)
    missed: dict[int, float] = defaultdict(float)
    leave: dict[int, float] = defaultdict(float)
    for sid, reason, is_pending, days in _rows(q):
        if reason in present:
            continue
        missed[sid] += days
        if reason in unexcused_values and not is_pending:
            bad[sid] += days  # a 待补请假单 counts in the run once overdue, not here
        if reason in LEAVE_REASONS:
            leave[sid] += days
    return bad, missed, leave


def _leave_days(
    first: dt.date, last: dt.date, recorded: dict[int, float], approved: dict
) -> dict[int, float]:
    """Sick/personal days recorded in the head-count, plus approved leave (`approved`:
    leave_periods_by_student) on days the head-count does not already show as 病假/事假 (a day
    counts once)."""
    out = defaultdict(float, recorded)
    if not approved:
        return out
    shown: dict[int, dict[dt.date, float]] = defaultdict(dict)
    for sid, d, period in (
        Absence.select(Absence.student, Absence.date, Absence.period)
        .where(
            Absence.student.in_(list(approved))
            & Absence.date.between(first, last)
            & Absence.reason.in_(LEAVE_REASONS)
        )
        .tuples()
    ):
        day = stored_day(d)
        shown[sid][day] = shown[sid].get(day, 0.0) + day_weight(period)
    for sid, days in approved.items():
        for d, (period, _) in days.items():
            out[sid] += max(0.0, day_weight(period) - shown[sid].get(d, 0.0))
    return out


def _statuses(day: dt.date, ids: set[int] | None):
    """(earlier 疑似辍学/辍学/休学 per child, latest 转入 per child), not withdrawn, by `day`."""
    past: dict[int, list[tuple[str, dt.date]]] = defaultdict(list)
    moved_in: dict[int, dt.date] = {}
    q = StatusChange.select(StatusChange.student, StatusChange.status, StatusChange.date).where(
        StatusChange.status.in_([*EARLIER_STATUSES, StudentStatus.TRANSFERRED_IN.value])
        & StatusChange.withdrawn_at.is_null()
        & (StatusChange.date <= day)
    )
    if ids is not None:
        q = q.where(StatusChange.student.in_(list(ids)))
    for sid, status, d in q.order_by(StatusChange.date, StatusChange.id).tuples():
        when = stored_day(d)
        if status == StudentStatus.TRANSFERRED_IN.value:
            moved_in[sid] = when
        else:
            past[sid].append((status, when))
    return past, moved_in


def gather(
    day: dt.date,
    rules: EscalationRules,
    student_ids: Iterable[int] | None = None,
) -> tuple[dict[int, Pupil], list[StudentFacts]]:
    """Every child on the roll (or of `student_ids`) and the facts the risk rules weigh."""
    who = pupils(student_ids)
    ids = set(who) if student_ids is not None else None
    calendar = load_calendar()
    bounds = term_bounds(day)
    bad: dict[int, float] = {}
    missed: dict[int, float] = {}
    leave: dict[int, float] = {}
    runs: dict[int, int] = {}
    school_days = 0
    if bounds is not None:
        first, last = bounds
        school_days = calendar.count_school_days(first, last)
        bad, missed, recorded = _absence_sums(first, last, rules.unexcused_reasons, ids)
        approved = leave_periods_by_student(first, last, calendar, student_ids=ids)
        leave = _leave_days(first, last, recorded, approved)
        class_of = {sid: p.class_id for sid, p in who.items()}
        runs = risk_runs.runs_now(day, first, last, calendar, rules, class_of, approved)
    flags: dict[int, set[str]] = defaultdict(set)
    q = RiskFlag.select(RiskFlag.student, RiskFlag.flag)
    if ids is not None:
        q = q.where(RiskFlag.student.in_(list(ids)))
    for sid, flag in _rows(q):
        flags[sid].add(flag)
    past, moved_in = _statuses(day, ids)
    facts = [
        StudentFacts(
            sid,
            unexcused_days=bad.get(sid, 0.0),
            missed_days=missed.get(sid, 0.0),
            school_days=school_days,
            run_days=runs.get(sid, 0),
            leave_days=leave.get(sid, 0.0),
            flags=frozenset(flags.get(sid, ())),
            past_statuses=tuple(past.get(sid, ())),
            transferred_in=moved_in.get(sid),
            birth_date=p.birth_date,
            grade=p.grade,
            year_start=p.year_start,
        )
        for sid, p in who.items()
    ]
    return who, facts
