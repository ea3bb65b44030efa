"""三包 assignments written: 包保 teachers for students (a class confirmed in one go, or many
students reassigned to one teacher), 一帮一 helpers, the principal and the grade leaders, and the
signed 责任书 with its scan. Every write is audited and dated: an assignment replaced on a day
ends the day before, so `responsible_for` still answers for the days it held.

Confirmation counts for a term and a class: an assignment confirmed before this term began, or
for a child since moved to another class (学年升级, 调班), shows in the coverage check as
"延续待确认" until someone confirms it again or reassigns — never dropped silently.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.models import (
    Assignment,
    ResponsibilityLetter,
    SchoolClass,
    Student,
    Teacher,
    stored_day,
)
from kongchuo_desktop.domain.grades import grade_name
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.domain.sanbao import Role
from kongchuo_desktop.domain.student_status import ON_ROLL
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import attachments, audit, guards
from kongchuo_desktop.services.calendar_service import current_school_year, term_containing
from kongchuo_desktop.services.responsibility import heads_on

LETTER_TABLE = "responsibility_letter"  # attachments' owner_table for a 责任书 scan
LETTER_KIND = "责任书"
ON_ROLL_VALUES = [s.value for s in ON_ROLL]


class SanbaoError(UserError, ValueError):
    """An assignment that cannot be made as asked (Chinese text saying why)."""


def term_start(day: dt.date) -> dt.date:
    """The first day of the term containing `day` (a confirmation counts from then)."""
    term = term_containing(day)
    return stored_day(term.start_date) if term is not None else day


def _active_teacher(teacher_id: int) -> Teacher:
    teacher = Teacher.get_or_none(Teacher.id == teacher_id)
    if teacher is None:
        raise SanbaoError(f"找不到编号为 {teacher_id} 的教师")
    if not teacher.active:
        raise SanbaoError(f"{teacher.name}已登记离校，不能再包保学生；请选择在校教师")
    return teacher


def open_rows(role: Role, day: dt.date, **scope) -> list[Assignment]:
    q = Assignment.select().where(
        (Assignment.role == role.value)
        & (Assignment.start_date <= day)
        & (Assignment.end_date.is_null() | (Assignment.end_date >= day))
    )
    for field, value in scope.items():
        q = q.where(getattr(Assignment, field) == value)
    return list(q.order_by(Assignment.start_date))


def hold(actor: str, role: Role, day: dt.date, fields: dict, **scope) -> Assignment:
    """Hold `role` over `scope` from `day` with `fields` (teacher, person_name …): the holder on
    that day ends the day before (or is replaced, when it began that same day). Holding it
    again with the same holder only confirms."""
    guards.school(Action.EDIT_SCHOOL)
    rows = open_rows(role, day, **scope)
    confirmed = {"confirmed_on": day}
    if "student" in scope:  # the class it was confirmed in (a move asks again)
        confirmed["confirmed_class"] = (
            Student.select(Student.school_class).where(Student.id == scope["student"]).scalar()
        )
    keep = None
    for row in rows:
        same = all(getattr(row, f"{k}_id", getattr(row, k, None)) == v for k, v in fields.items())
        if same and keep is None:
            keep = row
            continue
        if stored_day(row.start_date) >= day:
            audit.delete(row, actor)
        else:
            audit.update(row, actor, end_date=day - dt.timedelta(days=1))
    if keep is not None:
        return audit.update(keep, actor, **confirmed)
    return audit.create(
        Assignment,
        actor,
        role=role.value,
        start_date=day,
        recorded_by=actor,
        **confirmed,
        **fields,
        **scope,
    )


def _students(student_ids: Iterable[int]) -> list[Student]:
    ids = list(dict.fromkeys(student_ids))
    found = {s.id: s for s in Student.select().where(Student.id.in_(ids))}
    missing = [i for i in ids if i not in found]
    if missing:
        raise SanbaoError(f"找不到编号为 {'、'.join(map(str, missing))} 的学生")
    return [found[i] for i in ids]


def assign_students(
    actor: str, student_ids: Iterable[int], teacher_id: int, day: dt.date
) -> list[Assignment]:
    """`teacher_id` becomes the 包保 teacher of every student from `day`, confirmed."""
    guards.school(Action.EDIT_SCHOOL)
    with current().atomic():
        teacher = _active_teacher(teacher_id)
        students = _students(student_ids)
        if not students:
            raise SanbaoError("请先选择要改派的学生")
        return [
            hold(actor, Role.GUARANTOR, day, {"teacher": teacher.id}, student=s.id)
            for s in students
        ]


def confirm_class(actor: str, class_id: int, day: dt.date) -> int:
    """确认本班包保: every child on roll in the class keeps the 包保 teacher proposed — the one
    assigned, else the class head — confirmed from `day`. Returns how many were confirmed."""
    guards.school(Action.EDIT_SCHOOL)
    with current().atomic():
        cls = SchoolClass.get_by_id(class_id)
        head = heads_on([cls.id], day).get(cls.id)
        students = list(
            Student.select()
            .where((Student.school_class == cls.id) & Student.status.in_(ON_ROLL_VALUES))
            .order_by(Student.id)
        )
        since = term_start(day)
        count = 0
        for s in students:
            rows = open_rows(Role.GUARANTOR, day, student=s.id)
            row = rows[-1] if rows else None
            if row is not None and row.teacher_id is not None and row.teacher.active:
                if (
                    row.confirmed_on is None
                    or stored_day(row.confirmed_on) < since
                    or row.confirmed_class_id != cls.id
                ):
                    audit.update(row, actor, confirmed_on=day, confirmed_class=cls.id)
                    count += 1
                continue
            if head is None:
                raise SanbaoError(
                    f"{cls.name}没有班主任，无法按班主任确认包保；"
                    "请先在“花名册 → 班级”设置班主任，或选中学生改派给其他教师"
                )
            _active_teacher(head)
            hold(actor, Role.GUARANTOR, day, {"teacher": head}, student=s.id)
            count += 1
        return count


def set_principal(actor: str, teacher_id: int, day: dt.date) -> Assignment:
    """校长包全校 from `day`."""
    guards.school(Action.EDIT_SCHOOL)
    with current().atomic():
        teacher = _active_teacher(teacher_id)
        return hold(actor, Role.PRINCIPAL, day, {"teacher": teacher.id})


def set_grade_leader(actor: str, grade: int, teacher_id: int, day: dt.date) -> Assignment:
    """校领导包年级 (grade 1–9) from `day`."""
    guards.school(Action.EDIT_SCHOOL)
    if not 1 <= grade <= 9:
        raise SanbaoError(f"年级应为1～9（填的是{grade}）")
    with current().atomic():
        teacher = _active_teacher(teacher_id)
        return hold(actor, Role.GRADE_LEADER, day, {"teacher": teacher.id}, grade=grade)


def set_helper(
    actor: str,
    student_id: int,
    teacher_id: int,
    day: dt.date,
    helper_student_id: int | None = None,
) -> Assignment:
    """一帮一: `teacher_id` helps the child from `day`; optionally a classmate too."""
    guards.school(Action.EDIT_SCHOOL)
    with current().atomic():
        teacher = _active_teacher(teacher_id)
        (child,) = _students([student_id])
        row = hold(actor, Role.HELPER, day, {"teacher": teacher.id}, student=child.id)
        if helper_student_id is not None:
            if helper_student_id == child.id:
                raise SanbaoError(f"{child.name}不能帮扶自己，请选择另一名学生")
            (mate,) = _students([helper_student_id])
            hold(
                actor,
                Role.STUDENT_HELPER,
                day,
                {"helper_student": mate.id, "person_name": mate.name},
                student=child.id,
            )
        return row


def end_helpers(actor: str, student_id: int, day: dt.date) -> int:
    """一帮一 ends: the helpers of the child hold until the day before `day`."""
    guards.school(Action.EDIT_SCHOOL)
    with current().atomic():
        count = 0
        for role in (Role.HELPER, Role.STUDENT_HELPER):
            for row in open_rows(role, day, student=student_id):
                audit.update(row, actor, end_date=day - dt.timedelta(days=1))
                count += 1
        return count


def sign_letter(
    actor: str, teacher_id: int, signed_on: dt.date, scan: Path | None = None
) -> ResponsibilityLetter:
    """The teacher signed the 责任书 on `signed_on`: it covers every assignment the teacher holds
    that day and no letter covers yet. A scan (photo or PDF) goes to the attachments store."""
    guards.school(Action.EDIT_SCHOOL)
    with current().atomic():
        teacher = Teacher.get_by_id(teacher_id)
        rows = list(
            Assignment.select().where(
                (Assignment.teacher == teacher.id)
                & Assignment.letter.is_null()
                & (Assignment.start_date <= signed_on)
                & (Assignment.end_date.is_null() | (Assignment.end_date >= signed_on))
            )
        )
        if not rows:
            raise SanbaoError(f"{teacher.name}在{signed_on:%Y-%m-%d}没有待签责任书的包保任务")
        letter = audit.create(
            ResponsibilityLetter,
            actor,
            teacher=teacher.id,
            school_year=current_school_year(signed_on) or "",
            signed_on=signed_on,
            recorded_by=actor,
        )
        for row in rows:
            audit.update(row, actor, letter=letter.id)
        if scan is not None:
            attachments.add_file(actor, Path(scan), LETTER_KIND, LETTER_TABLE, letter.id)
        return letter


def scope_text(row: Assignment) -> str:
    """What an assignment covers, in words: 全校, 七年级, the student's name, the village."""
    if row.role == Role.PRINCIPAL.value:
        return "全校"
    if row.grade is not None:
        return grade_name(row.grade)
    if row.student_id is not None:
        return row.student.name
    if row.village_id is not None:
        return row.village.name + row.village.group_name
    return ""
