"""Figures for the home page: the school at a glance."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kongchuo_desktop.db.models import SchoolClass, Student, Teacher
from kongchuo_desktop.domain.student_status import ON_ROLL
from kongchuo_desktop.services.calendar_service import (
    current_school_year,
    load_calendar,
    term_containing,
)


@dataclass(frozen=True)
class Overview:
    classes: int
    students_in_school: int
    teachers: int
    is_school_day: bool
    next_school_day: dt.date | None
    term_school_days_done: int
    term_school_days_total: int


def overview(today: dt.date) -> Overview:
    term = term_containing(today)
    calendar = load_calendar()
    year = current_school_year(today)
    classes = SchoolClass.select().where(SchoolClass.archived == False)  # noqa: E712
    if year:
        classes = classes.where(SchoolClass.school_year == year)
    done = total = 0
    if term:
        total = calendar.count_school_days(term.start_date, term.end_date)
        done = calendar.count_school_days(term.start_date, min(today, term.end_date))
    try:
        upcoming = calendar.nth_school_day_after(today, 1)
    except ValueError:
        upcoming = None
    return Overview(
        classes=classes.count(),
        students_in_school=Student.select()
        .where(Student.status.in_([s.value for s in ON_ROLL]))
        .count(),
        teachers=Teacher.select().where(Teacher.active == True).count(),  # noqa: E712
        is_school_day=calendar.is_school_day(today),
        next_school_day=upcoming,
        term_school_days_done=done,
        term_school_days_total=total,
    )
