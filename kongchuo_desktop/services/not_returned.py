"""开学未返校清点: from the first school day of a term, the children on the roll (last term's, less
those who graduated, transferred out or died — they are no longer on the roll — plus this term's
new pupils) who have not been present on any school day of the term so far, with the teacher
responsible for each (services.responsibility) and the term's deadline for the report (a
setting: 3月15日 / 9月15日).

Only what was recorded counts: a day the child's class reported and the child was not absent for
the whole day is a day present; a day with no head-count for the class is 未上报 (never an
absence invented here, and nothing is written). Approved leave is marked, not excused: the
report is of who has not come back.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, replace

from kongchuo_desktop import settings
from kongchuo_desktop.db.models import (
    Absence,
    AttendanceReport,
    SchoolClass,
    StatusChange,
    Student,
    Term,
    stored_day,
)
from kongchuo_desktop.domain import census_dates
from kongchuo_desktop.domain.attendance import PRESENT_REASONS, Period
from kongchuo_desktop.domain.student_status import ON_ROLL, StudentStatus
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import visibility
from kongchuo_desktop.services.attendance.leave import leave_periods_by_student
from kongchuo_desktop.services.calendar_service import load_calendar, term_containing
from kongchuo_desktop.services.responsibility import Resolver

_TERM_CODE = re.compile(r"^(\d{4})-(\d{4})-([12])$")
UNREPORTED = "未上报"


class TermError(UserError, ValueError):
    """A term that is not in the school's calendar; the message says which ones are."""


@dataclass(frozen=True)
class NotReturnedRow:
    student_id: int
    name: str
    class_name: str
    class_id: int | None
    responsible: str
    status: str
    absent_days: int  # school days recorded absent (whole day)
    unreported_days: int  # school days the class sent no head-count
    reasons: str  # the reasons recorded, e.g. 旷课3天、病假2天
    on_leave: bool
    leave_text: str  # e.g. 病假（已批准）5天
    class_order: tuple[int, int] = (99, 99)

    @property
    def mark(self) -> str:
        return "已请假" if self.on_leave else ""


@dataclass(frozen=True)
class NotReturnedReport:
    term_code: str
    term_label: str
    first_day: dt.date
    as_of: dt.date
    deadline: dt.date
    school_days: tuple[dt.date, ...]
    rows: tuple[NotReturnedRow, ...]
    expected: int  # children counted (on the roll in the term)

    @property
    def started(self) -> bool:
        return bool(self.school_days)


def term_code(term: Term) -> str:
    return f"{term.school_year}-{term.semester}"


def find_term(code: str) -> Term:
    """A term named like 2026-2027-2 (学年-学期: 1 秋季, 2 春季)."""
    m = _TERM_CODE.match(code.strip())
    known = [term_code(t) for t in Term.select().order_by(Term.start_date)]
    term = None
    if m:
        term = Term.get_or_none(
            (Term.school_year == f"{m.group(1)}-{m.group(2)}") & (Term.semester == int(m.group(3)))
        )
    if term is None:
        raise TermError(
            f"校历中没有学期“{code}”（写作 学年-学期，如 2026-2027-2）；"
            f"已有：{'、'.join(known) or '无'}"
        )
    return term


def deadline(term: Term) -> dt.date:
    """The report's deadline in the term's start year (春季 3月15日, 秋季 9月15日 by default)."""
    key = "census.spring_deadline" if term.semester == 2 else "census.autumn_deadline"
    return census_dates.on_year(settings.get(key), stored_day(term.start_date).year)


def _counted_students(first: dt.date) -> list[tuple[int, str, str]]:
    """On the roll now, or gone to 辍学 since the term began (a child not back for a month
    must not leave the count by being marked)."""
    roll = [s.value for s in ON_ROLL]
    dropped = {
        sid
        for (sid,) in StatusChange.select(StatusChange.student)
        .where(
            (StatusChange.status == StudentStatus.DROPOUT.value)
            & (StatusChange.date >= first)
            & StatusChange.withdrawn_at.is_null()
        )
        .tuples()
    }
    q = Student.select(Student.id, Student.name, Student.status).where(
        Student.status.in_(roll)
        | (Student.id.in_(list(dropped)) & (Student.status == StudentStatus.DROPOUT.value))
    )
    return list(q.tuples())


def not_returned(term: Term | None = None, today: dt.date | None = None) -> NotReturnedReport:
    """Who has not been present on any school day of `term` (default: the term of `today`)
    from its first day to `today` (or its last day)."""
    today = today or dt.date.today()
    term = term or term_containing(today)
    if term is None:
        raise TermError("校历中还没有学期，请先在 设置 → 校历 中填写学期日期")
    first, last = stored_day(term.start_date), stored_day(term.end_date)
    as_of = min(today, last)
    calendar = load_calendar()
    days = calendar.school_days_between(first, as_of) if as_of >= first else []
    students = _counted_students(first)
    ids = [sid for sid, _, _ in students]
    rows: list[NotReturnedRow] = []
    if days:
        reported = {
            (cid, stored_day(d))
            for d, cid in AttendanceReport.select(
                AttendanceReport.date, AttendanceReport.school_class
            )
            .where(AttendanceReport.date.between(days[0], days[-1]))
            .tuples()
        }
        away: dict[int, dict[dt.date, str]] = defaultdict(dict)
        for sid, d, reason, period in (
            Absence.select(Absence.student, Absence.date, Absence.reason, Absence.period)
            .where(Absence.date.between(days[0], days[-1]))
            .tuples()
        ):
            if reason not in PRESENT_REASONS and period == Period.FULL.value:
                away[sid][stored_day(d)] = reason
        leave = leave_periods_by_student(days[0], days[-1], calendar, student_ids=ids)
        resolver = Resolver(ids)
        order = {
            cid: (g, n)
            for cid, g, n in SchoolClass.select(
                SchoolClass.id, SchoolClass.grade, SchoolClass.number
            ).tuples()
        }
        for sid, name, status in students:
            row = _row(sid, name, status, days, reported, away[sid], leave.get(sid, {}), resolver)
            if row is not None:
                rows.append(replace(row, class_order=order.get(row.class_id, (99, 99))))
    rows.sort(key=lambda r: (r.class_order, r.name))
    return NotReturnedReport(
        term_code(term),
        term.label,
        first,
        as_of,
        deadline(term),
        tuple(days),
        tuple(visibility.students(rows, lambda r: r.student_id, as_of)),
        len(students),
    )


def _row(sid, name, status, days, reported, away, leave, resolver: Resolver):
    absent = unreported = 0
    reasons: dict[str, int] = defaultdict(int)
    for d in days:
        cid = resolver.class_on(sid, d)
        if cid is None or (cid, d) not in reported:
            unreported += 1
        elif d in away:
            absent += 1
            reasons[away[d]] += 1
        else:
            return None  # present that day: back at school
    who = resolver.responsible(sid, days[-1])
    kinds = sorted({kind for _, kind in leave.values()})
    return NotReturnedRow(
        student_id=sid,
        name=name,
        class_name=who.class_name,
        class_id=who.class_id,
        responsible=who.responsible_name,
        status=status,
        absent_days=absent,
        unreported_days=unreported,
        reasons="、".join(f"{r}{n}天" for r, n in reasons.items()),
        on_leave=bool(leave),
        leave_text=f"{'、'.join(kinds)}（已批准）{len(leave)}天" if leave else "",
    )


def terms() -> list[tuple[str, str]]:
    """Every term of the calendar as (code, label), newest first."""
    return [(term_code(t), t.label) for t in Term.select().order_by(Term.start_date.desc())]
