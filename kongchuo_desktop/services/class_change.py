"""调班: move a child to another class of the current 学年.

Until now only a new roster import could move a child, so a 休学 ninth-grader kept in last
year's (archived) class by 学年升级 stayed out of every head-count after 复学. The move is a new
dated membership (services.membership) from the day it takes effect, so the head-count, the
timeline and the report know the child's class on every day before and after.
"""

from __future__ import annotations

import datetime as dt

from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.models import SchoolClass, Student
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.domain.status_rules import GONE
from kongchuo_desktop.domain.student_status import StudentStatus
from kongchuo_desktop.services import guards, membership
from kongchuo_desktop.services.calendar_service import current_school_year
from kongchuo_desktop.services.class_choice import ClassChoice
from kongchuo_desktop.services.roster_queries import RosterError


def classes_to_move_to(student_id: int) -> list[ClassChoice]:
    """This year's classes the child could move to, in grade order (not the one it is in)."""
    student = Student.get_by_id(student_id)
    return [
        ClassChoice(c.id, c.name)
        for c in SchoolClass.select()
        .where(
            (SchoolClass.school_year == current_school_year())
            & (SchoolClass.archived == False)  # noqa: E712
            & (SchoolClass.id != (student.school_class_id or 0))
        )
        .order_by(SchoolClass.grade, SchoolClass.number)
    ]


def move_to_class(
    actor: str,
    student_id: int,
    class_id: int,
    day: dt.date | None = None,
    today: dt.date | None = None,
) -> Student:
    """Put the child in `class_id` (a class of the current year) from `day`, the day the move
    takes effect (default today), or raise RosterError. A day after `today` is refused; moving
    the child back on the day a move took effect withdraws that move."""
    guards.school(Action.EDIT_ROSTER)
    today = today or dt.date.today()
    day = day or today
    with current().atomic():
        student = Student.get_by_id(student_id)
        target = SchoolClass.get_by_id(class_id)
        if target.archived:
            raise RosterError(f"{target.name}（{target.school_year}）是往年的班级，不能调入")
        if StudentStatus(student.status) in GONE:
            raise RosterError(f"{student.name}已“{student.status}”，不能调班")
        if student.school_class_id == target.id:
            raise RosterError(f"{student.name}已经在{target.name}")
        if day > today:
            raise RosterError(f"调班日期 {day} 晚于今天（{today}），只能登记已经生效的调班")
        try:
            membership.place(actor, student, target, day, today=today)
        except membership.MembershipError as exc:
            raise RosterError(str(exc)) from exc
    return student
