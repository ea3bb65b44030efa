"""A student's timeline: everything that happened to the child, gathered from sources.

Each source is a function `(Student) -> list[TimelineEntry]`; later features (absences, leave,
home visits, cases) append theirs to `TIMELINE_SOURCES` without editing this module:

    from kongchuo_desktop.services.timeline import TIMELINE_SOURCES, TimelineEntry
    TIMELINE_SOURCES.append(my_absences)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from kongchuo_desktop.db.models import (
    AuditLog,
    Enrollment,
    RiskFlag,
    SchoolClass,
    StatusChange,
    Student,
)


@dataclass(frozen=True)
class TimelineEntry:
    date: dt.date
    kind: str  # 学籍变动, 班级, 重点学生, 建档 … (what the clerk sees in the 类别 column)
    text: str
    detail: str = ""


TimelineSource = Callable[[Student], list[TimelineEntry]]


def status_changes(student: Student) -> list[TimelineEntry]:
    out = []
    for c in (
        StatusChange.select()
        .where(StatusChange.student == student)
        .order_by(StatusChange.date, StatusChange.id)
    ):
        parts = []
        if c.documents:
            parts.append(f"材料：{c.documents}")
        for step, value in (c.details or {}).items():
            parts.append(f"{step}：{value}")
        if c.until:
            parts.append(f"截止：{c.until}")
        if c.approved_by:
            parts.append(f"审批：{c.approved_by}")
        if c.recorded_by:
            parts.append(f"登记：{c.recorded_by}")
        # "转入：转入" says nothing twice: a reason that only repeats the status is left out.
        text = c.status if c.reason.strip() in ("", c.status) else f"{c.status}：{c.reason}"
        out.append(TimelineEntry(c.date, "学籍变动", text, "；".join(parts)))
    return out


def class_history(student: Student) -> list[TimelineEntry]:
    out = []
    query = (
        Enrollment.select(Enrollment, SchoolClass)
        .join(SchoolClass)
        .where(Enrollment.student == student)
        .order_by(Enrollment.school_year)
    )
    years = set()
    for e in query:
        years.add(e.school_year)
        out.append(_in_class(e.school_year, e.school_class.name))
    cls = student.school_class
    if cls is not None and cls.school_year not in years:
        # Students added before class membership was recorded: their current class still shows.
        out.append(_in_class(cls.school_year, cls.name))
    return out


def class_changes(student: Student) -> list[TimelineEntry]:
    """调班 within a 学年, read from the audit trail (the moves between years are the lines of
    class_history)."""
    moves = []
    for line in (
        AuditLog.select()
        .where(
            (AuditLog.table == "student")
            & (AuditLog.row_id == student.id)
            & (AuditLog.action == "update")
        )
        .order_by(AuditLog.at, AuditLog.id)
    ):
        before, after = line.before or {}, line.after or {}
        if "school_class" in after and before.get("school_class"):
            moves.append((line, before["school_class"], after["school_class"]))
    classes = {
        c.id: c
        for c in SchoolClass.select().where(
            SchoolClass.id.in_([m[1] for m in moves] + [m[2] for m in moves])
        )
    }
    out = []
    for line, old_id, new_id in moves:
        old, new = classes.get(old_id), classes.get(new_id)
        if old is None or new is None or old.school_year != new.school_year:
            continue
        out.append(
            TimelineEntry(
                line.at.date(), "班级", f"调班：{old.name} → {new.name}", f"登记：{line.actor}"
            )
        )
    return out


def _in_class(school_year: str, name: str) -> TimelineEntry:
    start = int(school_year[:4])
    return TimelineEntry(dt.date(start, 9, 1), "班级", f"{school_year}学年在{name}")


def risk_flags(student: Student) -> list[TimelineEntry]:
    return [
        TimelineEntry(f.since, "重点学生", f"标记为{f.flag}", f.note)
        for f in RiskFlag.select().where(RiskFlag.student == student)
        if f.since
    ]


def registered(student: Student) -> list[TimelineEntry]:
    if not student.created_at:
        return []
    return [TimelineEntry(student.created_at.date(), "建档", "在本系统建立学籍档案")]


TIMELINE_SOURCES: list[TimelineSource] = [
    registered,
    class_history,
    class_changes,
    status_changes,
    risk_flags,
]


def timeline(student: Student) -> list[TimelineEntry]:
    """Every entry from every source, oldest first (stable within a day)."""
    entries: list[TimelineEntry] = []
    for source in TIMELINE_SOURCES:
        entries.extend(source(student))
    return sorted(entries, key=lambda e: e.date)
