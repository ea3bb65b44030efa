"""The dashboard (首页): today's unreported classes, the earlier school days not fully reported
(missed_days), the escalation steps to do, the children away several days running, the chronic
absentees of this term, leave over the term's limit, and the 待补请假单 still open.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import peewee as pw

from kongchuo_desktop.db.models import Absence, SchoolClass, Student, stored_day
from kongchuo_desktop.domain import pending_leave
from kongchuo_desktop.domain.attendance import PRESENT_REASONS, AbsenceReason, Period
from kongchuo_desktop.domain.school_calendar import SchoolCalendar
from kongchuo_desktop.services import attendance_rules, visibility
from kongchuo_desktop.services.attendance.escalation_ledger import (
    ActionItem,
    escalation_items,
    student_chains,
    term_bounds,
)
from kongchuo_desktop.services.attendance.headcount import ClassDayRow, day_overview
from kongchuo_desktop.services.attendance.leave import (
    LeaveLimitRow,
    leave_over_limit,
    leave_periods_by_student,
)
from kongchuo_desktop.services.attendance.missed_days import MissedDays, missed_days
from kongchuo_desktop.services.attendance.rosters import ON_ROLL_VALUES
from kongchuo_desktop.services.calendar_service import load_calendar
from kongchuo_desktop.services.responsibility import responsible_for


@dataclass(frozen=True)
class StreakRow:
    student_id: int
    student_name: str
    class_name: str
    days: int
    since: dt.date
    responsible: str


@dataclass(frozen=True)
class ChronicRow:
    student_id: int
    student_name: str
    class_name: str
    missed: float
    school_days: int

    @property
    def percent(self) -> float:
        return 100.0 * self.missed / self.school_days if self.school_days else 0.0


@dataclass(frozen=True)
class PendingFormRow:
    """A bare 请假 without an approved leave for that day: the form is still to come."""

    student_id: int
    student_name: str
    class_name: str
    day: dt.date
    overdue: bool  # past the grace: the escalation counts the day as 无故缺席


@dataclass
class Dashboard:
    day: dt.date
    is_school_day: bool
    unreported: list[ClassDayRow] = field(default_factory=list)
    missed: MissedDays = field(default_factory=lambda: MissedDays(None, False))
    actions: list[ActionItem] = field(default_factory=list)
    streaks: list[StreakRow] = field(default_factory=list)
    chronic: list[ChronicRow] = field(default_factory=list)
    leave_over_limit: list[LeaveLimitRow] = field(default_factory=list)
    pending_forms: list[PendingFormRow] = field(default_factory=list)


def dashboard(today: dt.date) -> Dashboard:
    calendar = load_calendar()
    rules = attendance_rules.escalation_rules()
    board = Dashboard(today, calendar.is_school_day(today))
    if board.is_school_day:
        board.unreported = [r for r in day_overview(today) if not r.reported]
    board.missed = missed_days(today, calendar)
    chains = student_chains(today, calendar, rules)  # once: the actions and the streaks share it
    board.actions = escalation_items(today, calendar, rules, chains=chains)
    classes = {c.id: c for c in SchoolClass.select()}
    who = responsible_for([sc.student.id for sc in chains], today)
    for sc in chains:
        chain = sc.last
        if chain and chain.is_open and chain.count >= 2 and sc.student.status in ON_ROLL_VALUES:
            cls = classes.get(sc.student.school_class_id)
            board.streaks.append(
                StreakRow(
                    sc.student.id,
                    sc.student.name,
                    cls.name if cls else "",
                    chain.count,
                    chain.start,
                    who[sc.student.id].responsible_name,
                )
            )
    board.streaks.sort(key=lambda r: (-r.days, r.class_name))
    board.chronic = chronic_absentees(today, calendar)
    board.leave_over_limit = leave_over_limit(today)
    board.pending_forms = pending_forms(today, calendar)
    # A 班主任 / 教师 sees the own children only (day_overview and leave_over_limit narrow
    # themselves).
    for name in ("actions", "streaks", "chronic", "pending_forms"):
        setattr(board, name, visibility.students(getattr(board, name), _student_id, today))
    return board


def _student_id(row) -> int:
    return row.student_id


def pending_forms(today: dt.date, calendar: SchoolCalendar | None = None) -> list[PendingFormRow]:
    """This term's 待补请假单 absences (domain.pending_leave) that no approved leave covers yet,
    oldest first; `overdue` once the grace of attendance.pending_leave_form_days has passed."""
    calendar = calendar or load_calendar()
    bounds = term_bounds(today)
    if bounds is None:
        return []
    first, last = bounds
    rows = list(
        Absence.select(Absence, Student, SchoolClass)
        .join(Student)
        .join(SchoolClass, pw.JOIN.LEFT_OUTER)
        .where(
            (Absence.reason == AbsenceReason.OTHER.value)
            & (Absence.note == pending_leave.PENDING_FORM_NOTE)
            & Absence.date.between(first, last)
        )
        .order_by(Absence.date, Absence.id)
    )
    if not rows:
        return []
    covered = leave_periods_by_student(
        first, last, calendar, student_ids={a.student_id for a in rows}
    )
    grace = attendance_rules.pending_leave_form_days()
    out = []
    for a in rows:
        day = stored_day(a.date)
        if day in covered.get(a.student_id, {}):
            continue  # the form came: the approved leave explains the day
        cls = a.student.school_class
        out.append(
            PendingFormRow(
                a.student_id,
                a.student.name,
                cls.name if cls else "",
                day,
                pending_leave.overdue(day, today, calendar, grace),
            )
        )
    return out


def _missed_by_student(days: list[dt.date], class_id: int | None = None) -> dict[int, float]:
    """Days missed on `days` (the school days as the calendar is now: not a day made a holiday
    after its head-count)."""
    weight = pw.Case(Absence.period, ((Period.FULL.value, 1.0),), 0.5)
    q = (
        Absence.select(Absence.student, pw.fn.SUM(weight))
        .where(Absence.date.in_(days) & Absence.reason.not_in([r.value for r in PRESENT_REASONS]))
        .group_by(Absence.student)
    )
    if class_id is not None:
        q = q.where(Absence.school_class == class_id)
    return dict(q.tuples())


def chronic_absentees(today: dt.date, calendar: SchoolCalendar | None = None) -> list[ChronicRow]:
    """Students who have missed at least the warning share (default 10%) of this term's school
    days so far, for any reason (迟到/早退 not counted)."""
    calendar = calendar or load_calendar()
    bounds = term_bounds(today)
    if bounds is None:
        return []
    first, last = bounds
    days = calendar.school_days_between(first, last)
    school_days = len(days)
    if school_days == 0:
        return []
    line = attendance_rules.chronic_absence_fraction()
    missed = _missed_by_student(days)
    over = {sid: m for sid, m in missed.items() if m / school_days >= line}
    if not over:
        return []
    out = []
    for s in (
        Student.select(Student, SchoolClass)
        .join(SchoolClass, pw.JOIN.LEFT_OUTER)
        .where(Student.id.in_(list(over)) & Student.status.in_(ON_ROLL_VALUES))
    ):
        out.append(
            ChronicRow(
                s.id,
                s.name,
                s.school_class.name if s.school_class_id else "",
                over[s.id],
                school_days,
            )
        )
    out.sort(key=lambda r: -r.missed)
    return out
