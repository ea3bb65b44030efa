"""The event record: every dated fact about a child, read through one call, `events_between`.

What the monthly report, the assessment and the student's timeline count — a 学籍变动, a class
placement or 调班, a risk flag added or removed, absences, leave, an escalation step reached or
done, the child's file opened — comes back as `Event` rows: the kind (an enum), the date, the
child, the class the child was in ON THAT DAY, the teachers responsible that day, a link to the
source row, the Chinese text, and whether the fact was withdrawn.

Design: a union over the source tables, not a table of its own. Each fact already lives, dated
and audited, in the row its service writes (status_change, enrollment, leave_request …); a second
copy written beside it would have to be kept equal by every write path, imports and migrations
included, and would drift the first time one forgot — and the report must never disagree with
the student's page. The price is that a period query runs one query per source rather than one
indexed range scan; every source filters by date in SQL, so a school year of a 3,000-student
school stays a few queries. A source whose rows cannot be undone has no withdrawn facts; one that
can (a 调班 corrected on the day it took effect: `Enrollment.withdrawn_at`; a 学籍变动 withdrawn,
撤销: `StatusChange.withdrawn_at`, and with it the escalation step done that wrote it) marks the
row and returns it with `withdrawn=True`, shown only with `include_withdrawn=True`. The withdrawal
itself is a fact of its own day (STATUS_WITHDRAWN), never withdrawn.

Limits, said here once: the only dated record of a removed risk flag is the audit trail's delete
line, so that kind reads it; a flag without a `since` date has no date and is not an event; the
escalation steps reached are computed by the escalation ledger for the term containing the end
of the period (earlier terms' steps show through the steps done); a run of absences is cut at the
period's bounds (a report counts the days inside its month).

Adding a kind (the 劝返 case, a contact, a notice, a 送教 visit, a 三包 assignment …):
  1. add a member to `EventKind` (its value is the Chinese name; `category` says which timeline
     column it shows under);
  2. write a source `def _my_rows(q: Query) -> Iterable[RawEvent]` that reads its table for
     `q.first … q.last` and `q.student_ids` and yields `RawEvent`s (teachers named on the source
     row go in `teachers`; the day's responsible teachers are added here);
  3. add `EventSource(frozenset({EventKind.MY_KIND}), _my_rows)` to `SOURCES` below. Nothing is
     registered by importing a module: this list is the registry.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import peewee as pw

from kongchuo_desktop.db.models import (
    Absence,
    Assignment,
    AuditLog,
    EscalationAction,
    LeaveRequest,
    ResponsibilityLetter,
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
from kongchuo_desktop.services import membership, people_events
from kongchuo_desktop.services.attendance.escalation_ledger import escalation_items
from kongchuo_desktop.services.calendar_service import load_calendar
from kongchuo_desktop.services.responsibility import Resolver, TeacherRef


class EventKind(enum.Enum):
    REGISTERED = "建档"
    ENROLMENT = "编班"  # the class a child starts a 学年 in
    CLASS_MOVE = "调班"
    STATUS_CHANGE = "学籍变动"
    STATUS_WITHDRAWN = "撤销学籍变动"  # a 学籍变动 withdrawn (录入错误 …), dated the day it was
    RISK_FLAG_ADDED = "标记重点学生"
    RISK_FLAG_REMOVED = "取消重点学生"
    ABSENCE = "缺勤"  # a run of school days with the same absence, one event
    LEAVE = "请假"  # one request, dated its first day; the text says how it was decided
    LEAVE_CANCELLED = "撤销请假"  # a leave withdrawn before its first day, dated the day it was
    STEP_REACHED = "缺勤上报到期"  # an absence run reached an escalation step (its due day)
    STEP_DONE = "缺勤上报"  # the clerk marked the step done
    TRANSFER_STEP = people_events.TRANSFER_STEP  # a step of the 转出 procedure (转出手续)
    TRANSFER_ABANDONED = people_events.TRANSFER_ABANDONED  # the procedure abandoned (撤回)
    MERGED = people_events.MERGED  # two records of one child merged into this one
    ASSIGNED = "指定包保"  # a 包保 teacher or 一帮一 helper from a day (services.sanbao)
    CONFIRMED = "确认包保"  # an assignment confirmed after it began (a new term's carry-over)
    ASSIGNMENT_ENDED = "包保结束"  # its last day: reassigned, or the 一帮一 ended
    LETTER_SIGNED = "签订责任书"  # the 责任书 covering the child's assignment

    @property
    def category(self) -> str:
        """The 类别 the student's timeline shows it under."""
        return _CATEGORY.get(self, self.value)


