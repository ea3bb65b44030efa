"""Correcting teachers and classes: a teacher's details, 离校 leaving their classes as a gap,
renaming, merging and removing classes — and each refusal saying why."""

import datetime as dt

import pytest

from kongchuo_desktop.db.models import (
    AttendanceReport,
    AuditLog,
    Enrollment,
    SchoolClass,
    Student,
    Teacher,
)
from kongchuo_desktop.services import attendance, classes, membership, responsibility, teachers
from kongchuo_desktop.services.roster_queries import RosterError, add_teacher, class_rows

TODAY = dt.date(2026, 11, 20)
LEFT_ON = dt.date(2026, 11, 16)


def test_a_teachers_details_are_corrected_and_audited(school, actor):
    head = school["head"]
    teachers.edit_teacher(
        actor,
        head.id,
        name=" 王 芳 ",
        phone="138 1234 5678",
        subject="语文",
        roles=["科任教师", "班主任"],
    )
    t = Teacher.get_by_id(head.id)
    assert (t.name, t.phone, t.subject, t.roles) == (
        "王芳",
        "13812345678",
        "语文",
        "班主任,科任教师",
    )
    last = AuditLog.select().where(AuditLog.table == "teacher").order_by(AuditLog.id.desc()).get()
    assert last.before["name"] == "王老师" and last.after["phone"] == "13812345678"


@pytest.mark.parametrize("phone", ["138abc", "1381234567", "12345678", "0851-123"])
def test_a_malformed_phone_is_refused_with_what_a_phone_looks_like(school, actor, phone):
    with pytest.raises(RosterError, match=r"手机号应为11位数字.*固定电话应带区号"):
        teachers.edit_teacher(actor, school["head"].id, name="王老师", phone=phone)
    with pytest.raises(RosterError, match="手机号应为11位数字"):
        add_teacher(actor, "新老师", phone=phone)
    assert Teacher.get_by_id(school["head"].id).phone == ""


def test_a_landline_with_its_area_code_is_accepted(school, actor):
    teachers.edit_teacher(actor, school["head"].id, name="王老师", phone="（0851）8123456")
    assert Teacher.get_by_id(school["head"].id).phone == "0851-8123456"


def test_a_name_and_a_role_are_required(school, actor):
    with pytest.raises(RosterError, match="姓名"):
        teachers.edit_teacher(actor, school["head"].id, name="  ")
    with pytest.raises(RosterError, match="角色"):
        teachers.edit_teacher(actor, school["head"].id, name="王老师", roles=[])


def test_a_teacher_who_left_leaves_their_class_as_a_gap_from_that_day(school, actor):
    head, c1 = school["head"], school["c1"]
    assert teachers.mark_left(actor, head.id, LEFT_ON, today=TODAY) == ["七年级1班"]
    assert not Teacher.get_by_id(head.id).active
    row = next(r for r in class_rows() if r.id == c1.id)
    assert row.head_teacher == "" and row.head_left == "王老师"
    # Before the day the class was theirs; from it nobody is named (the gap to fix).
    heads = responsibility.heads_on
    assert heads([c1.id], LEFT_ON - dt.timedelta(days=1))[c1.id] == head.id
    assert heads([c1.id], LEFT_ON)[c1.id] is None
    with pytest.raises(RosterError, match="已经登记为离校"):
        teachers.mark_left(actor, head.id, LEFT_ON, today=TODAY)
    # A new head closes the gap.
    other = add_teacher(actor, "李老师")
    from kongchuo_desktop.services.roster_queries import set_head_teacher

    set_head_teacher(actor, c1.id, other.id)
    row = next(r for r in class_rows() if r.id == c1.id)
    assert row.head_teacher == "李老师" and row.head_left == ""


def test_leaving_in_the_future_is_refused_and_a_mistaken_leave_is_undone(school, actor):
    head = school["head"]
    with pytest.raises(RosterError, match="晚于今天"):
        teachers.mark_left(actor, head.id, TODAY + dt.timedelta(days=1), today=TODAY)
    teachers.mark_left(actor, head.id, LEFT_ON, today=TODAY)
    teachers.mark_back(actor, head.id)
    assert Teacher.get_by_id(head.id).active
    with pytest.raises(RosterError, match="没有登记离校"):
        teachers.mark_back(actor, head.id)


def test_a_class_is_renamed_but_never_to_a_name_taken_in_the_year(school, actor):
    c2 = school["c2"]
    with pytest.raises(RosterError, match="本学年已经有七年级1班"):
        classes.rename_class(actor, c2.id, "七年级1班")
    with pytest.raises(RosterError, match="本校没有三年级"):
        classes.rename_class(actor, c2.id, "三年级5班")
    with pytest.raises(RosterError, match="无法识别"):
        classes.rename_class(actor, c2.id, "七年级甲班")
    classes.rename_class(actor, c2.id, "3班")
    assert SchoolClass.get_by_id(c2.id).name == "七年级3班"
    old = SchoolClass.create(school_year="2025-2026", grade=6, number=1, archived=True)
    with pytest.raises(RosterError, match="往年的班级"):
        classes.rename_class(actor, old.id, "6年级2班")


