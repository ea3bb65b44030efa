"""Correcting a student on the student page: the edit's state without a window, and its save."""

import datetime as dt

import pytest
from openpyxl import load_workbook

from kongchuo_desktop.db.models import AuditLog, Guardian, Student
from kongchuo_desktop.services import audit, roster_export
from kongchuo_desktop.services.roster_queries import set_risk_flag, student_detail
from kongchuo_desktop.services.student_edit import (
    StudentEdit,
    StudentEditError,
    save_student_edit,
)
from tests import roster_files as rf


@pytest.fixture
def child(school, actor):
    s = school["s"]["张三"]
    audit.update(s, actor, id_number=rf.ID_WANG, sex="男", birth_date=rf.BORN, phone="13800000001")
    audit.create(Guardian, actor, student=s, name="张大山", relation="父亲", phone="13800000002")
    return s


def edit_of(student) -> StudentEdit:
    return StudentEdit(student_detail(student.id))


def audit_lines(table, action):
    return list(AuditLog.select().where((AuditLog.table == table) & (AuditLog.action == action)))


def test_a_corrected_phone_is_saved_audited_and_exported(child, actor, tmp_path):
    edit = edit_of(child)
    edit.set("联系电话", "139 1234 5678")
    assert edit.changed_fields() == ["联系电话"] and edit.summary() == "已修改：联系电话"
    assert save_student_edit(actor, edit) == ["联系电话"]

    assert Student.get_by_id(child.id).phone == "13912345678"
    line = audit_lines("student", "update")[-1]
    assert (line.row_id, line.before, line.after) == (
        child.id,
        {"phone": "13800000001"},
        {"phone": "13912345678"},
    )
    out = roster_export.export_roster(
        tmp_path / "r.xlsx", roster_export.students_for_export(student_ids=[child.id])
    )
    ws = load_workbook(out).active
    header = [c.value for c in ws[2]]
    assert ws.cell(3, header.index("联系电话") + 1).value == "13912345678"


def test_a_malformed_phone_is_refused_naming_the_field_and_nothing_is_written(child, actor):
    edit = edit_of(child)
    edit.set("联系电话", "138abc")
    edit.set("现住址", "青山镇3组")
    [problem] = edit.problems()
    assert problem.field == "联系电话" and problem.is_error
    with pytest.raises(StudentEditError) as refused:
        save_student_edit(actor, edit)
    assert "联系电话“138abc”不是有效的电话号码" in str(refused.value)
    assert "手机号应为11位数字" in str(refused.value)
    stored = Student.get_by_id(child.id)
    assert (stored.phone, stored.address) == ("13800000001", "")


def test_the_import_checks_apply_id_check_digit_birth_date_sex_and_required_fields(child, actor):
    edit = edit_of(child)
    edit.set("身份证件号", rf.ID_ZHAO_BAD)
    assert "校验位错误" in edit.problems()[0].message

    edit = edit_of(child)
    edit.set("出生日期", "2016-01-01")
    edit.set("性别", "女")
    assert [(p.field, p.is_error) for p in edit.problems()] == [("出生日期", True), ("性别", True)]

    edit = edit_of(child)
    edit.set("姓名", "")
    edit.set("身份证件号", "")
    assert [p.message for p in edit.problems()] == ["请填写姓名", "身份证件号和学籍号至少要填一个"]

    edit = edit_of(child)
    edit.set("姓名", "张\u200b三")
    edit.set("现住址", "青山镇\u202e3组")
    messages = [p.message for p in edit.problems()]
    assert messages[0].startswith("姓名中有看不见的字符：零宽空格")
    assert messages[1].startswith("现住址中有看不见的字符")


def test_a_new_id_fills_a_blank_birth_date_and_sex(child, actor):
    edit = edit_of(child)
    edit.set("身份证件号", rf.ID_LI)
    edit.set("出生日期", "")
    edit.set("性别", "")
    save_student_edit(actor, edit)
    stored = Student.get_by_id(child.id)
    assert (stored.id_number, stored.birth_date, stored.sex) == (rf.ID_LI, rf.BORN, "女")


def test_an_id_number_of_another_student_is_refused(school, child, actor):
    audit.update(school["s"]["李四"], actor, id_number=rf.ID_LI)
    edit = edit_of(child)
    edit.set("身份证件号", rf.ID_LI.lower())
    edit.set("出生日期", "")
    edit.set("性别", "")
    with pytest.raises(StudentEditError, match=r"身份证件号.*已属于学生李四"):
        save_student_edit(actor, edit)
    assert Student.get_by_id(child.id).id_number == rf.ID_WANG


