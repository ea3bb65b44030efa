"""待补请假单: a class head wrote a bare 请假 for a child who has no approved leave that day.

The absence is saved with the reason 其他 and the note 待补请假单 (no new column: the note marks
it). While the form is missing it is excused for up to N school days (the setting
attendance.pending_leave_form_days); after that, if no approved leave covers the day, it counts
as 无故缺席 for the escalation. Once the leave is approved, the leave excuses the day as any
approved leave does. Plain Python.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from kongchuo_desktop.domain.attendance import AbsenceReason, AbsenceRecord
from kongchuo_desktop.domain.school_calendar import SchoolCalendar

PENDING_FORM_NOTE = "待补请假单"


def is_pending_form(reason: str, note: str) -> bool:
    return reason == AbsenceReason.OTHER and note == PENDING_FORM_NOTE


def overdue(day: dt.date, today: dt.date, calendar: SchoolCalendar, max_days: int) -> bool:
    """A 待补请假单 absence on `day` is past its grace when `max_days` school days have passed
    since it (the day itself is the first of them) by `today`."""
    if today <= day:
        return max_days <= 0
    after = [d for d in calendar.school_days_between(day, today) if d > day]
    return len(after) + 1 > max_days


def as_the_escalation_sees_them(
    records: Iterable[AbsenceRecord],
    today: dt.date,
    calendar: SchoolCalendar,
    max_days: int,
    unexcused: frozenset[AbsenceReason],
) -> list[AbsenceRecord]:
    """A 待补请假单 absence past its grace becomes 旷课; within it, it is excused (病假/事假 are,
    whatever the school counts 其他 as). Other absences are unchanged."""
    counted = AbsenceReason.TRUANT if AbsenceReason.TRUANT in unexcused else min(unexcused)
    out = []
    for r in records:
        if is_pending_form(r.reason, r.note):
            late = overdue(r.date, today, calendar, max_days)
            if late:
                r = dataclasses.replace(r, reason=counted)
            elif r.reason in unexcused:
                r = dataclasses.replace(r, reason=AbsenceReason.PERSONAL)
        out.append(r)
    return out
