"""The event record's sources for the roster and the head-count: the child's file opened, class
placements, 学籍变动 (and their withdrawal), risk flags, absences, leave and the escalation
steps reached or done. See services.events for the design."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

import peewee as pw

from kongchuo_desktop.db.fast_reads import IDS, as_json, raw_rows, sql_rows
from kongchuo_desktop.db.models import (
    Absence,
    AuditLog,
    EscalationAction,
    LeaveRequest,
    RiskFlag,
    SchoolClass,
    StatusChange,
    Student,
    Teacher,
    stored_day,
)
from kongchuo_desktop.domain import escalation as esc
from kongchuo_desktop.domain.attendance import Period
from kongchuo_desktop.domain.leave import LeaveState, cancellation
from kongchuo_desktop.services import membership
from kongchuo_desktop.services.attendance.escalation_ledger import escalation_items
from kongchuo_desktop.services.calendar_service import load_calendar
from kongchuo_desktop.services.event_types import (
    COMPUTED,
    EventKind,
    Query,
    RawEvent,
    SourceRef,
    for_students,
)
from kongchuo_desktop.services.responsibility import TeacherRef


def registered(q: Query) -> Iterable[RawEvent]:
    start = dt.datetime.combine(q.first, dt.time.min)
    end = dt.datetime.combine(q.last, dt.time.max)
    rows = Student.select(Student.id, Student.created_at).where(
        Student.created_at.between(start, end)
    )
    for sid, created in for_students(rows, Student.id, q).tuples():
        yield RawEvent(
            EventKind.REGISTERED,
            stored_day(created),
            sid,
            SourceRef("student", sid),
            "在本系统建立学籍档案",
        )


def memberships(q: Query) -> Iterable[RawEvent]:
    spells = membership.memberships(q.student_ids, include_withdrawn=True)
    names = {c.id: c.name for c in SchoolClass.select()}
    for sid, rows in spells.items():
        kept: list[membership.Membership] = []  # the child's memberships so far, none withdrawn
        for m in rows:
            before = kept[-1] if kept else None
            if not m.withdrawn:
                kept.append(m)
            if not (q.first <= m.start_date <= q.last):
                continue
            name = names.get(m.class_id, "")
            detail = f"登记：{m.recorded_by}" if m.recorded_by else ""
            if before is not None and before.school_year == m.school_year:
                kind = EventKind.CLASS_MOVE
                text = f"调班：{names.get(before.class_id, '')} → {name}"
            else:
                kind, text, detail = EventKind.ENROLMENT, f"{m.school_year}学年在{name}", ""
            yield RawEvent(
                kind, m.start_date, sid, SourceRef("enrollment", m.id), text, detail, m.withdrawn
            )
    # Children with a class but no membership at all (written before memberships were kept).
    legacy = (
        Student.select(Student.id, SchoolClass.id, SchoolClass.school_year)
        .join(SchoolClass, on=(Student.school_class == SchoolClass.id))
        .where(Student.id.not_in(list(spells)))
    )
    starts: dict[str, dt.date] = {}
    for sid, cid, year in for_students(legacy, Student.id, q).tuples():
        day = starts.get(year) or starts.setdefault(year, membership.year_start(year))
        if q.first <= day <= q.last:
            text = f"{year}学年在{names.get(cid, '')}"
            yield RawEvent(EventKind.ENROLMENT, day, sid, SourceRef("student", sid), text)


class _Change(NamedTuple):
    id: int
    student_id: int
    status: str
    date: dt.date
    reason: str
    documents: str
    approved_by: str
    recorded_by: str
    until: dt.date | None
    details: dict | None
    withdrawn_at: dt.datetime | None
    withdrawn_by: str
    withdrawn_reason: str


_CHANGE_COLUMNS = (
    "id, student_id, status, date, reason, documents, approved_by, recorded_by, until, details,"
    " withdrawn_at, withdrawn_by, withdrawn_reason"
)


def _changes(rows: list[tuple]) -> Iterable[_Change]:
    """Raw status_change rows of _CHANGE_COLUMNS (db.fast_reads: the month report reads every
    change of the year), converted as the model converts them."""
    sc = StatusChange
    until, details, when = (
        sc.until.python_value,
        sc.details.python_value,
        sc.withdrawn_at.python_value,
    )
    for r in rows:
        yield _Change(
            *r[:3],
            stored_day(r[3]),
            *r[4:8],
            until(r[8]) if r[8] is not None else None,
            details(r[9]) if r[9] is not None else None,
            when(r[10]) if r[10] is not None else None,
            *r[11:],
        )


def status_changes(q: Query) -> Iterable[RawEvent]:
    for fact in status_change_facts(q):
        yield RawEvent(*fact)


def status_change_facts(q: Query) -> Iterable[tuple]:
    """The 学籍变动 (and their withdrawals) as RawFact tuples: `status_changes` without the
    RawEvent objects (services.events.facts_between)."""
    sql = f"SELECT {_CHANGE_COLUMNS} FROM status_change WHERE date BETWEEN ? AND ?"
    params = [q.first.isoformat(), q.last.isoformat()]
    if not q.include_withdrawn:
        sql += " AND withdrawn_at IS NULL"
    if q.student_ids is not None:
        sql += f" AND student_id IN {IDS}"
        params.append(as_json(q.student_ids))
    kind = EventKind.STATUS_CHANGE
    until_value, details_value = StatusChange.until.python_value, StatusChange.details.python_value
    for row in sql_rows(sql + " ORDER BY date, id", *params):
        # Plain columns (_CHANGE_COLUMNS), the few that can be empty converted only when set:
        # a report reads every change of the year, and a NamedTuple per row was most of it.
        change_id, sid, status, day, reason, documents, approved_by, recorded_by = row[:8]
        until, details = row[8], row[9]
        parts = []
        if documents:
            parts.append(f"材料：{documents}")
        if details is not None:
            for step, value in (details_value(details) or {}).items():
                parts.append(f"{step}：{value}")
        if until is not None and (until := until_value(until)):
            parts.append(f"截止：{until}")
        if approved_by:
            parts.append(f"审批：{approved_by}")
        if recorded_by:
            parts.append(f"登记：{recorded_by}")
        # "转入：转入" says nothing twice: a reason that only repeats the status is left out.
        text = status if reason.strip() in ("", status) else f"{status}：{reason}"
        withdrawn = row[10] is not None
        if withdrawn:
            parts.append(withdrawal(next(_changes([row]))))
        source = SourceRef("status_change", change_id)
        yield (kind, stored_day(day), sid, source, text, "；".join(parts), withdrawn)
    # The withdrawals, on the day each was made (the change itself may be of another month).
    if EventKind.STATUS_WITHDRAWN not in q.kinds:
        return
    start = dt.datetime.combine(q.first, dt.time.min)
    end = dt.datetime.combine(q.last, dt.time.max)
    rows = StatusChange.select(pw.SQL(_CHANGE_COLUMNS)).where(
        StatusChange.withdrawn_at.between(start, end)
    )
    rows = for_students(rows, StatusChange.student, q)
    for c in _changes(raw_rows(rows.order_by(StatusChange.withdrawn_at, StatusChange.id))):
        yield (
            EventKind.STATUS_WITHDRAWN,
            stored_day(c.withdrawn_at),
            c.student_id,
            SourceRef("status_change", c.id),
            f"撤销{c.date:%m月%d日}的“{c.status}”：{c.withdrawn_reason}",
            f"登记：{c.withdrawn_by}" if c.withdrawn_by else "",
            False,
        )


def withdrawal(c: StatusChange | _Change) -> str:
    by = f"，{c.withdrawn_by}" if c.withdrawn_by else ""
    return f"已撤销（{stored_day(c.withdrawn_at)}{by}）：{c.withdrawn_reason}"


def risk_flags(q: Query) -> Iterable[RawEvent]:
    rows = RiskFlag.select().where(RiskFlag.since.between(q.first, q.last))
    for f in for_students(rows, RiskFlag.student, q):
        yield RawEvent(
            EventKind.RISK_FLAG_ADDED,
            stored_day(f.since),
            f.student_id,
            SourceRef("risk_flag", f.id),
            f"标记为{f.flag}",
            f.note,
        )
    # A removed flag's row is gone; the audit trail's delete line is its only dated record.
    start = dt.datetime.combine(q.first, dt.time.min)
    end = dt.datetime.combine(q.last, dt.time.max)
    wanted = set(q.student_ids) if q.student_ids is not None else None
    for line in AuditLog.select().where(
        (AuditLog.table == "risk_flag")
        & (AuditLog.action == "delete")
        & AuditLog.at.between(start, end)
    ):
        before = line.before or {}
        sid = before.get("student")
        if sid is None or (wanted is not None and sid not in wanted):
            continue
        yield RawEvent(
            EventKind.RISK_FLAG_REMOVED,
            stored_day(line.at),
            sid,
            SourceRef("risk_flag", line.row_id or 0),
            f"取消{before.get('flag', '')}标记",
            f"登记：{line.actor}",
        )


def absences(q: Query) -> Iterable[RawEvent]:
    # A run of consecutive school days with the same reason is one event ("11月02日至11月27日，
    # 共18个上学日"): a month of sick leave should not bury everything else on the page.
    calendar = load_calendar()
    rows = Absence.select().where(Absence.date.between(q.first, q.last))
    runs: dict[int, list[list]] = {}  # student → [first, last, days, text, first row id]
    for a in for_students(rows, Absence.student, q).order_by(Absence.date, Absence.id):
        day = stored_day(a.date)
        period = "" if a.period == Period.FULL else f"（{a.period}）"
        note = f"：{a.note}" if a.note else ""
        text = f"{a.reason}{period}{note}"
        student_runs = runs.setdefault(a.student_id, [])
        last = student_runs[-1] if student_runs else None
        if last and last[3] == text and calendar.previous_school_day(day) == last[1]:
            last[1], last[2] = day, last[2] + 1
        else:
            student_runs.append([day, day, 1, text, a.id])
    for sid, student_runs in runs.items():
        for first, last_day, days, text, row_id in student_runs:
            if days > 1:
                text += f"（{first:%m月%d日}至{last_day:%m月%d日}，共{days}个上学日）"
            yield RawEvent(EventKind.ABSENCE, first, sid, SourceRef("absence", row_id), text)


def leave(q: Query) -> Iterable[RawEvent]:
    """A leave on its first day; a cancelled one is withdrawn there and its 撤销 is a fact of the
    day it was cancelled (before the first day, so perhaps in an earlier period)."""
    rows = LeaveRequest.select().where(
        LeaveRequest.start_date.between(q.first, q.last)
        | (LeaveRequest.state == LeaveState.CANCELLED.value)
    )
    for leave in for_students(rows, LeaveRequest.student, q):
        cancel = cancellation(leave.approvals)
        if cancel and q.first <= dt.date.fromisoformat(cancel["on"]) <= q.last:
            yield RawEvent(
                EventKind.LEAVE_CANCELLED,
                dt.date.fromisoformat(cancel["on"]),
                leave.student_id,
                SourceRef("leave_request", leave.id),
                f"撤销{leave.start_date:%m月%d日}起的{leave.kind}：{cancel['cancelled']}",
                f"撤销人：{cancel.get('by', '')}",
            )
        if not q.first <= stored_day(leave.start_date) <= q.last:
            continue
        text = (
            f"{leave.kind} {leave.start_date:%m月%d日}{leave.start_half}至"
            f"{leave.end_date:%m月%d日}{leave.end_half}，{leave.state}"
        )
        if leave.returned_on:
            text += f"，{leave.returned_on:%m月%d日}销假"
        decided = [
            f"{a.get('role', '')}{'驳回' if a.get('rejected') else '批准'}（{a.get('by', '')}）"
            for a in (leave.approvals or [])
            if "role" in a
        ]
        yield RawEvent(
            EventKind.LEAVE,
            stored_day(leave.start_date),
            leave.student_id,
            SourceRef("leave_request", leave.id),
            text,
            "；".join(decided),
            withdrawn=cancel is not None,
        )


def steps_done(q: Query) -> Iterable[RawEvent]:
    start = dt.datetime.combine(q.first, dt.time.min)
    end = dt.datetime.combine(q.last, dt.time.max)
    rows = (
        EscalationAction.select(EscalationAction, StatusChange.withdrawn_at)
        .join(
            StatusChange,
            pw.JOIN.LEFT_OUTER,
            on=(EscalationAction.status_change == StatusChange.id),
        )
        .where(
            EscalationAction.done_at.is_null(False) & EscalationAction.done_at.between(start, end)
        )
    )
    if not q.include_withdrawn:  # a step done by a 学籍变动 since withdrawn is due again
        rows = rows.where(StatusChange.withdrawn_at.is_null())
    names = dict(Teacher.select(Teacher.id, Teacher.name).tuples())
    for e in for_students(rows, EscalationAction.student, q).objects():
        label = esc.STEP_LABELS.get(esc.Step(e.step), e.step)
        note = f"：{e.note}" if e.note else ""
        named = ()
        if e.responsible_id is not None:
            named = (TeacherRef(e.responsible_id, names.get(e.responsible_id, ""), "负责人"),)
        withdrawn = e.withdrawn_at is not None
        detail = f"缺勤自{stored_day(e.chain_start):%m月%d日}起"
        if withdrawn:
            detail += "；随学籍变动撤销，重新待办"
        yield RawEvent(
            EventKind.STEP_DONE,
            stored_day(e.done_at),
            e.student_id,
            SourceRef("escalation_action", e.id),
            f"{label}（{e.done_by}）{note}",
            detail,
            withdrawn=withdrawn,
            teachers=named,
        )


def steps_reached(q: Query) -> Iterable[RawEvent]:
    day = min(q.last, q.today)
    if day < q.first:
        return
    for item in escalation_items(day, include_done=True, student_ids=q.student_ids):
        if not (q.first <= item.due_date <= q.last):
            continue
        yield RawEvent(
            EventKind.STEP_REACHED,
            item.due_date,
            item.student_id,
            SourceRef(COMPUTED, 0),
            item.label,
            f"缺勤自{item.chain_start:%m月%d日}起",
        )
