"""The day's head-count (一日一点名): one class's absences saved, the day's overview of every
class, the leave that fills a class's absences in before anyone types, and the days reported.

实到 is always 应到 minus the absent students (迟到/早退 count as present, domain.attendance
PRESENT_REASONS); 应到 is the class's students on the roll on that day (attendance.rosters).
Every write goes through services.audit with an explicit actor.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.models import Absence, AttendanceReport, SchoolClass, Student, Teacher
from kongchuo_desktop.domain.attendance import PRESENT_REASONS, AbsenceReason, Period
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.domain.school_calendar import SchoolCalendar
from kongchuo_desktop.services import audit, guards, membership, visibility
from kongchuo_desktop.services.attendance.leave import leave_periods_by_student
from kongchuo_desktop.services.attendance.rosters import (
    ON_ROLL_VALUES,
    AttendanceError,
    current_classes,
    expected_counts,
)
from kongchuo_desktop.services.calendar_service import load_calendar
from kongchuo_desktop.services.responsibility import heads_on


@dataclass(frozen=True)
class AbsenceInput:
    student_id: int
    reason: str
    period: str = Period.FULL.value
    note: str = ""


@dataclass(frozen=True)
class ClassDayRow:
    class_id: int
    name: str
    head_teacher: str
    expected: int
    reported: bool
    present: int | None
    absent: int  # students absent (not counting 迟到/早退)
    late_or_early: int
    source: str = ""
    reported_by: str = ""


def day_overview(day: dt.date, classes: list[SchoolClass] | None = None) -> list[ClassDayRow]:
    classes = classes if classes is not None else current_classes(day)
    expected = expected_counts(day)
    reports = {
        r.school_class_id: r for r in AttendanceReport.select().where(AttendanceReport.date == day)
    }
    absent: dict[int, set[int]] = defaultdict(set)
    late: dict[int, set[int]] = defaultdict(set)
    for class_id, student_id, reason in (
        Absence.select(Absence.school_class, Absence.student, Absence.reason)
        .where(Absence.date == day)
        .tuples()
    ):
        (late if reason in PRESENT_REASONS else absent)[class_id].add(student_id)
    names = {t.id: t.name for t in Teacher.select(Teacher.id, Teacher.name)}
    heads = heads_on([c.id for c in classes], day)
    rows = []
    for c in classes:
        r = reports.get(c.id)
        rows.append(
            ClassDayRow(
                class_id=c.id,
                name=c.name,
                head_teacher=names.get(heads.get(c.id), ""),
                expected=r.expected if r else expected.get(c.id, 0),
                reported=r is not None,
                present=r.present if r else None,
                absent=len(absent[c.id]),
                late_or_early=len(late[c.id] - absent[c.id]),
                source=r.source if r else "",
                reported_by=r.reported_by if r else "",
            )
        )
    return visibility.classes(rows, lambda r: r.class_id)


def class_absences(class_id: int, day: dt.date) -> list[AbsenceInput]:
    visibility.require_class(class_id)
    return [
        AbsenceInput(a.student_id, a.reason, a.period, a.note)
        for a in Absence.select()
        .where((Absence.school_class == class_id) & (Absence.date == day))
        .order_by(Absence.id)
    ]


def leave_prefill(
    class_id: int, day: dt.date, calendar: SchoolCalendar | None = None
) -> list[AbsenceInput]:
    """Students of the class (on that day) on approved leave that day: absent, excused, before
    anyone types."""
    calendar = calendar or load_calendar()
    out = []
    members = membership.members_on(day, [class_id]).get(class_id, [])
    periods = leave_periods_by_student(day, day, calendar, student_ids=members)
    for student_id, days in periods.items():
        if day in days:
            kind = days[day][1]
            out.append(AbsenceInput(student_id, kind, days[day][0].value, "已批准的请假"))
    return out


def report_for(class_id: int, day: dt.date) -> AttendanceReport | None:
    return AttendanceReport.get_or_none(
        (AttendanceReport.school_class == class_id) & (AttendanceReport.date == day)
    )


def future_day_problem(day: dt.date, today: dt.date | None = None) -> str | None:
    """Why a head-count cannot be taken on `day` yet (None: it is today or a past day)."""
    if day > (today or dt.date.today()):
        return f"{day:%Y年%m月%d日}还没到，不能提前点名"
    return None


def _validate(
    class_id: int,
    day: dt.date,
    absences: Iterable[AbsenceInput],
    calendar: SchoolCalendar,
    today: dt.date | None = None,
) -> tuple[SchoolClass, list[int], list[AbsenceInput]]:
    cls = SchoolClass.get_or_none(SchoolClass.id == class_id)
    if cls is None:
        raise AttendanceError("没有这个班级")
    if problem := future_day_problem(day, today):
        raise AttendanceError(problem)
    if not calendar.is_school_day(day):
        raise AttendanceError(f"{day:%Y年%m月%d日}不是上学日，不能点名（请检查校历）")
    roster, names = [], {}
    members = membership.members_on(day, [class_id]).get(class_id, [])
    for sid, name, status in (
        Student.select(Student.id, Student.name, Student.status)
        .where(Student.id.in_(members))
        .order_by(Student.id)
        .tuples()
    ):
        names[sid] = name
        if status in ON_ROLL_VALUES:
            roster.append(sid)
    on_roll = set(roster)
    seen: dict[int, set[Period]] = defaultdict(set)
    clean = []
    for a in absences:
        try:
            reason = AbsenceReason(a.reason)
            period = Period(a.period)
        except ValueError as exc:
            raise AttendanceError(f"缺勤原因或时段无效：{a.reason} {a.period}") from exc
        who = names.get(a.student_id, f"学生{a.student_id}")
        if a.student_id not in on_roll:
            raise AttendanceError(f"{who}不是{cls.name}的在籍学生，不能记缺勤")
        halves = {Period.MORNING, Period.AFTERNOON} if period is Period.FULL else {period}
        if halves & seen[a.student_id]:
            raise AttendanceError(f"{who}同一时段记了两次缺勤")
        seen[a.student_id] |= halves
        clean.append(AbsenceInput(a.student_id, reason.value, period.value, a.note.strip()))
    return cls, roster, clean


def save_class(
    actor: str,
    class_id: int,
    day: dt.date,
    absences: Iterable[AbsenceInput],
    source: str = "manual",
    reported_by: str = "",
    note: str = "",
    calendar: SchoolCalendar | None = None,
    today: dt.date | None = None,
) -> AttendanceReport:
    """Save one class's head-count for `day` in one transaction: its absences replace the ones
    saved before (unchanged rows are kept), 应到 comes from the roster, 实到 = 应到 − absent.
    A day after `today` (default: the computer's date) is refused."""
    guards.for_class(Action.SAVE_HEADCOUNT, class_id)
    calendar = calendar or load_calendar()
    with current().atomic():
        cls, roster, clean = _validate(class_id, day, absences, calendar, today)
        absent_ids = {a.student_id for a in clean if AbsenceReason(a.reason) not in PRESENT_REASONS}
        expected, present = len(roster), len(roster) - len(absent_ids)
        old = {
            (a.student_id, a.period): a
            for a in Absence.select().where((Absence.school_class == cls) & (Absence.date == day))
        }
        new = {(a.student_id, a.period): a for a in clean}
        for key, row in old.items():
            a = new.get(key)
            if a is None:
                audit.delete(row, actor)
            elif (row.reason, row.note) != (a.reason, a.note):
                audit.update(row, actor, reason=a.reason, note=a.note)
        # A student moved from 全天 to 上午 etc. is a delete above and an insert here.
        for key, a in new.items():
            if key not in old:
                audit.create(
                    Absence,
                    actor,
                    date=day,
                    student=a.student_id,
                    school_class=cls,
                    reason=a.reason,
                    period=a.period,
                    note=a.note,
                )
        report = report_for(cls.id, day)
        fields = dict(
            expected=expected,
            present=present,
            reported_by=reported_by or actor,
            source=source,
            note=note,
        )
        if report is None:
            report = audit.create(AttendanceReport, actor, date=day, school_class=cls, **fields)
        else:
            report = audit.update(report, actor, **fields)
    return report


def reported_days(
    spells: list[membership.Membership] | None,
    class_id: int | None,
    reported: dict[int, set[dt.date]],
) -> set[dt.date]:
    """The days on which the class the child was in that day saved its head-count.
    `reported`: class → the days it reported; `spells`: the child's memberships (None: none
    recorded, the child's `class_id` counts)."""
    if not spells:
        return reported.get(class_id, set()) if class_id else set()
    return {
        d
        for cid in {m.class_id for m in spells}
        for d in reported.get(cid, set())
        if membership.on_day(spells, d).class_id == cid
    }
