"""The run of unexcused absence each child is on now, for the 易辍生预警 score: the escalation's own
runs (escalation_ledger.student_chains decides), asked only for the children who may still be on
one. Asking for every child with a truant day this term would read the whole term's head-counts of
their classes; most of those runs ended long ago.

The filter is conservative: a child is left out only when, after the child's latest unexcused (or
待补请假单) day, the child's present class reported a school day on which the child has no
absence record at all and no approved leave, while already in that class — a day at school, which
ends any run.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping

import peewee as pw

from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.models import Absence, AttendanceReport, Enrollment, stored_day
from kongchuo_desktop.domain import pending_leave as pl
from kongchuo_desktop.domain.escalation import EscalationRules
from kongchuo_desktop.domain.school_calendar import SchoolCalendar
from kongchuo_desktop.services.attendance.escalation_ledger import student_chains


def _rows(query) -> list[tuple]:
    return current().execute_sql(*query.sql()).fetchall()


def maybe_still_away(
    first: dt.date,
    last: dt.date,
    rules: EscalationRules,
    class_of: Mapping[int, int | None],
    leave_days: Mapping[int, Iterable[dt.date]],
) -> set[int]:
    """The children of `class_of` (child → present class) who may be on a run of absence on
    `last`; see the module's docstring."""
    latest_bad: dict[int, dt.date] = {}
    q = (
        Absence.select(Absence.student, pw.fn.MAX(Absence.date))
        .where(
            Absence.date.between(first, last)
            & (
                Absence.reason.in_([r.value for r in rules.unexcused_reasons])
                | (Absence.note == pl.PENDING_FORM_NOTE)
            )
        )
        .group_by(Absence.student)
    )
    for sid, d in _rows(q):
        if sid in class_of:
            latest_bad[sid] = stored_day(d)
    if not latest_bad:
        return set()
    since = min(latest_bad.values())
    ids = list(latest_bad)
    classes = {class_of[sid] for sid in ids if class_of[sid]}
    reports: dict[int, list[dt.date]] = defaultdict(list)
    for cid, d in _rows(
        AttendanceReport.select(AttendanceReport.school_class, AttendanceReport.date).where(
            AttendanceReport.school_class.in_(list(classes))
            & (AttendanceReport.date > since)
            & (AttendanceReport.date <= last)
        )
    ):
        reports[cid].append(stored_day(d))
    recorded: dict[int, set[dt.date]] = defaultdict(set)
    for sid, d in _rows(
        Absence.select(Absence.student, Absence.date).where(
            Absence.student.in_(ids) & (Absence.date > since) & (Absence.date <= last)
        )
    ):
        recorded[sid].add(stored_day(d))
    joined = dict(
        (sid, stored_day(d))
        for sid, d in _rows(
            Enrollment.select(Enrollment.student, pw.fn.MAX(Enrollment.start_date))
            .where(Enrollment.student.in_(ids) & Enrollment.withdrawn_at.is_null())
            .group_by(Enrollment.student)
        )
    )
    out = set()
    for sid, bad_day in latest_bad.items():
        after = max(bad_day, joined.get(sid, bad_day))
        excused = recorded[sid] | set(leave_days.get(sid, ()))
        if not any(d > after and d not in excused for d in reports.get(class_of[sid], ())):
            out.add(sid)
    return out


def runs_now(
    day: dt.date,
    first: dt.date,
    last: dt.date,
    calendar: SchoolCalendar,
    rules: EscalationRules,
    class_of: Mapping[int, int | None],
    leave_days: Mapping[int, Iterable[dt.date]],
) -> dict[int, int]:
    """Child → unexcused school days running on `day`, still away (children on no run left out)."""
    ids = maybe_still_away(first, last, rules, class_of, leave_days)
    if not ids:
        return {}
    out = {}
    for sc in student_chains(day, calendar, rules, student_ids=ids):
        chain = sc.last
        if chain is not None and chain.is_open:
            out[sc.student.id] = chain.count
    return out