_CATEGORY = {
    EventKind.STATUS_WITHDRAWN: "学籍变动",
    EventKind.LEAVE_CANCELLED: "请假",
    EventKind.ENROLMENT: "班级",
    EventKind.CLASS_MOVE: "班级",
    EventKind.RISK_FLAG_ADDED: "重点学生",
    EventKind.RISK_FLAG_REMOVED: "重点学生",
    EventKind.STEP_REACHED: "缺勤上报",
    EventKind.TRANSFER_STEP: "学籍变动",
    EventKind.TRANSFER_ABANDONED: "学籍变动",
    EventKind.MERGED: "建档",
    EventKind.ASSIGNED: "三包",
    EventKind.CONFIRMED: "三包",
    EventKind.ASSIGNMENT_ENDED: "三包",
    EventKind.LETTER_SIGNED: "三包",
}


@dataclass(frozen=True)
class SourceRef:
    """The row a fact was read from: table name and id; `COMPUTED` for a step reached, which
    the escalation ledger works out from the absences and no row holds."""

    table: str
    id: int


COMPUTED = "computed"


@dataclass(frozen=True)
class Event:
    kind: EventKind
    date: dt.date
    student_id: int
    student_name: str
    class_id: int | None  # the class the child was in on `date`
    class_name: str
    teachers: tuple[TeacherRef, ...]  # named on the source row, then responsible that day
    source: SourceRef
    text: str
    detail: str = ""
    withdrawn: bool = False


@dataclass(frozen=True)
class RawEvent:
    """What a source yields; events_between adds the names, the class and the teachers."""

    kind: EventKind
    date: dt.date
    student_id: int
    source: SourceRef
    text: str
    detail: str = ""
    withdrawn: bool = False
    teachers: tuple[TeacherRef, ...] = ()


@dataclass(frozen=True)
class Query:
    first: dt.date
    last: dt.date
    student_ids: list[int] | None
    include_withdrawn: bool
    today: dt.date


@dataclass(frozen=True)
class EventSource:
    kinds: frozenset[EventKind]
    read: Callable[[Query], Iterable[RawEvent]]


def _for_students(query, field, q: Query):
    return query if q.student_ids is None else query.where(field.in_(q.student_ids))


# --- the sources ----------------------------------------------------------------------------------


def _registered(q: Query) -> Iterable[RawEvent]:
    start = dt.datetime.combine(q.first, dt.time.min)
    end = dt.datetime.combine(q.last, dt.time.max)
    rows = Student.select(Student.id, Student.created_at).where(
        Student.created_at.between(start, end)
    )
    for sid, created in _for_students(rows, Student.id, q).tuples():
        yield RawEvent(
            EventKind.REGISTERED,
            stored_day(created),
            sid,
            SourceRef("student", sid),
            "在本系统建立学籍档案",
        )


def _memberships(q: Query) -> Iterable[RawEvent]:
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
    for sid, cid, year in _for_students(legacy, Student.id, q).tuples():
        day = starts.get(year) or starts.setdefault(year, membership.year_start(year))
        if q.first <= day <= q.last:
            text = f"{year}学年在{names.get(cid, '')}"
            yield RawEvent(EventKind.ENROLMENT, day, sid, SourceRef("student", sid), text)


