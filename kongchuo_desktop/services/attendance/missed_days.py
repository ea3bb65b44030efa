"""漏报的上学日: the earlier school days of this term whose head-count is not complete, and the
classes that did not report. domain.missed_days holds the rule (which days are checked, what
"fully reported" means); this module gathers the facts for it once.

The one source of the missed days: 首页's warning and the marked days of the 点名 date picker
both ask `missed_days`.

A class is in use on a day when it is one of this 学年's classes (rosters.current_classes) and at
least one child on the roll was in it that day (services.membership) — 应到 above 0: a class set
up but never filled is not expected to report.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from peewee import fn

from kongchuo_desktop.db.models import AttendanceReport, SchoolClass, Student, stored_day
from kongchuo_desktop.domain import missed_days as rule
from kongchuo_desktop.domain.school_calendar import SchoolCalendar
from kongchuo_desktop.services import attendance_rules, membership
from kongchuo_desktop.services.attendance.rosters import ON_ROLL_VALUES, current_classes
from kongchuo_desktop.services.calendar_service import load_calendar, term_containing


@dataclass(frozen=True)
class MissedClass:
    class_id: int
    name: str


@dataclass(frozen=True)
class MissedDayRow:
    day: dt.date
    classes: tuple[MissedClass, ...]  # in use that day, not reported; in the school's order
    in_use: int  # how many classes were in use that day

    @property
    def class_names(self) -> str:
        if len(self.classes) == self.in_use and self.in_use > 1:
            return f"全部{self.in_use}个班"
        return "、".join(c.name for c in self.classes)


@dataclass(frozen=True)
class MissedDays:
    start: dt.date | None  # the first day checked (None: no head-count saved yet)
    start_chosen: bool  # the start is the school's setting, not its first saved head-count
    rows: list[MissedDayRow] = field(default_factory=list)  # newest first

    @property
    def dates(self) -> set[dt.date]:
        return {r.day for r in self.rows}


def missed_days(today: dt.date, calendar: SchoolCalendar | None = None) -> MissedDays:
    """This term's school days before `today`, from the start of reporting, on which a class in
    use did not save its head-count (domain.missed_days). Today itself is never among them."""
    term = term_containing(today)
    if term is None:
        return MissedDays(None, False)
    chosen = attendance_rules.reporting_start()
    first = AttendanceReport.select(fn.MIN(AttendanceReport.date)).scalar()
    start = rule.start_of_reporting(term.start_date, chosen, stored_day(first) if first else None)
    if start is None:
        return MissedDays(None, False)
    calendar = calendar or load_calendar()
    last = min(today - dt.timedelta(days=1), term.end_date)
    days = rule.days_to_check(calendar.school_days_between(start, last), today, start)
    classes = [c for c in current_classes(today) if c.school_year == term.school_year]
    if not days or not classes:
        return MissedDays(start, chosen is not None)
    reported: dict[dt.date, set[int]] = defaultdict(set)
    for day, class_id in (
        AttendanceReport.select(AttendanceReport.date, AttendanceReport.school_class)
        .where(AttendanceReport.date.between(days[0], days[-1]))
        .tuples()
    ):
        reported[stored_day(day)].add(class_id)
    found = rule.missed_days(days, _classes_in_use(days, classes), reported)
    names = {c.id: c.name for c in classes}
    rows = [
        MissedDayRow(m.day, tuple(MissedClass(c, names[c]) for c in m.missing), m.in_use)
        for m in reversed(found)
    ]
    return MissedDays(start, chosen is not None, rows)


def _classes_in_use(days: list[dt.date], classes: list[SchoolClass]) -> dict[dt.date, list[int]]:
    """day → the classes (of `classes`, in their order) with a child on the roll in them."""
    on_roll = {
        sid
        for (sid,) in Student.select(Student.id).where(Student.status.in_(ON_ROLL_VALUES)).tuples()
    }
    spells = {sid: rows for sid, rows in membership.memberships().items() if sid in on_roll}
    unplaced = {  # children without a recorded membership: their class on every day
        cid
        for sid, cid in Student.select(Student.id, Student.school_class)
        .where(Student.school_class.is_null(False))
        .tuples()
        if sid in on_roll and sid not in spells
    }
    order = [c.id for c in classes]
    out = {}
    for day in days:
        used = unplaced | {membership.on_day(rows, day).class_id for rows in spells.values()}
        out[day] = [c for c in order if c in used]
    return out
