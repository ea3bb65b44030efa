"""Classes and rosters for the head-count: the classes in use, a class's students on the roll (应到),
and what every attendance module shares (AttendanceError, ON_ROLL_VALUES, stored_day).

应到 is the class's students on the roll (domain.student_status.ON_ROLL), counted in the class each
child was in on the day (services.membership).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kongchuo_desktop.db.fast_reads import sql_rows
from kongchuo_desktop.db.models import SchoolClass, Student
from kongchuo_desktop.domain.student_status import ON_ROLL
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import membership, visibility
from kongchuo_desktop.services.calendar_service import current_school_year
from kongchuo_desktop.services.class_choice import ClassChoice

ON_ROLL_VALUES = sorted(s.value for s in ON_ROLL)


class AttendanceError(UserError, ValueError):
    """A head-count, leave or escalation action that cannot be saved; the message says why."""


def current_classes(day: dt.date | None = None) -> list[SchoolClass]:
    """The classes in use: this 学年's, not archived."""
    year = current_school_year(day)
    q = SchoolClass.select().where(SchoolClass.archived == False)  # noqa: E712
    if year:
        q = q.where(SchoolClass.school_year == year)
    return list(q.order_by(SchoolClass.grade, SchoolClass.number))


def current_class_numbers(day: dt.date | None = None) -> list[tuple[int, int, int]]:
    """(id, grade, number) of `current_classes`, in the same order, read raw (db.fast_reads):
    for the sums a report makes, which need no more of a class."""
    year = current_school_year(day)
    sql = "SELECT id, grade, number FROM school_class WHERE archived = 0"
    params = []
    if year:
        sql += " AND school_year = ?"
        params.append(year)
    return sql_rows(sql + " ORDER BY grade, number", *params)


def class_students(class_id: int) -> list[Student]:
    """The class's students on the roll (应到), in register order."""
    return list(
        Student.select()
        .where((Student.school_class == class_id) & (Student.status.in_(ON_ROLL_VALUES)))
        .order_by(Student.id)
    )


@dataclass(frozen=True)
class RollChild:
    """A child on a class's roll as the head-count and leave forms show it."""

    id: int
    name: str
    name_pinyin: str
    name_initials: str


def roll(class_id: int) -> list[RollChild]:
    """class_students as plain rows, for the views."""
    visibility.require_class(class_id)
    return [
        RollChild(s.id, s.name, s.name_pinyin, s.name_initials) for s in class_students(class_id)
    ]


def class_choices(day: dt.date | None = None) -> list[ClassChoice]:
    """current_classes as (id, name) rows, for the views."""
    return visibility.classes(
        [ClassChoice(c.id, c.name) for c in current_classes(day)], lambda c: c.id
    )


def expected_counts(day: dt.date) -> dict[int, int]:
    """class → its students on the roll, counted in the class each child was in on `day`."""
    on_roll = {
        sid
        for (sid,) in Student.select(Student.id).where(Student.status.in_(ON_ROLL_VALUES)).tuples()
    }
    return {
        cid: sum(1 for sid in ids if sid in on_roll)
        for cid, ids in membership.members_on(day).items()
    }