def test_guardians_are_added_edited_ordered_and_removed_each_audited(child, actor):
    edit = edit_of(child)
    i = edit.add_guardian()
    edit.set_guardian(
        i, name="李秀英", relation="母亲", phone="0851-86123456", works_away=True, is_guardian=True
    )
    assert edit.move_guardian(i, -1) == 0
    edit.set_guardian(1, is_guardian=False)
    assert edit.summary() == "已修改：家庭成员"
    assert save_student_edit(actor, edit) == ["家庭成员"]
    rows = [
        (g.name, g.relation, g.is_guardian, g.works_away)
        for g in student_detail(child.id).guardians
    ]
    assert rows == [("李秀英", "母亲", True, True), ("张大山", "父亲", False, False)]
    [added] = audit_lines("guardian", "insert")[-1:]
    assert added.after["name"] == "李秀英" and added.after["sort_order"] == 1
    changed = audit_lines("guardian", "update")[-1]
    assert changed.before == {"is_guardian": True, "sort_order": 0}
    assert changed.after == {"is_guardian": False, "sort_order": 2}

    edit = edit_of(child)
    edit.remove_guardian(1)
    save_student_edit(actor, edit)
    assert [g.name for g in student_detail(child.id).guardians] == ["李秀英"]
    assert audit_lines("guardian", "delete")[-1].before["name"] == "张大山"


def test_a_guardian_needs_a_name_and_a_well_formed_phone(child, actor):
    edit = edit_of(child)
    i = edit.add_guardian()
    edit.set_guardian(i, phone="138abc")
    messages = [p.message for p in edit.problems()]
    assert messages == [
        "第2位家庭成员没有填写姓名",
        "家庭成员2的联系电话“138abc”不是有效的电话号码："
        "手机号应为11位数字（如13812345678），固定电话应带区号（如0851-86123456）",
    ]


def test_a_malformed_phone_from_an_import_is_shown_until_corrected_and_blocks_nothing(child, actor):
    audit.update(child, actor, phone="138abc")  # as an import lets it in, with a warning
    detail = student_detail(child.id)
    assert detail.warnings == [
        "联系电话“138abc”不是有效的电话号码：手机号应为11位数字（如13812345678），"
        "固定电话应带区号（如0851-86123456）"
    ]
    edit = StudentEdit(detail)
    edit.set("现住址", "青山镇3组")
    assert [p.is_error for p in edit.problems()] == [False]
    save_student_edit(actor, edit)  # correcting the address does not wait on the phone

    edit = edit_of(child)
    edit.set("联系电话", "13912345678")
    save_student_edit(actor, edit)
    assert student_detail(child.id).warnings == []


def test_nothing_changed_writes_nothing(child, actor):
    before = AuditLog.select().count()
    assert save_student_edit(actor, edit_of(child)) == []
    assert AuditLog.select().count() == before


def test_removing_a_flag_leaves_a_line_on_the_timeline(child, actor):
    set_risk_flag(actor, child.id, "留守儿童", True, "父母在广东务工")
    set_risk_flag(actor, child.id, "留守儿童", False)
    lines = [(e.date, e.kind, e.text) for e in student_detail(child.id).timeline]
    assert (dt.date.today(), "重点学生", "取消留守儿童标记") in lines


def test_a_student_entered_by_mistake_is_deleted_with_guardians_flags_and_class(school, actor):
    from kongchuo_desktop.services.roster_queries import add_student
    from kongchuo_desktop.services.student_edit import delete_student, deletion_blockers

    s = add_student(
        actor,
        name="误录",
        class_id=school["c1"].id,
        student_number="L1",
        status="转入",
        from_school="青山小学",
    )
    audit.create(Guardian, actor, student=s, name="误录父", relation="父亲")
    set_risk_flag(actor, s.id, "留守儿童", True)
    assert deletion_blockers(s.id) == []  # the 转入 recorded with the record is part of 建档
    assert delete_student(actor, s.id) == "误录"
    assert Student.get_or_none(Student.id == s.id) is None
    deleted = {line.table for line in audit_lines_all("delete")}
    assert deleted == {"student", "guardian", "risk_flag", "enrollment", "status_change"}
    assert audit_lines("student", "delete")[-1].before["name"] == "误录"


def audit_lines_all(action):
    return list(AuditLog.select().where(AuditLog.action == action))


def test_a_student_with_a_head_count_absence_or_status_change_is_not_deleted(school, actor):
    from kongchuo_desktop.db.models import StatusChange
    from kongchuo_desktop.services import attendance as att
    from kongchuo_desktop.services.student_edit import delete_student

    child = school["s"]["王五"]
    day = dt.date(2026, 11, 23)
    att.save_class(actor, school["c1"].id, day, [att.AbsenceInput(child.id, "病假")], today=day)
    later = dt.datetime.now() + dt.timedelta(days=1)
    audit.create(StatusChange, actor, student=child, status="休学", date=day, recorded_at=later)
    with pytest.raises(StudentEditError) as refused:
        delete_student(actor, child.id)
    assert str(refused.value) == (
        "不能删除王五的档案：已有1次点名（班级上报的应到人数包括该生）；已有1条缺勤记录；"
        "已有1次学籍变动。删除只用于误录入、还没有任何记录的学生；离校的学生请办理学籍变动。"
    )
    assert Student.get_or_none(Student.id == child.id) is not None


def test_an_edit_made_stale_by_another_computer_is_refused_not_overwritten(child, actor):
    edit = edit_of(child)
    edit.set("现住址", "青山镇3组")
    audit.update(Student.get_by_id(child.id), "另一台电脑", address="青山镇5组")
    with pytest.raises(StudentEditError, match="已被修改"):
        save_student_edit(actor, edit)
    assert Student.get_by_id(child.id).address == "青山镇5组"
