"""送教上门: each child with that status gets a plan (teachers, visits a month, lessons a visit) and
visit records (day, teachers, lessons, content, the parent's signature noted, photos); the list
says who is on plan this month and what was done this term, and exports to .xlsx.

Rules are in domain.home_teaching; the defaults of a new plan are the settings of 设置 → 送教上门.
Every write is audited; photos go through services.attachments (owner "home_teaching_visit").
The visits are facts of the event record (services.events, EventKind.HOME_TEACHING_VISIT).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from kongchuo_desktop import settings
from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.models import RiskFlag, SchoolClass, Student, Teacher, stored_day
from kongchuo_desktop.db.outreach_models import HomeTeachingPlan, HomeTeachingVisit
from kongchuo_desktop.domain import home_teaching as rules
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.domain.student_status import StudentStatus
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import attachments, audit, calendar_service, guards, visibility
from kongchuo_desktop.services.table_export import ShownTable, export_table

VISIT_TABLE = "home_teaching_visit"
PHOTO_KIND = "送教照片"


class HomeTeachingError(UserError, ValueError):
    pass


@dataclass(frozen=True)
class Plan:
    student_id: int
    teacher_ids: tuple[int, ...]
    teachers: str  # names, 、-separated
    visits_per_month: int
    min_lessons: int
    start_date: dt.date
    note: str


@dataclass(frozen=True)
class Visit:
    id: int
    student_id: int
    date: dt.date
    teacher_ids: tuple[int, ...]
    teachers: str
    lessons: int
    content: str
    parent_signed: bool
    signed_by: str
    photos: int
    counts: bool  # makes up one of the planned visits


@dataclass(frozen=True)
class HomeTeachingRow:
    """One child of the 送教上门 list."""

    student_id: int
    name: str
    sex: str
    class_name: str
    disability: str
    address: str
    plan: Plan | None
    month: rules.MonthProgress
    term_visits: int
    term_lessons: int
    last_visit: dt.date | None
    signed: int  # visits this term with the parent's signature

    @property
    def teachers(self) -> str:
        return self.plan.teachers if self.plan else "（未制定计划）"

    @property
    def plan_text(self) -> str:
        p = self.plan
        if p is None:
            return "未制定计划"
        return f"每月{p.visits_per_month}次，每次≥{p.min_lessons}课时"


def _names() -> dict[int, str]:
    return dict(Teacher.select(Teacher.id, Teacher.name).tuples())


def _teacher_text(ids: Iterable[int], names: dict[int, str]) -> str:
    return "、".join(names.get(i, f"#{i}") for i in ids)


def _plan(row: HomeTeachingPlan, names: dict[int, str]) -> Plan:
    ids = tuple(row.teacher_ids or ())
    return Plan(
        row.student_id,
        ids,
        _teacher_text(ids, names),
        row.visits_per_month,
        row.min_lessons,
        stored_day(row.start_date),
        row.note,
    )


def _student(student_id: int) -> Student:
    student = Student.get_or_none(Student.id == student_id)
    if student is None:
        raise HomeTeachingError(f"没有编号为 {student_id} 的学生")
    return student


def _check_teachers(teacher_ids: list[int]) -> None:
    known = {t for (t,) in Teacher.select(Teacher.id).where(Teacher.id.in_(teacher_ids)).tuples()}
    unknown = [str(t) for t in teacher_ids if t not in known]
    if unknown:
        raise HomeTeachingError(f"没有这些教师：{'、'.join(unknown)}")


def plan_for(student_id: int) -> Plan | None:
    row = HomeTeachingPlan.get_or_none(HomeTeachingPlan.student == student_id)
    return None if row is None else _plan(row, _names())


def save_plan(
    actor: str,
    student_id: int,
    teacher_ids: list[int],
    *,
    start_date: dt.date,
    visits_per_month: int | None = None,
    min_lessons: int | None = None,
    note: str = "",
) -> Plan:
    """Make or change the child's plan. Numbers left out take the settings' defaults."""
    guards.for_student(Action.EDIT_CASES, student_id)
    student = _student(student_id)
    if student.status != StudentStatus.HOME_TEACHING:
        raise HomeTeachingError(
            f"{student.name}的学籍状态是“{student.status}”，不是“送教上门”：请先在学籍变动中改为送教上门"
        )
    if not teacher_ids:
        raise HomeTeachingError("送教计划至少要有一名送教教师")
    _check_teachers(teacher_ids)
    per_month = visits_per_month or settings.get("home_teaching.visits_per_month")
    lessons = min_lessons or settings.get("home_teaching.min_lessons")
    if per_month < 1 or lessons < 1:
        raise HomeTeachingError("每月送教次数和每次课时数都至少为1")
    fields = dict(
        teacher_ids=list(teacher_ids),
        visits_per_month=per_month,
        min_lessons=lessons,
        start_date=start_date,
        note=note.strip(),
    )
    with current().atomic():
        row = HomeTeachingPlan.get_or_none(HomeTeachingPlan.student == student_id)
        if row is None:
            row = audit.create(HomeTeachingPlan, actor, student=student_id, **fields)
        else:
            row = audit.update(row, actor, **fields)
    return _plan(row, _names())


def record_visit(
    actor: str,
    student_id: int,
    day: dt.date,
    teacher_ids: list[int],
    lessons: int,
    content: str,
    *,
    parent_signed: bool = False,
    signed_by: str = "",
    photos: Iterable[Path] = (),
    today: dt.date | None = None,
) -> Visit:
    """Record a visit made, with its photos; nothing is saved when any part is refused (a photo
    that is not an image, a day still to come …)."""
    guards.for_student(Action.ADD_CONTACTS, student_id, day)
    student = _student(student_id)
    today = today or dt.date.today()
    why = rules.problems(day, lessons, list(teacher_ids), today)
    if why:
        raise HomeTeachingError("；".join(why))
    _check_teachers(list(teacher_ids))
    if student.status != StudentStatus.HOME_TEACHING:
        raise HomeTeachingError(f"{student.name}的学籍状态不是“送教上门”，不能记录送教")
    with current().atomic():
        row = audit.create(
            HomeTeachingVisit,
            actor,
            student=student_id,
            date=day,
            teacher_ids=list(teacher_ids),
            lessons=lessons,
            content=content.strip(),
            parent_signed=parent_signed,
            signed_by=signed_by.strip() if parent_signed else "",
            recorded_by=actor,
        )
        for path in photos:
            attachments.add_file(actor, Path(path), PHOTO_KIND, VISIT_TABLE, row.id)
    return visits(student_id, only=row.id)[0]


def visits(student_id: int, *, only: int | None = None) -> list[Visit]:
    """The child's visits, newest first."""
    q = HomeTeachingVisit.select().where(HomeTeachingVisit.student == student_id)
    if only is not None:
        q = q.where(HomeTeachingVisit.id == only)
    rows = list(q.order_by(HomeTeachingVisit.date.desc(), HomeTeachingVisit.id.desc()))
    plan = HomeTeachingPlan.get_or_none(HomeTeachingPlan.student == student_id)
    min_lessons = plan.min_lessons if plan else settings.get("home_teaching.min_lessons")
    min_teachers = settings.get("home_teaching.min_teachers")
    names = _names()
    out = []
    for v in rows:
        ids = tuple(v.teacher_ids or ())
        facts = rules.VisitFacts(stored_day(v.date), v.lessons, len(ids))
        out.append(
            Visit(
                v.id,
                v.student_id,
                facts.date,
                ids,
                _teacher_text(ids, names),
                v.lessons,
                v.content,
                v.parent_signed,
                v.signed_by,
                len(attachments.list_for(VISIT_TABLE, v.id)),
                rules.counts(facts, min_lessons, min_teachers),
            )
        )
    return out


