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
    # one head-count in the period: 七年级1班, 4 expected, B1 on sick leave
    AttendanceReport.create(date=d(2026, 11, 16), school_class=c7, expected=4, present=3)
    Absence.create(date=d(2026, 11, 16), student=s["B1"], school_class=c7, reason="病假")
    return s
