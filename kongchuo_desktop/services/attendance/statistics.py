"""Attendance statistics: the periods (日/周/月/学期), 出勤率 by class and by student (the classes in
the school's own order, 一年级1班 first, and a 全校 row summing them), and one child's month on a grid.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass

from kongchuo_desktop.db.fast_reads import sql_rows
from kongchuo_desktop.db.models import Absence, AttendanceReport, SchoolClass, Student, stored_day
from kongchuo_desktop.domain import escalation as esc
from kongchuo_desktop.domain.attendance import PRESENT_REASONS, Period, attendance_rate
from kongchuo_desktop.domain.grades import class_name
from kongchuo_desktop.services import membership, visibility
from kongchuo_desktop.services.attendance.headcount import reported_days
from kongchuo_desktop.services.attendance.leave import leave_periods_by_student
from kongchuo_desktop.services.attendance.rosters import (
    class_students,
    current_class_numbers,
)
from kongchuo_desktop.services.calendar_service import load_calendar, term_containing

PERIOD_KINDS = ("日", "周", "月", "学期")
SCHOOL_TOTAL = "全校"


def period_range(kind: str, day: dt.date) -> tuple[dt.date, dt.date]:
    if kind == "日":
        return day, day
    if kind == "周":
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6)
    if kind == "月":
        start = day.replace(day=1)
        nxt = esc.add_months(start, 1)
        return start, nxt - dt.timedelta(days=1)
    term = term_containing(day)
    if term is None:
        return day, day
    return term.start_date, term.end_date


def _day(d: dt.date, *, year: bool = True) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if year else f"{d.month}月{d.day}日"


def period_title(kind: str, first: dt.date, last: dt.date) -> str:
    """The period as a page or a sheet names it: 2026年11月, 2026年11月23日至11月29日, …"""
    if kind == "月":
        return f"{first.year}年{first.month}月"
    if first == last:
        return _day(first)
    text = f"{_day(first)}至{_day(last, year=last.year != first.year)}"
    return f"{text}（学期）" if kind == "学期" else text


@dataclass(frozen=True)
class RateRow:
    key_id: int  # class id or student id
    name: str
    class_name: str
    expected_days: float  # 应到人日
    missed_days: float  # 缺勤人日
    by_reason: dict[str, float]  # 病假/事假/旷课/其他 in days; 迟到/早退 as counts
    # The school's order: (grade, number) for a class, (0, register place) for a student;
    # the 全校 row sorts after every class.
    order: tuple[int, int] = (0, 0)
    is_total: bool = False

    @property
    def rate(self) -> float | None:
        return attendance_rate(self.expected_days, self.missed_days)


def school_days(first: dt.date, last: dt.date) -> list[dt.date]:
    """The school days of first … last in the calendar as it is NOW: a day made a holiday after
    its head-count was saved no longer counts in any total (its rows are kept, not deleted)."""
    return load_calendar().school_days_between(first, last)


# Fixed statements (db.fast_reads), the school days as one JSON parameter: the month report and
# the 出勤统计 page sum a month of head-counts each time, and building the queries took longer.
_DAYS = "(SELECT value FROM json_each(?))"


def _days_json(days: list[dt.date]) -> str:
    return json.dumps([d.isoformat() for d in days])


def _reason_sums(days: list[dt.date], group_field) -> dict[int, dict[str, float]]:
    column = group_field.column_name
    sql = (
        f"SELECT {column}, reason, SUM(CASE period WHEN ? THEN 1.0 ELSE 0.5 END), COUNT(id)"
        f" FROM absence WHERE date IN {_DAYS} GROUP BY {column}, reason"
    )
    out: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for key, reason, total, n in sql_rows(sql, Period.FULL.value, _days_json(days)):
        out[key][reason] += n if reason in PRESENT_REASONS else total
    return out


def class_rates(first: dt.date, last: dt.date) -> list[RateRow]:
    days = school_days(first, last)
    sql = (
        "SELECT school_class_id, SUM(expected) FROM attendance_report"
        f" WHERE date IN {_DAYS} GROUP BY school_class_id"
    )
    expected = dict(sql_rows(sql, _days_json(days)))
    sums = _reason_sums(days, Absence.school_class)
    rows = []
    for cid, grade, number in current_class_numbers(last):
        by = dict(sums.get(cid, {}))
        missed = sum(v for r, v in by.items() if r not in PRESENT_REASONS)
        name = class_name(grade, number)
        rows.append(
            RateRow(cid, name, name, float(expected.get(cid, 0)), missed, by, order=(grade, number))
        )
    rows.sort(key=lambda r: r.order)  # 一年级1班 … 九年级: by grade and number, not by name
    return rows


def school_total(rows: list[RateRow]) -> RateRow:
    """The 全校 row: the classes' 应到人日, 缺勤人日 and reasons added up (its 出勤率 follows)."""
    by: dict[str, float] = defaultdict(float)
    for r in rows:
        for reason, v in r.by_reason.items():
            by[reason] += v
    return RateRow(
        0,
        SCHOOL_TOTAL,
        SCHOOL_TOTAL,
        sum(r.expected_days for r in rows),
        sum(r.missed_days for r in rows),
        dict(by),
        order=(99, 0),
        is_total=True,
    )


