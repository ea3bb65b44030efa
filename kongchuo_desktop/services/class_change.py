"""调班: move a child to another class of the current 学年.

Until now only a new roster import could move a child, so a 休学 ninth-grader kept in last
year's (archived) class by 学年升级 stayed out of every head-count after 复学. The move is one
audited update of the student and of the year's Enrollment; the timeline shows it as 调班.
"""

from __future__ import annotations

from dataclasses import dataclass

from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.models import Enrollment, SchoolClass, Student
from kongchuo_desktop.domain.status_rules import GONE
from kongchuo_desktop.domain.student_status import StudentStatus
from kongchuo_desktop.services import audit
from kongchuo_desktop.services.roster_queries import RosterError


@dataclass(frozen=True)
class ClassChoice:
    id: int
    name: str


def classes_to_move_to(student_id: int) -> list[ClassChoice]:
    """This year's classes the child could move to, in grade order (not the one it is in)."""
    from kongchuo_desktop.services.roster_import import current_school_year

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


def move_to_class(actor: str, student_id: int, class_id: int) -> Student:
    """Put the child in `class_id` (a class of the current year), or raise RosterError."""
    with current().atomic():
        student = Student.get_by_id(student_id)
        target = SchoolClass.get_by_id(class_id)
        if target.archived:
            raise RosterError(f"{target.name}（{target.school_year}）是往年的班级，不能调入")
        if StudentStatus(student.status) in GONE:
            raise RosterError(f"{student.name}已“{student.status}”，不能调班")
        if student.school_class_id == target.id:
            raise RosterError(f"{student.name}已经在{target.name}")
        audit.update(student, actor, school_class=target)
        enrollment = Enrollment.get_or_none(
            (Enrollment.student == student) & (Enrollment.school_year == target.school_year)
        )
        if enrollment is None:
            audit.create(
                Enrollment,
                actor,
                student=student,
                school_class=target,
                school_year=target.school_year,
            )
        else:
            audit.update(enrollment, actor, school_class=target)
    return student
