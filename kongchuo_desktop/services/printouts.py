"""What the printed pages show, gathered here so that the views only lay it out (views.printouts):
the class list (花名册) of one class or all, a blank weekly 点名表 per class, a student's 档案 and
the leave form (请假条) of a request. Plain frozen rows; no Qt.

ID numbers are printed in full, as the 花名册 screen, the student page and the .xlsx export show
them (a screen that masks them would mask them here too).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kongchuo_desktop.db.models import CalendarDay, LeaveRequest, SchoolClass, Student
from kongchuo_desktop.domain.school_calendar import DayKind
from kongchuo_desktop.domain.status_rules import GONE
from kongchuo_desktop.domain.student_status import ON_ROLL, StudentStatus
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import membership, visibility
from kongchuo_desktop.services.attendance.leave import leave_row
from kongchuo_desktop.services.calendar_service import (
    current_school_year,
    load_calendar,
    term_containing,
)
from kongchuo_desktop.services.events import EventKind
from kongchuo_desktop.services.roster_queries import (
    FlagRow,
    GuardianRow,
    class_rows,
    student_detail,
    student_rows,
)
from kongchuo_desktop.services.school_setup import the_school

WEEKDAYS = "一二三四五六日"


class PrintoutError(UserError, ValueError):
    """Nothing to print, or the thing asked for does not exist; the message says which."""


def school_name() -> str:
    school = the_school()
    return school.name if school else ""


# ---- 花名册 -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListedStudent:
    name: str
    sex: str
    birth_date: str  # 2013-05-07, or "" when unknown
    student_number: str  # 学籍号
    id_number: str  # 身份证件号, in full (see the module docstring)
    note: str  # the status when it is not plain 在校 (休学, 随班就读 …)


@dataclass(frozen=True)
class ClassList:
    class_id: int
    class_name: str
    school_year: str
    head_teacher: str
    students: tuple[ListedStudent, ...]


def class_lists(class_id: int | None = None, school_year: str | None = None) -> list[ClassList]:
    """The class list of `class_id`, or of every class of the year that has students, in the
    school's order. The students are those the 花名册 screen lists in the class (this year: all
    but those who left school — 转出, 毕业, 死亡; an earlier year: who ended it there), in the
    screen's order (by pinyin)."""
    year = school_year or current_school_year() or ""
    this_year = year == current_school_year()
    gone = {s.value for s in GONE}
    by_class: dict[int, list[ListedStudent]] = {}
    for r in student_rows(year):
        if r.class_id is None or (this_year and r.status in gone):
            continue
        by_class.setdefault(r.class_id, []).append(
            ListedStudent(
                r.name,
                r.sex,
                r.birth_date.isoformat() if r.birth_date else "",
                r.student_number,
                r.id_number,
                "" if r.status == StudentStatus.IN_SCHOOL else r.status,
            )
        )
    out = []
    for c in class_rows(year):
        students = tuple(by_class.get(c.id, ()))
        if class_id is None and not students:
            continue
        if class_id is not None and c.id != class_id:
            continue
        out.append(ClassList(c.id, c.name, c.school_year, c.head_teacher, students))
    if not out:
        raise PrintoutError(
            "所选班级不在这一学年" if class_id is not None else f"{year}学年还没有学生可以打印"
        )
    return out


# ---- 每周点名表 ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterDay:
    date: dt.date
    school_day: bool
    note: str  # why there is no school (国庆节, 寒暑假 …), or 调休上班 on a weekend school day

    @property
    def label(self) -> str:
        return f"{self.date.month}月{self.date.day}日 周{WEEKDAYS[self.date.weekday()]}"


@dataclass(frozen=True)
class RegisterClass:
    class_id: int
    class_name: str
    head_teacher: str
    students: tuple[str, ...]  # names, in the class list's order


@dataclass(frozen=True)
class WeeklyRegister:
    monday: dt.date
    week_of_term: int | None  # 第N周 of the term the week is in; None outside every term
    days: tuple[RegisterDay, ...]
    classes: tuple[RegisterClass, ...]

    @property
    def period(self) -> str:
        """“第13周 11月30日至12月4日”"""
        first, last = self.days[0].date, self.days[-1].date
        week = f"第{self.week_of_term}周 " if self.week_of_term else ""
        return f"{week}{first:%Y年}{first.month}月{first.day}日至{last.month}月{last.day}日"


def week_days(day: dt.date) -> list[RegisterDay]:
    """Monday to Friday of the week of `day`, each a school day or marked with why not, and a
    Saturday or Sunday only when the calendar makes it a school day (调休上班)."""
    calendar = load_calendar()
    monday = day - dt.timedelta(days=day.weekday())
    week = [monday + dt.timedelta(days=n) for n in range(7)]
    names = {
        d.date: (d.name or d.kind) for d in CalendarDay.select().where(CalendarDay.date.in_(week))
    }
    out = []
    for d in week:
        school = calendar.is_school_day(d)
        if d.weekday() >= 5 and not school:
            continue
        if school:
            note = (
                names.get(d, "") if calendar.special_days.get(d) is DayKind.MAKEUP_WORKDAY else ""
            )
        elif not calendar.in_term(d):
            note = "不在学期内"
        else:
            note = names.get(d, "放假")
        out.append(RegisterDay(d, school, note))
    return out