def _term_bounds(today: dt.date) -> tuple[dt.date, dt.date]:
    term = calendar_service.term_containing(today)
    if term is None:
        return rules.month_bounds(today)
    return stored_day(term.start_date), stored_day(term.end_date)


def rows(today: dt.date | None = None) -> list[HomeTeachingRow]:
    """Every child whose status is 送教上门, by class then name, with this month's and this
    term's figures."""
    today = today or dt.date.today()
    students = list(
        Student.select()
        .where(Student.status == StudentStatus.HOME_TEACHING.value)
        .order_by(Student.school_class, Student.name_pinyin)
    )
    ids = [s.id for s in students]
    classes = {c.id: c.name for c in SchoolClass.select()}
    names = _names()
    plans = {
        p.student_id: p for p in HomeTeachingPlan.select().where(HomeTeachingPlan.student.in_(ids))
    }
    # 残疾类型 from the register, else the note of the child's 残疾 flag ("肢体残疾二级").
    flagged = dict(
        RiskFlag.select(RiskFlag.student, RiskFlag.note)
        .where(RiskFlag.student.in_(ids) & (RiskFlag.flag == "残疾"))
        .tuples()
    )
    by_student: dict[int, list[HomeTeachingVisit]] = defaultdict(list)
    for v in HomeTeachingVisit.select().where(HomeTeachingVisit.student.in_(ids)):
        by_student[v.student_id].append(v)
    term_first, term_last = _term_bounds(today)
    min_teachers = settings.get("home_teaching.min_teachers")
    default_per_month = settings.get("home_teaching.visits_per_month")
    default_lessons = settings.get("home_teaching.min_lessons")
    out = []
    for s in students:
        plan_row = plans.get(s.id)
        plan = _plan(plan_row, names) if plan_row else None
        facts = [
            rules.VisitFacts(stored_day(v.date), v.lessons, len(v.teacher_ids or ()))
            for v in by_student[s.id]
        ]
        month = rules.month_progress(
            facts,
            today,
            plan.visits_per_month if plan else default_per_month,
            plan.min_lessons if plan else default_lessons,
            min_teachers,
            plan.start_date if plan else None,
        )
        term = [
            (f, v)
            for f, v in zip(facts, by_student[s.id], strict=True)
            if term_first <= f.date <= min(term_last, today)
        ]
        out.append(
            HomeTeachingRow(
                s.id,
                s.name,
                s.sex,
                classes.get(s.school_class_id, "未分班"),
                s.disability_type or flagged.get(s.id, ""),
                s.address,
                plan,
                month,
                len(term),
                sum(f.lessons for f, _ in term),
                max((f.date for f in facts), default=None),
                sum(1 for _, v in term if v.parent_signed),
            )
        )
    return visibility.students(out, lambda r: r.student_id, today)


