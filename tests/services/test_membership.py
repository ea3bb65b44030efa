"""Which class on a day, and who is responsible on a day: dated membership and class heads."""

import datetime as dt

import pytest

from kongchuo_desktop.db.models import Teacher
from kongchuo_desktop.services import attendance as att
from kongchuo_desktop.services import audit, class_change, membership
from kongchuo_desktop.services.responsibility import heads_on, responsible_for, set_class_head
from kongchuo_desktop.services.roster_queries import RosterError

D = dt.date
NOW = D(2026, 12, 1)
MOVED_ON = D(2026, 11, 16)


def test_a_child_is_in_the_old_class_before_a_mid_term_move_and_in_the_new_one_after(school, actor):
    child, c1, c2 = school["s"]["赵六"], school["c1"], school["c2"]
    class_change.move_to_class(actor, child.id, c2.id, MOVED_ON, today=NOW)
    assert membership.class_on(child.id, D(2026, 9, 1)) == c1.id
    assert membership.class_on(child.id, MOVED_ON - dt.timedelta(days=1)) == c1.id
    assert membership.class_on(child.id, MOVED_ON) == c2.id
    assert membership.class_on(child.id, NOW) == c2.id
    # The head-count counts the child where it was on the day.
    before = {r.name: r.expected for r in att.day_overview(D(2026, 11, 13))}
    after = {r.name: r.expected for r in att.day_overview(D(2026, 11, 17))}
    assert (before["七年级1班"], before["七年级2班"]) == (10, 5)
    assert (after["七年级1班"], after["七年级2班"]) == (9, 6)
    old_day = att.save_class(
        actor, c1.id, D(2026, 11, 13), [att.AbsenceInput(child.id, "病假")], today=NOW
    )
    assert (old_day.expected, old_day.present) == (10, 9)
    with pytest.raises(att.AttendanceError, match="不是七年级1班的在籍学生"):
        att.save_class(
            actor, c1.id, D(2026, 11, 17), [att.AbsenceInput(child.id, "病假")], today=NOW
        )


def test_a_move_dated_in_the_future_or_before_the_last_one_is_refused(school, actor):
    child, c1, c2 = school["s"]["赵六"], school["c1"], school["c2"]
    with pytest.raises(RosterError, match="晚于今天"):
        class_change.move_to_class(actor, child.id, c2.id, D(2026, 12, 2), today=NOW)
    class_change.move_to_class(actor, child.id, c2.id, MOVED_ON, today=NOW)
    with pytest.raises(RosterError, match="早于"):
        class_change.move_to_class(actor, child.id, c1.id, D(2026, 11, 2), today=NOW)


def test_who_was_responsible_on_a_past_day_after_the_class_head_changed(school, actor):
    child, c1, wang = school["s"]["张三"], school["c1"], school["head"]
    zhou = audit.create(Teacher, actor, name="周老师", roles="班主任")
    set_class_head(actor, c1, zhou, D(2026, 11, 10))
    october = responsible_for([child.id], D(2026, 10, 10))[child.id]
    assert (october.class_name, october.responsible_name) == ("七年级1班", "王老师")
    assert october.responsible.id == wang.id
    december = responsible_for([child.id], NOW)[child.id]
    assert december.responsible_name == "周老师"
    assert heads_on([c1.id], D(2026, 11, 9)) == {c1.id: wang.id}
    assert heads_on([c1.id], D(2026, 11, 10)) == {c1.id: zhou.id}


def test_a_moved_child_is_in_the_new_class_heads_care_from_the_move(school, actor):
    child, c2 = school["s"]["赵六"], school["c2"]
    li = audit.create(Teacher, actor, name="李老师", roles="班主任")
    set_class_head(actor, c2, li)
    class_change.move_to_class(actor, child.id, c2.id, MOVED_ON, today=NOW)
    who = responsible_for([child.id], D(2026, 10, 1))[child.id]
    assert who.responsible_name == "王老师"
    who = responsible_for([child.id], MOVED_ON)[child.id]
    assert (who.class_name, who.responsible_name) == ("七年级2班", "李老师")
    # A class's first head counts from the start of the year, even when set in December.
    liu = school["s"]["刘洋"].id
    assert responsible_for([liu], D(2026, 9, 1))[liu].responsible_name == "李老师"


def test_a_class_without_a_head_has_nobody_responsible(school):
    liu = school["s"]["刘洋"].id
    who = responsible_for([liu], NOW)[liu]
    assert (who.class_name, who.responsible, who.responsible_name) == ("七年级2班", None, "未指定")


def test_a_run_of_truancy_across_a_move_is_one_run(school, actor):
    child, c1, c2 = school["s"]["赵六"], school["c1"], school["c2"]
    for day in (D(2026, 11, 12), D(2026, 11, 13)):  # Thu, Fri in 七年级1班
        att.save_class(actor, c1.id, day, [att.AbsenceInput(child.id, "旷课")], today=NOW)
    class_change.move_to_class(actor, child.id, c2.id, MOVED_ON, today=NOW)
    att.save_class(actor, c2.id, MOVED_ON, [att.AbsenceInput(child.id, "旷课")], today=NOW)
    att.save_class(actor, c1.id, MOVED_ON, [], today=NOW)
    chains = att.student_chains(MOVED_ON, student_ids=[child.id])
    assert [(c.start, c.count) for c in chains[0].chains] == [(D(2026, 11, 12), 3)]
    grid = {g.date: g for g in att.month_grid(child.id, 2026, 11)}
    assert grid[D(2026, 11, 12)].reported and grid[MOVED_ON].reported