def class_rates_with_total(first: dt.date, last: dt.date) -> list[RateRow]:
    """class_rates in the school's order, then the 全校 row."""
    rows = class_rates(first, last)
    return [*rows, school_total(rows)]


def student_rates(class_id: int, first: dt.date, last: dt.date) -> list[RateRow]:
    visibility.require_class(class_id)
    open_days = school_days(first, last)
    days = (
        AttendanceReport.select()
        .where((AttendanceReport.school_class == class_id) & AttendanceReport.date.in_(open_days))
        .count()
    )
    sums = _reason_sums(open_days, Absence.student)
    cls = SchoolClass.get_by_id(class_id)
    rows = []
    for place, s in enumerate(class_students(class_id), start=1):
        by = dict(sums.get(s.id, {}))
        missed = sum(v for r, v in by.items() if r not in PRESENT_REASONS)
        rows.append(RateRow(s.id, s.name, cls.name, float(days), missed, by, order=(0, place)))
    return rows


@dataclass(frozen=True)
class GridDay:
    date: dt.date
    school_day: bool
    reported: bool
    reasons: tuple[tuple[str, str], ...]  # (reason, period)
    leave: str = ""  # 病假/事假 when approved leave covers the day


def month_grid(student_id: int, year: int, month: int) -> list[GridDay]:
    """Every day of the month for one student: school day or not, and the absences recorded."""
    calendar = load_calendar()
    first = dt.date(year, month, 1)
    last = esc.add_months(first, 1) - dt.timedelta(days=1)
    student = Student.get_by_id(student_id)
    absences: dict[dt.date, list[tuple[str, str]]] = defaultdict(list)
    for a in Absence.select().where(
        (Absence.student == student_id) & Absence.date.between(first, last)
    ):
        absences[stored_day(a.date)].append((a.reason, a.period))
    spells = membership.memberships([student_id]).get(student_id)
    by_class: dict[int, set[dt.date]] = defaultdict(set)
    class_ids = {m.class_id for m in spells or []} | {student.school_class_id}
    for cid, d in (
        AttendanceReport.select(AttendanceReport.school_class, AttendanceReport.date)
        .where(
            AttendanceReport.school_class.in_([c for c in class_ids if c])
            & AttendanceReport.date.between(first, last)
        )
        .tuples()
    ):
        by_class[cid].add(stored_day(d))
    reported = reported_days(spells, student.school_class_id, by_class)
    leave = leave_periods_by_student(first, last, calendar, student_ids=[student_id]).get(
        student_id, {}
    )
    out = []
    d = first
    while d <= last:
        out.append(
            GridDay(
                d,
                calendar.is_school_day(d),
                d in reported,
                tuple(absences.get(d, ())),
                leave[d][1] if d in leave else "",
            )
        )
        d += dt.timedelta(days=1)
    return out
