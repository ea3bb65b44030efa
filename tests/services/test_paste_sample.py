"""The 27-class WeChat morning as a clerk copies it (sender/time lines and all), saved in one go."""

import datetime as dt

import pytest

from kongchuo_desktop.db.models import Absence, AttendanceReport, SchoolClass, Student, Teacher
from kongchuo_desktop.domain.escalation import Step
from kongchuo_desktop.services import attendance as att
from kongchuo_desktop.services import audit
from kongchuo_desktop.services.school_setup import SchoolSetup, set_up_school
from tests.domain.test_wechat_copy import ON_LEAVE, SAMPLE, TEACHERS, sample

FRIDAY = dt.date(2026, 11, 27)
SATURDAY = dt.date(2026, 11, 28)


@pytest.fixture
def sample_school(folder, actor):
    """A 九年一贯制 school whose 27 classes hold the children the sample names (filled up to the
    sample's 应到), its three class heads as teachers, and approved leave for the four children
    whose 请假 does not say 病假 or 事假."""
    set_up_school(
        SchoolSetup(
            "样例学校",
            "示例县",
            "示例镇",
            "九年一贯制",
            {g: 3 for g in range(1, 10)},
            dt.date(2026, 9, 1),
            dt.date(2027, 1, 22),
        ),
        actor,
    )
    for name in sorted(TEACHERS):
        audit.create(Teacher, actor, name=name, roles="班主任,科任教师")
    rows = []
    for (grade, number), (size, named) in SAMPLE.items():
        cls = SchoolClass.get(grade=grade, number=number)
        names = named + [f"{grade}{number}号{i}" for i in range(size - len(named))]
        rows += [{"name": n, "school_class": cls} for n in names]
    audit.create_many(Student, actor, rows)
    for name, kind in ON_LEAVE.items():
        student = Student.get(name=name)
        leave = att.request_leave(actor, student.id, FRIDAY, FRIDAY, kind, "家长电话请假", "家长")
        att.approve_leave(actor, leave.id, "班主任")


def test_the_27_class_morning_saves_in_one_go(sample_school, actor):
    parsed = att.parse_headcount(
        sample("wechat-morning-27-with-senders.txt"), FRIDAY, today=SATURDAY
    )
    assert parsed.all_problems() == []
    assert len(parsed.ignored) == 4  # the sender/time lines, listed
    saved = att.save_parsed(actor, parsed, FRIDAY)
    assert len(saved) == 27
    assert AttendanceReport.select().where(AttendanceReport.date == FRIDAY).count() == 27
    rows = {(a.student.name, a.reason) for a in Absence.select().where(Absence.date == FRIDAY)}
    assert ("沈睿旭", "事假") in rows and ("夏宇俊", "病假") in rows and ("张三", "病假") in rows
    assert len(rows) == 18  # every child the messages name, nobody else


def test_one_class_naming_a_stranger_is_flagged_and_the_other_26_are_saved(sample_school, actor):
    text = sample("wechat-morning-27-with-senders.txt").replace(
        "张三病假，李四旷课", "张三病假，李思旷课"
    )
    parsed = att.parse_headcount(text, FRIDAY, today=SATURDAY)
    assert [r.class_name for r in parsed.reports if not r.ok] == ["七年级2班"]
    assert parsed.all_problems() == ["七年级2班：“李思”不在七年级2班的名单上"]
    saved = att.save_parsed(actor, parsed, FRIDAY)
    assert len(saved) == 26 and "七年级2班" not in saved
    assert AttendanceReport.select().where(AttendanceReport.date == FRIDAY).count() == 26


def test_bare_qingjia_without_a_form_saves_as_pending_and_escalates_after_a_school_day(
    folder, actor
):
    set_up_school(
        SchoolSetup(
            "测试学校",
            "示例县",
            "示例镇",
            "初中",
            {7: 1},
            dt.date(2026, 9, 1),
            dt.date(2027, 1, 22),
        ),
        actor,
    )
    cls = SchoolClass.get(grade=7, number=1)
    kid = audit.create(Student, actor, name="张三", school_class=cls)
    audit.create(Student, actor, name="李四", school_class=cls)
    parsed = att.parse_headcount("七年级1班 应到2 实到1 张三请假", FRIDAY, today=FRIDAY)
    assert parsed.all_problems() == []
    assert att.save_parsed(actor, parsed, FRIDAY) == ["七年级1班"]
    (row,) = Absence.select()
    assert (row.reason, row.note) == ("其他", "待补请假单")
    assert att.escalation_items(FRIDAY) == []  # within the grace (1 school day by default)
    monday = dt.date(2026, 11, 30)  # Monday not reported yet: the run is still open
    steps = [i.step for i in att.escalation_items(monday) if i.student_id == kid.id]
    assert Step.CONTACT in steps  # no form by Monday: Friday counts as 无故缺席
    # 首页 lists the form still to come, overdue by Monday.
    from kongchuo_desktop.services.attendance.dashboard import dashboard, pending_forms

    assert [(r.student_name, r.day, r.overdue) for r in pending_forms(FRIDAY)] == [
        ("张三", FRIDAY, False)
    ]
    assert [(r.class_name, r.overdue) for r in dashboard(monday).pending_forms] == [
        ("七年级1班", True)
    ]
    leave = att.request_leave(actor, kid.id, FRIDAY, FRIDAY, "事假", "家中有事", "父亲")
    att.approve_leave(actor, leave.id, "班主任")
    assert att.escalation_items(monday) == []  # the form came: the day is excused
    assert pending_forms(monday) == []  # and 首页 no longer lists it