def behind_plan(today: dt.date | None = None) -> list[HomeTeachingRow]:
    """The children not (yet) on plan this month: fewer counted visits than the plan asks."""
    return [r for r in rows(today) if r.month.behind]


EXPORT_HEADER = (
    "姓名",
    "性别",
    "班级",
    "残疾类型",
    "现住址",
    "送教教师",
    "送教计划",
    "本月送教次数",
    "本月应送教次数",
    "本学期送教次数",
    "本学期送教课时",
    "家长签字次数",
    "最近一次送教",
)


def shown_table(school: str, today: dt.date) -> ShownTable:
    first, last = _term_bounds(today)
    body = [
        (
            r.name,
            r.sex,
            r.class_name,
            r.disability,
            r.address,
            r.teachers,
            r.plan_text,
            r.month.counted,
            r.month.required,
            r.term_visits,
            r.term_lessons,
            r.signed,
            r.last_visit.isoformat() if r.last_visit else "",
        )
        for r in rows(today)
    ]
    return ShownTable(
        f"{school} 送教上门学生信息统计表",
        f"本学期 {first:%Y-%m-%d} 至 {min(last, today):%Y-%m-%d}；本月为 {today:%Y年%m月}",
        EXPORT_HEADER,
        body,
        sheet_name=rules.NAME,
        widths=(9, 5, 11, 14, 24, 18, 22, 8, 8, 8, 8, 8, 12),
    )


def export_xlsx(
    path: Path | str,
    school: str,
    today: dt.date | None = None,
    *,
    overwrite: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Path:
    """The 送教上门 list with this term's visits and lessons, as an .xlsx."""
    return export_table(
        path, shown_table(school, today or dt.date.today()), progress, overwrite=overwrite
    )


def visits_between(
    first: dt.date, last: dt.date, student_ids: list[int] | None
) -> list[HomeTeachingVisit]:
    """The visit rows dated first … last (the event record's source)."""
    q = HomeTeachingVisit.select().where(HomeTeachingVisit.date.between(first, last))
    if student_ids is not None:
        q = q.where(HomeTeachingVisit.student.in_(student_ids))
    return list(q.order_by(HomeTeachingVisit.date, HomeTeachingVisit.id))
