"""A student's timeline: the event record (services.events) of one child, as the student page
shows it — date, 类别, text, detail — oldest first.

The timeline has no sources of its own: a kind added to services.events.SOURCES shows here too,
unless it is left out of TIMELINE_KINDS (the escalation steps reached are a to-do list on 首页,
not history; the steps done are). A withdrawn fact (a 学籍变动 撤销 as 录入错误) stays, marked
“【已撤销】” before its text and `withdrawn` for a view that strikes it through.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kongchuo_desktop.db.models import Student
from kongchuo_desktop.services.events import EventKind, events_between


@dataclass(frozen=True)
class TimelineEntry:
    date: dt.date
    kind: str  # 学籍变动, 班级, 重点学生, 建档 … (what the clerk sees in the 类别 column)
    text: str
    detail: str = ""
    withdrawn: bool = False


TIMELINE_KINDS = frozenset(EventKind) - {EventKind.STEP_REACHED}
WITHDRAWN_MARK = "【已撤销】"


def timeline(student: Student | int) -> list[TimelineEntry]:
    """Every event of the child, oldest first (within a day, in the registry's order)."""
    sid = student if isinstance(student, int) else student.id
    return [
        TimelineEntry(
            e.date,
            e.kind.category,
            f"{WITHDRAWN_MARK}{e.text}" if e.withdrawn else e.text,
            e.detail,
            e.withdrawn,
        )
        for e in events_between(
            None, None, kinds=TIMELINE_KINDS, students=[sid], include_withdrawn=True
        )
    ]