def test_merging_moves_the_children_from_the_day_and_closes_the_class(school, actor):
    c1, c2 = school["c1"], school["c2"]
    moved = classes.merge_classes(actor, c2.id, c1.id, LEFT_ON, today=TODAY)
    assert moved == 5
    child = school["s"]["刘洋"]
    assert Student.get_by_id(child.id).school_class_id == c1.id
    assert membership.class_on(child.id, LEFT_ON - dt.timedelta(days=1)) == c2.id
    assert membership.class_on(child.id, LEFT_ON) == c1.id
    assert SchoolClass.get_by_id(c2.id).archived
    assert c2.id not in {c.id for c in attendance.current_classes()}
    row = next(r for r in class_rows() if r.id == c2.id)
    assert row.merged and row.students == 0
    with pytest.raises(RosterError, match="已经并入其他班级"):
        classes.merge_classes(actor, c2.id, c1.id, LEFT_ON, today=TODAY)


def test_impossible_merges_are_refused_and_change_nothing(school, actor):
    c1, c2 = school["c1"], school["c2"]
    with pytest.raises(RosterError, match="另一个班级"):
        classes.merge_classes(actor, c1.id, c1.id, LEFT_ON, today=TODAY)
    with pytest.raises(RosterError, match="晚于今天"):
        classes.merge_classes(actor, c2.id, c1.id, TODAY + dt.timedelta(days=1), today=TODAY)
    # One child already moved into 七年级2班 after the merge day: the whole merge is refused.
    from kongchuo_desktop.services import class_change

    class_change.move_to_class(actor, school["s"]["张三"].id, c2.id, TODAY, today=TODAY)
    with pytest.raises(RosterError, match="早于"):
        classes.merge_classes(actor, c2.id, c1.id, LEFT_ON, today=TODAY)
    assert not SchoolClass.get_by_id(c2.id).archived
    assert Student.get_by_id(school["s"]["刘洋"].id).school_class_id == c2.id


def test_only_a_class_that_never_had_a_child_or_a_head_count_is_removed(school, actor):
    from kongchuo_desktop.services.roster_queries import add_class

    c1 = school["c1"]
    with pytest.raises(RosterError, match=r"七年级1班有过学生（11人），不能删除.*合并"):
        classes.remove_class(actor, c1.id)
    typo = add_class(actor, 7, 9)
    AttendanceReport.create(date=TODAY, school_class=typo, expected=0, present=0)
    with pytest.raises(RosterError, match="已有点名记录（1天）"):
        classes.remove_class(actor, typo.id)
    AttendanceReport.delete().execute()
    assert classes.remove_class(actor, typo.id) == "七年级9班"
    assert SchoolClass.get_or_none(SchoolClass.id == typo.id) is None
    assert (
        AuditLog.select()
        .where((AuditLog.table == "school_class") & (AuditLog.action == "delete"))
        .count()
        == 1
    )
    assert not Enrollment.select().where(Enrollment.school_class == typo.id).exists()


def test_a_teacher_who_left_cannot_be_made_a_class_head(school, actor):
    from kongchuo_desktop.services.roster_queries import set_head_teacher

    teachers.mark_left(actor, school["head"].id, LEFT_ON, today=TODAY)
    with pytest.raises(RosterError, match="王老师已离校，不能任班主任"):
        set_head_teacher(actor, school["c2"].id, school["head"].id)


def test_an_import_naming_a_merged_class_is_an_error_row(school, actor, tmp_path):
    from kongchuo_desktop.services.roster_import import make_import_plan, read_sheet
    from tests import roster_files as rf

    classes.merge_classes(actor, school["c2"].id, school["c1"].id, LEFT_ON, today=TODAY)
    row = list(next(r for i, r in enumerate(rf.messy_rows(), start=3) if i == 3))
    row[7], row[8] = "七年级", "2班"
    plan = make_import_plan(read_sheet(rf.write_xlsx(tmp_path / "m.xlsx", [row])))
    assert [p.message for p in plan.errors] == [
        "七年级2班已并入其他班级，不再使用；请改为学生现在的班级"
    ]
    assert plan.new == [] and plan.asked_classes == []


def test_the_day_a_teacher_left_is_kept_and_the_class_is_a_gap_until_replaced(school, actor):
    head, child = school["head"], school["s"]["张三"]
    teachers.mark_left(actor, head.id, LEFT_ON, today=TODAY)
    assert Teacher.get_by_id(head.id).left_on == LEFT_ON
    # The day before, the child's 班主任 is still the teacher who left; from the day, nobody.
    before = responsibility.responsible_for([child.id], LEFT_ON - dt.timedelta(days=1))
    assert before[child.id].responsible_name == "王老师"
    after = responsibility.responsible_for([child.id], LEFT_ON)
    assert after[child.id].responsible is None
    gaps = teachers.head_gaps()
    assert [g.text for g in gaps] == [f"七年级1班：班主任已离校（王老师，{LEFT_ON:%m月%d日}起）"]
    # 回校 (a mistaken 离校) forgets the day.
    teachers.mark_back(actor, head.id)
    assert Teacher.get_by_id(head.id).left_on is None
