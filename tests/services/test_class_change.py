"""调班: a child moves to another class of this year; the timeline says so."""

import datetime as dt

import pytest

from kongchuo_desktop.db.models import SchoolClass, Student
from kongchuo_desktop.services import attendance, class_change, membership
from kongchuo_desktop.services.roster_queries import RosterError
from kongchuo_desktop.services.student_status import change_status
from kongchuo_desktop.services.timeline import timeline


def test_a_child_moves_class_and_the_timeline_and_head_count_follow(school, actor):
    child, c1, c2 = school["s"]["张三"], school["c1"], school["c2"]
    assert [c.name for c in class_change.classes_to_move_to(child.id)] == [c2.name]
    class_change.move_to_class(actor, child.id, c2.id)

    child = Student.get_by_id(child.id)
    assert child.school_class_id == c2.id
    assert membership.class_on(child.id, dt.date.today()) == c2.id
    lines = [e.text for e in timeline(child) if e.kind == "班级"]
    assert f"调班：{c1.name} → {c2.name}" in lines
    # The head-count lists the child in the new class.
    names = {s.name for s in attendance.class_students(c2.id)}
    assert "张三" in names


def test_impossible_moves_are_refused(school, actor):
    child, c1 = school["s"]["张三"], school["c1"]
    with pytest.raises(RosterError, match="已经在"):
        class_change.move_to_class(actor, child.id, c1.id)
    old = SchoolClass.create(school_year="2025-2026", grade=6, number=1, archived=True)
    with pytest.raises(RosterError, match="往年的班级"):
        class_change.move_to_class(actor, child.id, old.id)
    import datetime as dt

    change_status(
        actor,
        child,
        "转出",
        dt.date(2026, 11, 2),
        "随父母外出",
        details={"书面申请": "有", "班主任意见": "同意", "接收学校": "广东某校"},
        approved_by="副校长",
    )
    with pytest.raises(RosterError, match="不能调班"):
        class_change.move_to_class(actor, child.id, school["c2"].id)
