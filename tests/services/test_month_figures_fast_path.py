"""The month's figures read the 学籍变动 from the event record without working out who was
responsible for each child (no figure needs a teacher), and find the children with a history of
their own in one statement. These tests count the same months the way the report counted them
before — every event with its responsible teachers, the children with a history found by a GROUP
BY over the placements — and ask for the very same figures, by 学段 and by class, in the same
order, on the small hand-built school (with a 调班 and a withdrawn change added) and on the demo
school a newcomer sees."""

from __future__ import annotations

import dataclasses
import datetime as dt

import peewee as pw
import pytest

from kongchuo_desktop.db.models import Enrollment, SchoolClass, StatusChange, Student
from kongchuo_desktop.domain.month_figures import COHORT, month_figures
from kongchuo_desktop.services import (
    audit,
    membership,
    month_report,
    month_sources,
    settings_store,
)
from kongchuo_desktop.services.events import EventKind, events_between
from kongchuo_desktop.services.student_status import undo_status_change
from tests import month_school


def _history_before(last, grades, students):
    """status_history as it was: each 学籍变动 read with the day's responsible teachers."""
    out: dict[int, list] = {}
    for event in events_between(
        None, None, kinds=[EventKind.STATUS_CHANGE], students=students, today=last
    ):
        parsed = month_sources._parse(event, grades)
        if parsed is not None:
            out.setdefault(event.student_id, []).append(parsed)
    return out


def _with_history_before(year_start):
    changed = {sid for (sid,) in StatusChange.select(StatusChange.student).distinct().tuples()}
    placed = (
        Enrollment.select(Enrollment.student)
        .where(Enrollment.withdrawn_at.is_null())
        .group_by(Enrollment.student)
        .having((pw.fn.COUNT(Enrollment.id) > 1) | (pw.fn.MIN(Enrollment.start_date) > year_start))
    )
    return sorted(changed | {sid for (sid,) in placed.tuples()})


def _figures_before(year: int, month: int):
    p = month_report.period(year, month)
    year_name = month_sources.school_year_for(p.last)
    year_start = membership.year_start(year_name)
    grades = month_sources.class_grades()
    special = _with_history_before(year_start)
    history = _history_before(p.last, grades, special)
    resolver = month_sources.Placements(special)
    kids = month_sources.children(history, grades, resolver, special)
    names = {cid: resolver.class_name(cid) for cid in grades}
    kids += month_sources.unchanged(special, grades, names)
    opts = month_report.options()
    cohort = None
    if opts.consolidation == COHORT:
        cohort = month_sources.cohorts(year_name, p.last, kids, history)
    attendance = month_sources.attendance(p.first, p.last)
    return month_figures(kids, year_start, p.first, p.last, attendance, opts, cohort)


def _assert_same(year: int, month: int) -> None:
    fast = month_report.count(year, month).figures
    before = _figures_before(year, month)
    assert fast.by_stage == before.by_stage, f"{year}-{month}"
    assert fast.by_class == before.by_class, f"{year}-{month}"
    assert list(fast.by_class) == list(before.by_class)  # the classes in the same order
    assert fast.notes == before.notes


@pytest.fixture
def kids(folder, actor):
    s = month_school.build(actor)
    # A 调班 in the period and a 学籍变动 entered by mistake and withdrawn: the children whose
    # class and history the figures must follow.
    c1 = SchoolClass.get(grade=1, number=1)
    c2 = SchoolClass.create(school_year=c1.school_year, grade=1, number=2)
    membership.place(actor, s["A1"], c1, dt.date(2026, 9, 1), today=dt.date(2026, 9, 1))
    membership.place(actor, s["A1"], c2, dt.date(2026, 11, 2), today=dt.date(2026, 11, 2))
    # A child put on the roll in October without a 学籍变动: not there on the year's first day.
    late = audit.create(Student, actor, name="新来生", school_class=c2)
    membership.place(actor, late, c2, dt.date(2026, 10, 12), today=dt.date(2026, 10, 12))
    month_school.status(actor, s["A6"], "休学", dt.date(2026, 11, 6), "录错了")
    undo_status_change(actor, s["A6"].id, "录入错误", today=dt.date(2026, 11, 7))
    return s


def test_the_small_schools_figures_are_those_counted_with_every_teacher(kids):
    november = month_report.count(2026, 11).figures
    assert november.by_class["一年级2班"]["月末在校生数"] == 2  # A1 (moved 2 November), newcomer
    assert november.by_stage["本月休学"]["小学"] == 0  # A6's 休学 was withdrawn
    assert "学年初在校生数" not in november.by_class["一年级2班"]  # nor the October arrival
    for month in (9, 10, 11, 12):
        _assert_same(2026, month)


def test_the_cohort_definition_gives_the_same_figures_too(kids, actor):
    settings_store.set("report.consolidation", COHORT, actor)
    _assert_same(2026, 11)


def test_the_demo_schools_months_are_counted_as_before(demo):
    for year, month in ((2026, 9), (2026, 10), (2026, 11)):
        _assert_same(year, month)
    november = month_report.count(2026, 11).figures
    assert november.total("月末在校生数") > 0


def test_events_without_teachers_are_the_same_events_with_the_class_of_the_day(demo):
    everything = events_between(None, None, include_withdrawn=True, today=dt.date(2026, 11, 28))
    lean = events_between(
        None, None, include_withdrawn=True, today=dt.date(2026, 11, 28), with_teachers=False
    )
    assert len(lean) == len(everything) > 100
    for full, quick in zip(everything, lean, strict=True):
        assert quick == dataclasses.replace(full, teachers=quick.teachers)
        # only the teachers named on the source row, which the full event lists first
        assert full.teachers[: len(quick.teachers)] == quick.teachers
    with pytest.raises(ValueError):
        events_between(None, None, teachers=[1], with_teachers=False)