def _status_changes(q: Query) -> Iterable[RawEvent]:
    rows = StatusChange.select().where(StatusChange.date.between(q.first, q.last))
    if not q.include_withdrawn:
        rows = rows.where(StatusChange.withdrawn_at.is_null())
    for c in _for_students(rows, StatusChange.student, q).order_by(
        StatusChange.date, StatusChange.id
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
        if c.withdrawn_at is not None:
            parts.append(_withdrawal(c))
        yield RawEvent(
            EventKind.STATUS_CHANGE,
            stored_day(c.date),
            c.student_id,
            SourceRef("status_change", c.id),
            text,
            "；".join(parts),
            withdrawn=c.withdrawn_at is not None,
        )
    # The withdrawals, on the day each was made (the change itself may be of another month).
    start = dt.datetime.combine(q.first, dt.time.min)
    end = dt.datetime.combine(q.last, dt.time.max)
    rows = StatusChange.select().where(StatusChange.withdrawn_at.between(start, end))
    for c in _for_students(rows, StatusChange.student, q).order_by(
        StatusChange.withdrawn_at, StatusChange.id
    ):
        yield RawEvent(
            EventKind.STATUS_WITHDRAWN,
            stored_day(c.withdrawn_at),
            c.student_id,
            SourceRef("status_change", c.id),
            f"撤销{stored_day(c.date):%m月%d日}的“{c.status}”：{c.withdrawn_reason}",
            f"登记：{c.withdrawn_by}" if c.withdrawn_by else "",
        )


def _withdrawal(c: StatusChange) -> str:
    by = f"，{c.withdrawn_by}" if c.withdrawn_by else ""
    return f"已撤销（{stored_day(c.withdrawn_at)}{by}）：{c.withdrawn_reason}"


def _risk_flags(q: Query) -> Iterable[RawEvent]:
    rows = RiskFlag.select().where(RiskFlag.since.between(q.first, q.last))
    for f in _for_students(rows, RiskFlag.student, q):
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


def _absences(q: Query) -> Iterable[RawEvent]:
    # A run of consecutive school days with the same reason is one event ("11月02日至11月27日，
    # 共18个上学日"): a month of sick leave should not bury everything else on the page.
    calendar = load_calendar()
    rows = Absence.select().where(Absence.date.between(q.first, q.last))
    runs: dict[int, list[list]] = {}  # student → [first, last, days, text, first row id]
    for a in _for_students(rows, Absence.student, q).order_by(Absence.date, Absence.id):
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


def _leave(q: Query) -> Iterable[RawEvent]:
    """A leave on its first day; a cancelled one is withdrawn there and its 撤销 is a fact of the
    day it was cancelled (before the first day, so perhaps in an earlier period)."""
    rows = LeaveRequest.select().where(
        LeaveRequest.start_date.between(q.first, q.last)
        | (LeaveRequest.state == LeaveState.CANCELLED.value)
    )
    for leave in _for_students(rows, LeaveRequest.student, q):
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


def _steps_done(q: Query) -> Iterable[RawEvent]:
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
    for e in _for_students(rows, EscalationAction.student, q).objects():
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


def _steps_reached(q: Query) -> Iterable[RawEvent]:
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


def _facts(read: Callable[..., Iterable[people_events.Fact]]) -> Callable[[Query], Iterable]:
    """A source reading `people_events` facts (their kinds named by value) as RawEvents."""

    def source(q: Query) -> Iterable[RawEvent]:
        for f in read(q.first, q.last, q.student_ids):
            ref = SourceRef(f.table, f.row_id)
            kind = EventKind(f.kind)
            yield RawEvent(kind, f.date, f.student_id, ref, f.text, f.detail, f.withdrawn)

    return source


def _assignments(q: Query) -> Iterable[RawEvent]:
    """三包 assignments about a child (包保教师, 帮扶教师, 帮扶学生): begun, confirmed later,
    ended, covered by a signed 责任书. School, grade and village assignments name no child and are
    not events of a child."""
    letters = dict(
        ResponsibilityLetter.select(
            ResponsibilityLetter.id, ResponsibilityLetter.signed_on
        ).tuples()
    )
    names = dict(Teacher.select(Teacher.id, Teacher.name).tuples())
    rows = Assignment.select().where(
        Assignment.student.is_null(False)
        & (
            Assignment.start_date.between(q.first, q.last)
            | Assignment.confirmed_on.between(q.first, q.last)
            | Assignment.end_date.between(q.first, q.last)
            | Assignment.letter.is_null(False)
        )
    )
    for a in _for_students(rows, Assignment.student, q):
        holder = names.get(a.teacher_id, "") if a.teacher_id is not None else a.person_name
        teachers = (TeacherRef(a.teacher_id, holder, a.role),) if a.teacher_id is not None else ()
        source = SourceRef("assignment", a.id)
        start = stored_day(a.start_date)
        facts = [(EventKind.ASSIGNED, start, f"{a.role}：{holder}")]
        if a.confirmed_on is not None and stored_day(a.confirmed_on) > start:
            facts.append((EventKind.CONFIRMED, stored_day(a.confirmed_on), f"{a.role}：{holder}"))
        if a.end_date is not None:
            facts.append(
                (EventKind.ASSIGNMENT_ENDED, stored_day(a.end_date), f"{a.role}：{holder}")
            )
        if a.letter_id in letters:
            signed = stored_day(letters[a.letter_id])
            facts.append((EventKind.LETTER_SIGNED, signed, f"{holder}签订{a.role}责任书"))
        for kind, day, text in facts:
            if q.first <= day <= q.last:
                yield RawEvent(kind, day, a.student_id, source, text, teachers=teachers)


# The registry: every kind of fact, and where it is read. Order = order within a day.
SOURCES: list[EventSource] = [
    EventSource(frozenset({EventKind.REGISTERED}), _registered),
    EventSource(frozenset({EventKind.ENROLMENT, EventKind.CLASS_MOVE}), _memberships),
    EventSource(frozenset({EventKind.STATUS_CHANGE, EventKind.STATUS_WITHDRAWN}), _status_changes),
    EventSource(frozenset({EventKind.RISK_FLAG_ADDED, EventKind.RISK_FLAG_REMOVED}), _risk_flags),
    EventSource(frozenset({EventKind.ABSENCE}), _absences),
    EventSource(frozenset({EventKind.LEAVE, EventKind.LEAVE_CANCELLED}), _leave),
    EventSource(frozenset({EventKind.STEP_DONE}), _steps_done),
    EventSource(frozenset({EventKind.STEP_REACHED}), _steps_reached),
    EventSource(
        frozenset({EventKind.TRANSFER_STEP, EventKind.TRANSFER_ABANDONED}),
        _facts(people_events.transfer_facts),
    ),
    EventSource(frozenset({EventKind.MERGED}), _facts(people_events.merge_facts)),
    EventSource(
        frozenset(
            {
                EventKind.ASSIGNED,
                EventKind.CONFIRMED,
                EventKind.ASSIGNMENT_ENDED,
                EventKind.LETTER_SIGNED,
            }
        ),
        _assignments,
    ),
]


def events_between(
    first: dt.date | None,
    last: dt.date | None,
    kinds: Iterable[EventKind] | None = None,
    students: Iterable[int] | None = None,
    teachers: Iterable[int] | None = None,
    include_withdrawn: bool = False,
    today: dt.date | None = None,
) -> list[Event]:
    """Every event dated `first` … `last` (both included; None: no bound), of `kinds` (default
    all), about `students` (ids; default all), involving any of `teachers` (ids; default any),
    oldest first (within a day, in the order of SOURCES). Withdrawn facts only when asked.
    `today` bounds the escalation steps reached (default: the computer's date)."""
    today = today or dt.date.today()
    wanted = set(kinds) if kinds is not None else set(EventKind)
    student_ids = sorted(set(students)) if students is not None else None
    teacher_ids = set(teachers) if teachers is not None else None
    q = Query(
        first or dt.date(1900, 1, 1),
        last or dt.date(9999, 12, 31),
        student_ids,
        include_withdrawn,
        today,
    )
    raw: list[tuple[int, int, RawEvent]] = []
    for order, source in enumerate(SOURCES):
        if not (source.kinds & wanted):
            continue
        for n, r in enumerate(source.read(q)):
            if r.kind in wanted and (include_withdrawn or not r.withdrawn):
                raw.append((order, n, r))
    if not raw:
        return []
    resolver = Resolver(student_ids)
    names = dict(
        Student.select(Student.id, Student.name)
        .where(Student.id.in_(list({r.student_id for _, _, r in raw})))
        .tuples()
    )
    out = []
    for _order, _n, r in sorted(raw, key=lambda t: (t[2].date, t[0], t[1])):
        who = resolver.responsible(r.student_id, r.date)
        involved = r.teachers + tuple(t for t in who.teachers if t not in r.teachers)
        if teacher_ids is not None and not any(t.id in teacher_ids for t in involved):
            continue
        out.append(
            Event(
                kind=r.kind,
                date=r.date,
                student_id=r.student_id,
                student_name=names.get(r.student_id, ""),
                class_id=who.class_id,
                class_name=who.class_name,
                teachers=involved,
                source=r.source,
                text=r.text,
                detail=r.detail,
                withdrawn=r.withdrawn,
            )
        )
    return out
