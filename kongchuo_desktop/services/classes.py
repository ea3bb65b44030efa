"""班级: correcting the classes of the current 学年 — rename, merge two, remove one made by mistake.

A class's name is its grade and number (七年级9班), unique in its year. Merging moves every child
still in the class (not those who left school) into the other class from a day, as a dated 调班
each (services.class_change, services.membership), then closes the class: it stays readable (its
head-counts, its children's history) but is no longer in use (no head-count is expected from it).
Only a class that never had a child nor a head-count can be removed; any other is merged.
"""

from __future__ import annotations

import datetime as dt

from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.models import (
    Absence,
    AttendanceReport,
    ClassHead,
    Enrollment,
    SchoolClass,
    Student,
)
from kongchuo_desktop.domain import roster_values as rv
from kongchuo_desktop.domain.grades import SCHOOL_TYPE_GRADES, class_name, grade_name
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.domain.status_rules import GONE
from kongchuo_desktop.services import audit, class_change, guards
from kongchuo_desktop.services.calendar_service import current_school_year
from kongchuo_desktop.services.roster_queries import RosterError
from kongchuo_desktop.services.school_setup import the_school


def _class_in_use(class_id: int, doing: str) -> SchoolClass:
    cls = SchoolClass.get_by_id(class_id)
    if cls.school_year != current_school_year():
        raise RosterError(f"{cls.name}（{cls.school_year}）是往年的班级，不能{doing}")
    if cls.archived:
        raise RosterError(f"{cls.name}已经并入其他班级，不能{doing}")
    return cls


def parse_class_name(text: str, grade: int) -> tuple[int, int]:
    """ "七年级3班", "3班", "(3)班" or "703班" → (grade, number); without a grade, `grade`."""
    try:
        key = rv.school_class(text)
    except ValueError as exc:
        raise RosterError(str(exc)) from exc
    if key is None:
        raise RosterError("请填写新的班级名称，如 七年级3班")
    return key[0] or grade, key[1]


def rename_class(actor: str, class_id: int, new_name: str) -> SchoolClass:
    """Give a class of this year another name (grade and number), unique in the year."""
    guards.school(Action.EDIT_ROSTER)
    with current().atomic():
        cls = _class_in_use(class_id, "改名")
        grade, number = parse_class_name(new_name, cls.grade)
        school = the_school()
        if school is not None and grade not in SCHOOL_TYPE_GRADES[school.school_type]:
            raise RosterError(f"本校没有{grade_name(grade)}")
        if (grade, number) == (cls.grade, cls.number):
            raise RosterError(f"班级已经叫{cls.name}")
        taken = SchoolClass.get_or_none(
            (SchoolClass.school_year == cls.school_year)
            & (SchoolClass.grade == grade)
            & (SchoolClass.number == number)
        )
        if taken is not None:
            extra = "（已并入其他班级的班也占着这个名称）" if taken.archived else ""
            raise RosterError(
                f"本学年已经有{class_name(grade, number)}{extra}；"
                "要把两个班合成一个，请用“合并班级”"
            )
        return audit.update(cls, actor, grade=grade, number=number)


def merge_choices(class_id: int) -> list[tuple[int, str]]:
    """The classes of this year (in use) a class can be merged into, in grade order."""
    return [
        (c.id, c.name)
        for c in SchoolClass.select()
        .where(
            (SchoolClass.school_year == current_school_year())
            & (SchoolClass.archived == False)  # noqa: E712 - peewee expression
            & (SchoolClass.id != class_id)
        )
        .order_by(SchoolClass.grade, SchoolClass.number)
    ]


def merge_classes(
    actor: str,
    from_id: int,
    into_id: int,
    day: dt.date,
    today: dt.date | None = None,
) -> int:
    """Move every child still at school in class `from_id` into `into_id` from `day` (a dated
    调班 each) and close `from_id`. Returns how many children moved. All or nothing."""
    guards.school(Action.EDIT_ROSTER)
    today = today or dt.date.today()
    with current().atomic():
        source = _class_in_use(from_id, "合并")
        target = SchoolClass.get_by_id(into_id)
        if target.id == source.id:
            raise RosterError("请选择另一个班级")
        if target.school_year != source.school_year or target.archived:
            raise RosterError(f"{target.name}不是本学年在用的班级，不能并入")
        if day > today:
            raise RosterError(f"合并日期 {day} 晚于今天（{today}），只能登记已经生效的合并")
        gone = [s.value for s in GONE]
        children = list(
            Student.select()
            .where((Student.school_class == source.id) & Student.status.not_in(gone))
            .order_by(Student.id)
        )
        for child in children:
            class_change.move_to_class(actor, child.id, target.id, day, today=today)
        audit.update(source, actor, archived=True)
    return len(children)


def why_not_removable(class_id: int) -> str | None:
    """Why a class cannot be removed (None: it never had a child nor a head-count)."""
    cls = SchoolClass.get_by_id(class_id)
    if cls.school_year != current_school_year():
        return f"{cls.name}（{cls.school_year}）是往年的班级，不能删除"
    children = {
        sid
        for (sid,) in Enrollment.select(Enrollment.student)
        .where(Enrollment.school_class == cls.id)
        .tuples()
    }
    children |= {
        sid for (sid,) in Student.select(Student.id).where(Student.school_class == cls.id).tuples()
    }
    if children:
        return (
            f"{cls.name}有过学生（{len(children)}人），不能删除，否则他们的记录会缺少班级；"
            "可以把它合并到另一个班"
        )
    reports = AttendanceReport.select().where(AttendanceReport.school_class == cls.id).count()
    absences = Absence.select().where(Absence.school_class == cls.id).count()
    if reports or absences:
        return f"{cls.name}已有点名记录（{reports}天），不能删除"
    return None


def remove_class(actor: str, class_id: int) -> str:
    """Remove a class made by mistake (never had a child nor a head-count); returns its name."""
    guards.school(Action.EDIT_ROSTER)
    with current().atomic():
        why = why_not_removable(class_id)
        if why:
            raise RosterError(why)
        cls = SchoolClass.get_by_id(class_id)
        name = cls.name
        for head in ClassHead.select().where(ClassHead.school_class == cls.id):
            audit.delete(head, actor)
        audit.delete(cls, actor)
    return name
