"""The month's figures read the 学籍变动 through the event record's lean path (`facts_between`:
plain tuples, no names, no teachers) and count the children with no history of their own by
class straight from the placements (`unchanged_groups`). These tests hold both to what they stand
for: the very same facts as `events_between(..., with_teachers=False)`, withdrawn changes and
their details included, and the very same groups, in the same order, as the GROUP BY over every
child (`unchanged`) — with a child on the roster without a placement, a placement withdrawn, and
a class whose only such child is not 在校."""

from __future__ import annotations

import datetime as dt

import pytest

from kongchuo_desktop.db.models import Enrollment, SchoolClass, StatusChange, Student
from kongchuo_desktop.services import audit, membership, month_sources
from kongchuo_desktop.services.events import EventKind, events_between, facts_between
from kongchuo_desktop.services.student_status import undo_status_change
from tests import month_school

TODAY = dt.date(2026, 11, 28)


@pytest.fixture
def school(folder, actor):
    s = month_school.build(actor)
    c1 = SchoolClass.get(grade=1, number=1)
    c2 = SchoolClass.create(school_year=c1.school_year, grade=2, number=1)
    # 二年级1班: one child, 随班就读 on the roster with no 学籍变动 of its own.
    alone = audit.create(Student, actor, name="随班生", school_class=c2, status="随班就读")
    membership.place(actor, alone, c2, dt.date(2026, 8, 20), today=dt.date(2026, 8, 20))
    # A child on the roster with no placement at all (recorded before placements were kept).
    audit.create(Student, actor, name="老档案", school_class=c1)
    # A placement withdrawn (entered by mistake): the child counts in its one standing class.
    moved = audit.create(Student, actor, name="错调班", school_class=c1)
    membership.place(actor, moved, c1, dt.date(2026, 8, 20), today=dt.date(2026, 8, 20))
    Enrollment.create(
        student=moved,
        school_class=c2,
        school_year=c1.school_year,
        start_date=dt.date(2026, 8, 25),
        withdrawn_at=dt.datetime(2026, 8, 26, 9, 0),
        recorded_by="教务员",
    )
    # A 学籍变动 with its 材料 and 截止, and one withdrawn.
    month_school.status(actor, s["B2"], "休学", dt.date(2026, 11, 3), "生病", dt.date(2027, 1, 20))
    StatusChange.update(documents="医院证明").where(StatusChange.student == s["B2"]).execute()
    month_school.status(actor, s["A6"], "休学", dt.date(2026, 11, 6), "录错了")
    undo_status_change(actor, s["A6"].id, "录入错误", today=dt.date(2026, 11, 7))
    return s


def _groups(children, day):
    return [(k.roster_status, k.weight, k.place(day)) for k in children]


def test_the_children_without_history_come_in_the_same_groups_read_either_way(school):
    year_start = membership.year_start("2026-2027")
    special = month_sources.with_history(year_start)
    grades = month_sources.class_grades()
    names = {cid: membership.Placements().class_name(cid) for cid in grades}
    slow = month_sources.unchanged(special, grades, names)
    fast = month_sources.unchanged_groups(special, grades, names)
    assert _groups(fast, TODAY) == _groups(slow, TODAY)
    # the 随班就读 child of 二年级1班 is a group of its own, and no empty 在校 group beside it
    assert ("随班就读", 1, ("小学", "二年级1班")) in _groups(fast, TODAY)
    assert not any(g[2][1] == "二年级1班" and g[0] == "在校" for g in _groups(fast, TODAY))
    # the child without a placement is counted too: every child of the roster, once
    on_roll = sum(k.weight for k in fast) + len(month_sources.with_history_statuses(year_start))
    assert on_roll == Student.select().count()


def test_the_lean_facts_are_the_events_of_the_record(school):
    kinds = [EventKind.STATUS_CHANGE, EventKind.STATUS_WITHDRAWN]
    events = events_between(None, None, kinds=kinds, today=TODAY, with_teachers=False)
    facts = facts_between(None, None, kinds, today=TODAY)
    assert len(facts) == len(events) > 5
    for event, fact in zip(events, facts, strict=True):
        assert (
            event.kind,
            event.date,
            event.student_id,
            event.class_id,
            event.class_name,
            event.source,
            event.text,
            event.detail,
            event.withdrawn,
        ) == tuple(fact)
    b2 = next(f for f in facts if f.student_id == school["B2"].id and f.text.startswith("休学"))
    assert "材料：医院证明" in b2.detail and "截止：2027-01-20" in b2.detail
    assert any(f.kind == EventKind.STATUS_WITHDRAWN for f in facts)  # the 撤销 of A6's 休学


def test_the_lean_path_refuses_a_kind_whose_source_has_none(school):
    with pytest.raises(ValueError):
        facts_between(None, None, [EventKind.ABSENCE])
