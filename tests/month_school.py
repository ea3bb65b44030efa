"""A small hand-built school for the month-report tests: 一年级1班 (A1–A6) and 七年级1班 (B1–B5),
with the 学籍变动 of autumn 2026 whose figures the tests know by heart (2026年11月: 10月21日 to
11月20日 with the default cut-off)."""

from __future__ import annotations

import datetime as dt

from kongchuo_desktop.db.models import (
    Absence,
    AttendanceReport,
    SchoolClass,
    StatusChange,
    Student,
    Teacher,
)
from kongchuo_desktop.services import audit
from kongchuo_desktop.services.school_setup import SchoolSetup, set_up_school


def status(actor, student, value: str, day: dt.date, reason: str = "", until=None) -> None:
    audit.create(
        StatusChange,
        actor,
        student=student,
        status=value,
        date=day,
        reason=reason,
        approved_by="校长",
        until=until,
    )
    audit.update(student, actor, status=value)


def build(actor) -> dict[str, Student]:
    set_up_school(
        SchoolSetup(
            "青山测试学校",
            "示例县",
            "示例镇",
            "九年一贯制",
            {1: 1, 7: 1},
            dt.date(2026, 9, 1),
            dt.date(2027, 1, 22),
        ),
        actor,
    )
    c1 = SchoolClass.get(grade=1, number=1)
    c7 = SchoolClass.get(grade=7, number=1)
    s = {}
    for i in range(1, 7):
        s[f"A{i}"] = audit.create(
            Student, actor, name=f"小学生{i}", school_class=c1, id_number=f"52099920190101{i:03d}X"
        )
    for i in range(1, 6):
        s[f"B{i}"] = audit.create(Student, actor, name=f"初中生{i}", school_class=c7)
    d = dt.date
    status(actor, s["A2"], "转出", d(2026, 11, 5), "随父母外出")
    status(actor, s["A3"], "转入", d(2026, 11, 10), "随父母务工转入")
    status(actor, s["A4"], "随班就读", d(2026, 9, 1), "听力残疾")
    status(actor, s["B2"], "疑似辍学", d(2026, 10, 15), "连续5天无故缺席")
    status(actor, s["B2"], "辍学", d(2026, 11, 18), "外出务工")
    status(actor, s["B3"], "疑似辍学", d(2026, 11, 12), "厌学")
    status(actor, s["B4"], "休学", d(2026, 9, 20), "因病住院", until=d(2027, 1, 20))
    status(actor, s["B5"], "疑似辍学", d(2026, 10, 1), "家庭变故")
    status(actor, s["B5"], "劝返复学", d(2026, 11, 3), "家访劝返")
    # A5 taught at home from September, visited twice in the November period
    status(actor, s["A5"], "送教上门", d(2026, 9, 1), "重度残疾")
    _headcount(actor, s, c7)
    return s


def add_people(actor, s: dict[str, Student]) -> dict[str, Teacher]:
    """三包, a 劝返 case and 送教上门 visits for the ledger and the lists' people columns: B2 has a
    包保 teacher (B3 has none), a case with two home visits; A5 a plan and two visits."""
    from kongchuo_desktop.services import case_contacts, cases, home_teaching, sanbao

    d = dt.date
    zhang = audit.create(Teacher, actor, name="张包保", roles="科任教师")
    li = audit.create(Teacher, actor, name="李送教", roles="科任教师")
    sanbao.assign_students(actor, [s["B2"].id], zhang.id, d(2026, 9, 1))
    case = cases.open_for_student(
        actor, s["B2"].id, d(2026, 10, 16), reasons=["外出务工"], whereabouts="在家"
    )
    for day in (d(2026, 10, 17), d(2026, 10, 24)):
        case_contacts.add_contact(
            actor,
            case_contacts.ContactInput(day, "入户", went=(zhang.id,), outcome="考虑中"),
            case_id=case.id,
            today=d(2026, 11, 24),
        )
    home_teaching.save_plan(actor, s["A5"].id, [li.id], start_date=d(2026, 9, 1))
    for day in (d(2026, 11, 4), d(2026, 11, 11)):
        home_teaching.record_visit(
            actor, s["A5"].id, day, [li.id], 2, "识字", today=d(2026, 11, 24)
        )
    return {"zhang": zhang, "li": li}


def _headcount(actor, s, c7) -> None:
    d = dt.date
    # one head-count in the period: 七年级1班, 4 expected, B1 on sick leave
    AttendanceReport.create(date=d(2026, 11, 16), school_class=c7, expected=4, present=3)
    Absence.create(date=d(2026, 11, 16), student=s["B1"], school_class=c7, reason="病假")
