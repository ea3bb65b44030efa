"""services/printouts.py: what the class list, the 点名表, the 档案 and the 请假条 show."""

import datetime as dt

import pytest

from kongchuo_desktop.db.models import LeaveRequest, SchoolClass, Student
from kongchuo_desktop.domain.school_calendar import DayKind
from kongchuo_desktop.services import attendance, audit, printouts, student_status
from kongchuo_desktop.services.calendar_service import set_day, set_range
from kongchuo_desktop.services.demo import DEMO_SCHOOL_NAME


def test_the_demo_schools_class_lists_are_one_per_class_in_the_schools_order(demo):
    lists = printouts.class_lists()
    classes = list(
        SchoolClass.select()
        .where(SchoolClass.archived == False)  # noqa: E712
        .order_by(SchoolClass.grade, SchoolClass.number)
    )
    assert [c.class_name for c in lists] == [c.name for c in classes]
    assert all(40 <= len(c.students) <= 50 for c in lists)
    assert printouts.school_name() == DEMO_SCHOOL_NAME
    one = printouts.class_lists(classes[3].id)
    assert [c.class_name for c in one] == [classes[3].name]
    assert one[0].head_teacher


def test_the_class_list_shows_the_id_number_in_full_and_a_status_other_than_in_school(
    school, actor
):
    c1 = school["c1"]
    zhang = school["s"]["张三"]
    audit.update(zhang, actor, id_number="110101201301012318", sex="男")
    student_status.change_status(
        actor,
        school["s"]["李四"].id,
        "转出",
        dt.date(2026, 10, 9),
        "随父母外出",
        details={
            "书面申请": "有",
            "班主任意见": "同意",
            "接收学校": "广东某中学",
            "分管校长审批": "李",
        },
        today=dt.date(2026, 10, 9),
    )
    (listed,) = printouts.class_lists(c1.id)
    by_name = {s.name: s for s in listed.students}
    assert by_name["张三"].id_number == "110101201301012318"  # as the roster screen shows it
    assert by_name["休学生"].note == "休学"
    assert by_name["张三"].note == ""
    assert "李四" not in by_name  # left school: not on the class list
    assert listed.head_teacher == "王老师"


def test_a_week_shows_monday_to_friday_with_the_holidays_marked(demo):
    register = printouts.weekly_register(dt.date(2026, 9, 30))
    assert [d.date.day for d in register.days] == [28, 29, 30, 1, 2]
    assert [d.school_day for d in register.days] == [True, True, True, False, False]
    assert register.days[3].note == "国庆节"
    assert register.period.startswith("第5周 2026年9月28日至10月2日")
    assert len(register.classes) == 27


def test_a_weekend_make_up_school_day_is_a_column_of_its_own(demo):
    register = printouts.weekly_register(dt.date(2026, 10, 8))
    assert [d.date.day for d in register.days] == [5, 6, 7, 8, 9, 10]
    assert register.days[-1].school_day and "调休" in register.days[-1].note
    assert not register.days[0].school_day  # 国庆节


def test_the_register_lists_the_children_on_the_roll_of_the_class(school, actor):
    set_day(actor, dt.date(2026, 11, 4), "节假日", "运动会")
    register = printouts.weekly_register(dt.date(2026, 11, 2), school["c1"].id)
    (c1,) = register.classes
    assert len(c1.students) == 10 and "休学生" not in c1.students  # not counted in 应到
    assert c1.head_teacher == "王老师"
    assert [d.note for d in register.days if not d.school_day] == ["运动会"]
    with pytest.raises(printouts.PrintoutError):
        printouts.weekly_register(dt.date(2026, 11, 2), 9999)


def test_the_student_record_has_the_history_and_this_terms_absences_and_leave(school, actor):
    sid = school["s"]["王五"].id
    attendance.save_class(
        actor,
        school["c1"].id,
        dt.date(2026, 11, 2),
        [attendance.AbsenceInput(sid, "旷课")],
        today=dt.date(2026, 11, 2),
    )
    student_status.change_status(
        actor,
        sid,
        "休学",
        dt.date(2026, 11, 5),
        "因病住院",
        details={"书面申请": "家长", "医疗证明": "县医院"},
        today=dt.date(2026, 11, 5),
    )
    record = printouts.student_record(sid, today=dt.date(2026, 11, 20))
    assert record.name == "王五" and record.class_name == "七年级1班"
    assert ("姓名", "王五") in record.fields
    assert any("休学" in line.text for line in record.history)
    assert [line.kind for line in record.attendance] == ["缺勤"]
    assert record.attendance_since == dt.date(2026, 9, 1)


def test_the_leave_form_has_a_line_for_each_approver_the_rules_require(school, actor):
    sid = school["s"]["赵六"].id
    leave = attendance.request_leave(
        actor, sid, dt.date(2026, 11, 2), dt.date(2026, 11, 4), "病假", "发烧", "母亲"
    )
    attendance.approve_leave(actor, leave.id, "班主任", by="王老师")
    form = printouts.leave_form(leave.id)
    assert (form.student_name, form.class_name, form.head_teacher) == (
        "赵六",
        "七年级1班",
        "王老师",
    )
    assert form.days == 3 and form.reason == "发烧" and form.requested_by == "母亲"
    assert [(d.role, d.by) for d in form.decisions] == [("班主任", "王老师"), ("教务处", "")]
    with pytest.raises(printouts.PrintoutError):
        printouts.leave_form(LeaveRequest.select().count() + 5)


def test_a_student_no_longer_in_the_data_is_said_plainly(school):
    with pytest.raises(printouts.PrintoutError, match="不在数据中"):
        printouts.student_record(Student.select().count() + 100)


def test_a_week_without_school_asks_for_another_week(school, actor):
    set_range(actor, dt.date(2026, 11, 2), dt.date(2026, 11, 6), DayKind.HOLIDAY, "秋假")
    with pytest.raises(printouts.PrintoutError, match="没有上学日（秋假）"):
        printouts.weekly_register(dt.date(2026, 11, 4))
    with pytest.raises(printouts.PrintoutError, match="不在学期内"):
        printouts.weekly_register(dt.date(2026, 8, 12))