def weekly_register(day: dt.date, class_id: int | None = None) -> WeeklyRegister:
    """The blank 点名表 of the week of `day`: its days, and for each class in use (or `class_id`)
    the children on the roll (应到) in the class on the week's first school day."""
    days = week_days(day)
    first_day = next((d.date for d in days if d.school_day), None)
    if first_day is None:
        why = "、".join(sorted({d.note for d in days}))
        raise PrintoutError(
            f"{days[0].date:%Y-%m-%d}这一周没有上学日（{why}），不需要点名表；请选择上学的一周"
        )
    classes = [c for c in class_rows(current_school_year(first_day)) if not c.archived]
    if class_id is not None:
        visibility.require_class(class_id)
        classes = [c for c in classes if c.id == class_id]
    classes = visibility.classes(classes, lambda c: c.id)
    if not classes:
        raise PrintoutError("没有正在使用的班级可以打印点名表")
    members = membership.members_on(first_day, [c.id for c in classes])
    on_roll = {s.value for s in ON_ROLL}
    ids = [sid for ids in members.values() for sid in ids]
    students = {
        sid: (name, py, status)
        for sid, name, py, status in Student.select(
            Student.id, Student.name, Student.name_pinyin, Student.status
        )
        .where(Student.id.in_(ids))
        .tuples()
    }
    out = []
    for c in classes:
        mine = [students[sid] for sid in members.get(c.id, []) if sid in students]
        names = tuple(
            name for name, _py, status in sorted(mine, key=lambda s: s[1]) if status in on_roll
        )
        out.append(RegisterClass(c.id, c.name, c.head_teacher, names))
    monday = days[0].date  # Monday to Friday are always there
    term = term_containing(first_day)
    week = None
    if term is not None and term.start_date <= first_day <= term.end_date:
        term_monday = term.start_date - dt.timedelta(days=term.start_date.weekday())
        week = (monday - term_monday).days // 7 + 1
    return WeeklyRegister(monday, week, tuple(days), tuple(out))


# ---- 学生档案 -----------------------------------------------------------------------------------

ATTENDANCE_KINDS = frozenset({EventKind.ABSENCE, EventKind.LEAVE, EventKind.STEP_DONE})
ATTENDANCE_CATEGORIES = frozenset(k.category for k in ATTENDANCE_KINDS)


@dataclass(frozen=True)
class RecordLine:
    date: dt.date
    kind: str
    text: str
    detail: str = ""
    withdrawn: bool = False


@dataclass(frozen=True)
class StudentRecord:
    name: str
    class_name: str
    status: str
    fields: tuple[tuple[str, str], ...]  # the register fields, as the student page shows them
    guardians: tuple[GuardianRow, ...]
    flags: tuple[FlagRow, ...]
    history: tuple[RecordLine, ...]  # 建档, classes, status changes, flags: oldest first
    attendance_since: dt.date
    attendance: tuple[RecordLine, ...]  # absences, leave, reports made since attendance_since


def student_record(student_id: int, today: dt.date | None = None) -> StudentRecord:
    """The student page as printed: the register fields, guardians, at-risk flags, the history of
    status and class, and the absences and leave of this term (the last 120 days outside a
    term)."""
    today = today or dt.date.today()
    if Student.get_or_none(Student.id == student_id) is None:
        raise PrintoutError("这名学生已不在数据中")
    d = student_detail(student_id)
    term = term_containing(today)
    since = term.start_date if term is not None else today - dt.timedelta(days=120)
    history, attendance = [], []
    for e in d.timeline:
        line = RecordLine(e.date, e.kind, e.text, e.detail, e.withdrawn)
        if e.kind not in ATTENDANCE_CATEGORIES:
            history.append(line)
        elif since <= e.date <= today:
            attendance.append(line)
    return StudentRecord(
        d.student.name,
        d.class_name,
        d.student.status,
        tuple(d.fields),
        tuple(d.guardians),
        tuple(d.flags),
        tuple(history),
        since,
        tuple(attendance),
    )


# ---- 请假条 -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    role: str  # 班主任, 教务处, 校长
    by: str  # who recorded it ("" while nobody has)
    at: str  # 2026-11-30 08:15 ("" while nobody has)
    rejected: str  # the reason when this role refused; "" for an approval or no decision yet


@dataclass(frozen=True)
class LeaveForm:
    number: int
    student_name: str
    sex: str
    class_name: str
    head_teacher: str
    kind: str  # 病假 / 事假
    start: dt.date
    start_half: str
    end: dt.date
    end_half: str
    days: float  # school days
    reason: str
    requested_by: str
    state: str
    decisions: tuple[Decision, ...]  # one per role the rules require, in order
    returned_on: dt.date | None
    recorded_on: dt.date  # the day the request was entered


def leave_form(leave_id: int) -> LeaveForm:
    leave = LeaveRequest.get_or_none(LeaveRequest.id == leave_id)
    if leave is None:
        raise PrintoutError("这条请假已不在数据中")
    row = leave_row(leave_id)
    student = leave.student
    cls: SchoolClass | None = student.school_class
    head = cls.head_teacher.name if cls is not None and cls.head_teacher_id else ""
    recorded = {a.get("role", ""): a for a in (leave.approvals or [])}
    roles = list(row.required) + [r for r in recorded if r not in row.required]
    decisions = []
    for role in roles:
        a = recorded.get(role, {})
        at = str(a.get("at", "")).replace("T", " ")[:16]
        decisions.append(Decision(role, a.get("by", ""), at, a.get("rejected", "")))
    created = leave.created_at
    return LeaveForm(
        leave.id,
        student.name,
        student.sex,
        row.class_name,
        head,
        row.kind,
        row.start_date,
        row.start_half,
        row.end_date,
        row.end_half,
        row.days,
        row.reason,
        row.requested_by,
        row.state,
        tuple(decisions),
        row.returned_on,
        created.date() if isinstance(created, dt.datetime) else row.start_date,
    )
