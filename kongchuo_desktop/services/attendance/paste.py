"""A pasted head-count message (接龙/群消息): the roster the parser reads it against, the parse, and
saving the classes it read cleanly.

The parsing itself is domain.headcount_message; each class is saved by headcount.save_class.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.models import Absence, AttendanceReport, LeaveRequest, Student, Teacher
from kongchuo_desktop.domain import leave as lv
from kongchuo_desktop.domain.attendance import Period
from kongchuo_desktop.domain.headcount_message import (
    ParsedMessage,
    Roster,
    RosterClass,
    SavedReport,
)
from kongchuo_desktop.domain.headcount_message import parse_message as _parse
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.domain.school_calendar import SchoolCalendar
from kongchuo_desktop.services import attendance_rules, guards, membership
from kongchuo_desktop.services.attendance.headcount import AbsenceInput, save_class
from kongchuo_desktop.services.attendance.leave import leave_periods_by_student
from kongchuo_desktop.services.attendance.rosters import ON_ROLL_VALUES, current_classes
from kongchuo_desktop.services.calendar_service import load_calendar


def parser_roster(day: dt.date, calendar: SchoolCalendar | None = None) -> Roster:
    calendar = calendar or load_calendar()
    classes = current_classes(day)
    by_class: dict[int, dict[str, list[int]]] = {c.id: defaultdict(list) for c in classes}
    counts: dict[int, int] = defaultdict(int)
    class_of = {
        sid: cid
        for cid, ids in membership.members_on(day, [c.id for c in classes]).items()
        for sid in ids
    }
    for sid, name in (
        Student.select(Student.id, Student.name)
        .where(Student.status.in_(ON_ROLL_VALUES) & Student.id.in_(list(class_of)))
        .tuples()
    ):
        by_class[class_of[sid]][name].append(sid)
        counts[class_of[sid]] += 1
    leave = leave_periods_by_student(day, day, calendar)
    kinds = {sid: days[day][1] for sid, days in leave.items() if day in days}
    halves = {sid: days[day][0] for sid, days in leave.items() if day in days}
    leave_text = _leave_texts(day, kinds)
    saved = _saved_reports(day, [c.id for c in classes])
    out = {}
    for c in classes:
        students = {n: tuple(ids) for n, ids in by_class[c.id].items()}
        ids = {i for t in students.values() for i in t}
        out[(c.grade, c.number)] = RosterClass(
            c.id,
            c.grade,
            c.number,
            counts[c.id],
            students,
            {i: k for i, k in kinds.items() if i in ids},
            saved.get(c.id),
            {i: t for i, t in leave_text.items() if i in ids},
            {i: p for i, p in halves.items() if i in ids},
        )
    teachers = frozenset(
        n for (n,) in Teacher.select(Teacher.name).where(Teacher.active).tuples() if n
    )
    return Roster(out, teachers, attendance_rules.pending_leave_form_days())


def _leave_texts(day: dt.date, kinds: dict[int, str]) -> dict[int, str]:
    """The approved leave in effect on `day`, as a problem names it: "病假（11月30日至12月2日）"."""
    out = {}
    for leave in LeaveRequest.select().where(
        LeaveRequest.student.in_(list(kinds))
        & LeaveRequest.state.in_([lv.LeaveState.APPROVED.value, lv.LeaveState.RETURNED.value])
        & (LeaveRequest.start_date <= day)
        & (LeaveRequest.end_date >= day)
    ):
        first, last = leave.start_date, leave.end_date
        out[leave.student_id] = (
            f"{leave.kind}（{first.month}月{first.day}日至{last.month}月{last.day}日）"
        )
    return out


def _saved_reports(day: dt.date, class_ids: list[int]) -> dict[int, SavedReport]:
    """The head-counts already saved for `day`: class → what a paste would replace."""
    absent: dict[int, list[str]] = defaultdict(list)
    for class_id, name, reason, period in (
        Absence.select(Absence.school_class, Student.name, Absence.reason, Absence.period)
        .join(Student)
        .where((Absence.date == day) & Absence.school_class.in_(class_ids))
        .order_by(Absence.id)
        .tuples()
    ):
        absent[class_id].append(name + reason + ("" if period == Period.FULL else f"（{period}）"))
    return {
        r.school_class_id: SavedReport(r.expected, r.present, tuple(absent[r.school_class_id]))
        for r in AttendanceReport.select().where(
            (AttendanceReport.date == day) & AttendanceReport.school_class.in_(class_ids)
        )
    }


def parse_headcount(
    text: str,
    day: dt.date,
    calendar: SchoolCalendar | None = None,
    today: dt.date | None = None,
) -> ParsedMessage:
    """`today`: the day the messages were copied out of WeChat ("昨天 07:52"), default the
    computer's date."""
    calendar = calendar or load_calendar()
    parsed = _parse(text, parser_roster(day, calendar), day, today or dt.date.today())
    if not calendar.is_school_day(day):
        parsed.problems.insert(0, f"{day:%Y年%m月%d日}不是上学日")
    return parsed


def save_parsed(
    actor: str,
    parsed: ParsedMessage,
    day: dt.date,
    source: str = "paste",
    only_ok: bool = True,
    calendar: SchoolCalendar | None = None,
    overwrite: bool = False,
) -> list[str]:
    """Save the classes of a parsed message that have no problems; returns their names.

    A class already reported that day is replaced only with `overwrite` (the clerk confirmed)
    and only if it was already reported when the message was read (so the clerk saw what is
    replaced); otherwise the class is left as it was and is not in the returned names."""
    guards.for_classes(
        Action.SAVE_HEADCOUNT, [r.class_id for r in parsed.reports if r.class_id is not None]
    )
    calendar = calendar or load_calendar()
    saved = []
    with current().atomic():
        reported_now = {  # read inside the transaction: a class saved since the paste counts
            class_id
            for (class_id,) in AttendanceReport.select(AttendanceReport.school_class)
            .where(AttendanceReport.date == day)
            .tuples()
        }
        for r in parsed.reports:
            if r.class_id is None or (only_ok and not r.ok):
                continue
            confirmed = overwrite and r.saved is not None
            if not confirmed and r.class_id in reported_now:
                continue
            absences = [
                AbsenceInput(a.student_id, a.reason.value, a.period.value, a.note)
                for a in r.absentees
                if a.student_id is not None and a.reason is not None
            ]
            save_class(
                actor,
                r.class_id,
                day,
                absences,
                source=source,
                note=r.fragment[:500],
                calendar=calendar,
            )
            saved.append(r.class_name)
    return saved
