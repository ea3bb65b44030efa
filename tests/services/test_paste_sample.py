"""The 27-class WeChat morning as a clerk copies it (sender/time lines and all), saved in one go."""

import datetime as dt

import pytest

from kongchuo_desktop.db.models import Absence, AttendanceReport, SchoolClass, Student, Teacher
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
