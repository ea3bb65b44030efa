"""The demo school's people on the move: a 班主任 who left two weeks ago (their class is a gap on
首页 and the classes tab until a new head is set) and a 转出 under way, two of its four steps done
(办理中 on 首页 and on the child's page)."""

from __future__ import annotations

import datetime as dt
import random

from kongchuo_desktop.db.models import SchoolClass, Student
from kongchuo_desktop.domain.student_status import ON_ROLL
from kongchuo_desktop.services import teachers, transfer_procedure
from kongchuo_desktop.services.calendar_service import current_school_year, load_calendar

# The class whose head left, and the class of the child being transferred.
LEFT_CLASS = (8, 3)
TRANSFER_CLASS = (7, 2)


def _school_day_before(day: dt.date, days: int) -> dt.date:
    calendar = load_calendar()
    for _ in range(days):
        day = calendar.previous_school_day(day) or day - dt.timedelta(days=1)
    return day


def add_demo_people(actor: str, rng: random.Random, summary: dict) -> None:
    today = dt.date.fromisoformat(summary["today"])
    term_start = dt.date.fromisoformat(summary["term_start"])
    year = current_school_year()

    def cls(key):
        return SchoolClass.get_or_none(
            (SchoolClass.school_year == year)
            & (SchoolClass.grade == key[0])
            & (SchoolClass.number == key[1])
        )

    left_class = cls(LEFT_CLASS)
    left_on = max(term_start, _school_day_before(today, 10))
    if left_class is not None and left_class.head_teacher_id and left_on < today:
        teachers.mark_left(actor, left_class.head_teacher_id, left_on, today=today)
    moving = cls(TRANSFER_CLASS)
    if moving is None:
        return
    on_roll = [s.value for s in ON_ROLL]
    children = list(
        Student.select()
        .where((Student.school_class == moving) & Student.status.in_(on_roll))
        .order_by(Student.id)
    )
    if not children:
        return
    child = random.Random(summary.get("students", 0)).choice(children)
    first, second = _school_day_before(today, 4), _school_day_before(today, 2)
    if not (term_start <= first <= second <= today):
        return
    head = moving.head_teacher.name if moving.head_teacher_id else "班主任"
    p = transfer_procedure.start(
        actor, child.id, "随父母到广东东莞就读", first, "父亲", "家长递交书面申请", today=today
    )
    transfer_procedure.save_step(
        actor, p.id, "班主任意见", second, head, "同意转出，已与家长核实", today=today
    )
