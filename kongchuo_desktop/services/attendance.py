"""一日一点名: saving a class's head-count, the day's overview, leave, escalation, statistics.

Views and the CLI call these; every write goes through services.audit with an explicit actor.
实到 is always 应到 minus the absent students (迟到/早退 count as present); 应到 is the class's
students on the roll (domain.student_status.ON_ROLL).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import peewee as pw

from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.models import (
    Absence,
    AttendanceReport,
    EscalationAction,
    LeaveRequest,
    SchoolClass,
    StatusChange,
    Student,
    Teacher,
)
from kongchuo_desktop.domain import escalation as esc
from kongchuo_desktop.domain import leave as lv
from kongchuo_desktop.domain.attendance import (
    PRESENT_REASONS,
    AbsenceReason,
    AbsenceRecord,
    Period,
    attendance_rate,
    day_weight,
)
from kongchuo_desktop.domain.headcount_message import (
    ParsedMessage,
    Roster,
    RosterClass,
    SavedReport,
)
from kongchuo_desktop.domain.headcount_message import parse_message as _parse
from kongchuo_desktop.domain.school_calendar import SchoolCalendar
from kongchuo_desktop.domain.student_status import ON_ROLL, StudentStatus
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import attendance_rules, audit, membership
from kongchuo_desktop.services.calendar_service import (
    current_school_year,
    load_calendar,
    term_containing,
)
from kongchuo_desktop.services.class_change import ClassChoice
from kongchuo_desktop.services.responsibility import heads_on, responsible_for
from kongchuo_desktop.services.student_status import change_status

ON_ROLL_VALUES = sorted(s.value for s in ON_ROLL)


class AttendanceError(UserError, ValueError):
    """A head-count, leave or escalation action that cannot be saved; the message says why."""


# --- classes and rosters --------------------------------------------------------------------------


def current_classes(day: dt.date | None = None) -> list[SchoolClass]:
    """The classes in use: this 学年's, not archived."""
    year = current_school_year(day)
    q = SchoolClass.select().where(SchoolClass.archived == False)  # noqa: E712
    if year:
        q = q.where(SchoolClass.school_year == year)
    return list(q.order_by(SchoolClass.grade, SchoolClass.number))


def class_students(class_id: int) -> list[Student]:
    """The class's students on the roll (应到), in register order."""
    return list(
        Student.select()
        .where((Student.school_class == class_id) & (Student.status.in_(ON_ROLL_VALUES)))
        .order_by(Student.id)
    )


@dataclass(frozen=True)
class RollChild:
    """A child on a class's roll as the head-count and leave forms show it."""

    id: int
    name: str
    name_pinyin: str
    name_initials: str


def roll(class_id: int) -> list[RollChild]:
    """class_students as plain rows, for the views."""
    return [
        RollChild(s.id, s.name, s.name_pinyin, s.name_initials) for s in class_students(class_id)
    ]


def class_choices(day: dt.date | None = None) -> list[ClassChoice]:
    """current_classes as (id, name) rows, for the views."""
    return [ClassChoice(c.id, c.name) for c in current_classes(day)]


def _expected_counts(day: dt.date) -> dict[int, int]:
    """class → its students on the roll, counted in the class each child was in on `day`."""
    on_roll = {
        sid
        for (sid,) in Student.select(Student.id).where(Student.status.in_(ON_ROLL_VALUES)).tuples()
    }
    return {
        cid: sum(1 for sid in ids if sid in on_roll)
        for cid, ids in membership.members_on(day).items()
    }


# --- the day's head-count -------------------------------------------------------------------------


@dataclass(frozen=True)
class AbsenceInput:
    student_id: int
    reason: str
    period: str = Period.FULL.value
    note: str = ""


@dataclass(frozen=True)
class ClassDayRow:
    class_id: int
    name: str
    head_teacher: str
    expected: int
    reported: bool
    present: int | None
    absent: int  # students absent (not counting 迟到/早退)
    late_or_early: int
    source: str = ""
    reported_by: str = ""


def day_overview(day: dt.date, classes: list[SchoolClass] | None = None) -> list[ClassDayRow]:
    classes = classes if classes is not None else current_classes(day)
    expected = _expected_counts(day)
    reports = {
        r.school_class_id: r for r in AttendanceReport.select().where(AttendanceReport.date == day)
    }
    absent: dict[int, set[int]] = defaultdict(set)
    late: dict[int, set[int]] = defaultdict(set)
    for class_id, student_id, reason in (
        Absence.select(Absence.school_class, Absence.student, Absence.reason)
        .where(Absence.date == day)
        .tuples()
    ):
        (late if reason in PRESENT_REASONS else absent)[class_id].add(student_id)
    names = {t.id: t.name for t in Teacher.select(Teacher.id, Teacher.name)}
    heads = heads_on([c.id for c in classes], day)
    rows = []
    for c in classes:
        r = reports.get(c.id)
        rows.append(
            ClassDayRow(
                class_id=c.id,
                name=c.name,
                head_teacher=names.get(heads.get(c.id), ""),
                expected=r.expected if r else expected.get(c.id, 0),
                reported=r is not None,
                present=r.present if r else None,
                absent=len(absent[c.id]),
                late_or_early=len(late[c.id] - absent[c.id]),
                source=r.source if r else "",
                reported_by=r.reported_by if r else "",
            )
        )
    return rows


def class_absences(class_id: int, day: dt.date) -> list[AbsenceInput]:
    return [
        AbsenceInput(a.student_id, a.reason, a.period, a.note)
        for a in Absence.select()
        .where((Absence.school_class == class_id) & (Absence.date == day))
        .order_by(Absence.id)
    ]


def leave_prefill(
    class_id: int, day: dt.date, calendar: SchoolCalendar | None = None
) -> list[AbsenceInput]:
    """Students of the class (on that day) on approved leave that day: absent, excused, before
    anyone types."""
    calendar = calendar or load_calendar()
    out = []
    members = membership.members_on(day, [class_id]).get(class_id, [])
    periods = leave_periods_by_student(day, day, calendar, student_ids=members)
    for student_id, days in periods.items():
        if day in days:
            kind = days[day][1]
            out.append(AbsenceInput(student_id, kind, days[day][0].value, "已批准的请假"))
    return out


def report_for(class_id: int, day: dt.date) -> AttendanceReport | None:
    return AttendanceReport.get_or_none(
        (AttendanceReport.school_class == class_id) & (AttendanceReport.date == day)
    )


def future_day_problem(day: dt.date, today: dt.date | None = None) -> str | None:
    """Why a head-count cannot be taken on `day` yet (None: it is today or a past day)."""
    if day > (today or dt.date.today()):
        return f"{day:%Y年%m月%d日}还没到，不能提前点名"
    return None


def _validate(
    class_id: int,
    day: dt.date,
    absences: Iterable[AbsenceInput],
    calendar: SchoolCalendar,
    today: dt.date | None = None,
) -> tuple[SchoolClass, list[int], list[AbsenceInput]]:
    cls = SchoolClass.get_or_none(SchoolClass.id == class_id)
    if cls is None:
        raise AttendanceError("没有这个班级")
    if problem := future_day_problem(day, today):
        raise AttendanceError(problem)
    if not calendar.is_school_day(day):
        raise AttendanceError(f"{day:%Y年%m月%d日}不是上学日，不能点名（请检查校历）")
    roster, names = [], {}
    members = membership.members_on(day, [class_id]).get(class_id, [])
    for sid, name, status in (
        Student.select(Student.id, Student.name, Student.status)
        .where(Student.id.in_(members))
        .order_by(Student.id)
        .tuples()
    ):
        names[sid] = name
        if status in ON_ROLL_VALUES:
            roster.append(sid)
    on_roll = set(roster)
    seen: dict[int, set[Period]] = defaultdict(set)
    clean = []
    for a in absences:
        try:
            reason = AbsenceReason(a.reason)
            period = Period(a.period)
        except ValueError as exc:
            raise AttendanceError(f"缺勤原因或时段无效：{a.reason} {a.period}") from exc
        who = names.get(a.student_id, f"学生{a.student_id}")
        if a.student_id not in on_roll:
            raise AttendanceError(f"{who}不是{cls.name}的在籍学生，不能记缺勤")
        halves = {Period.MORNING, Period.AFTERNOON} if period is Period.FULL else {period}
        if halves & seen[a.student_id]:
            raise AttendanceError(f"{who}同一时段记了两次缺勤")
        seen[a.student_id] |= halves
        clean.append(AbsenceInput(a.student_id, reason.value, period.value, a.note.strip()))
    return cls, roster, clean


def save_class(
    actor: str,
    class_id: int,
    day: dt.date,
    absences: Iterable[AbsenceInput],
    source: str = "manual",
    reported_by: str = "",
    note: str = "",
    calendar: SchoolCalendar | None = None,
    today: dt.date | None = None,
) -> AttendanceReport:
    """Save one class's head-count for `day` in one transaction: its absences replace the ones
    saved before (unchanged rows are kept), 应到 comes from the roster, 实到 = 应到 − absent.
    A day after `today` (default: the computer's date) is refused."""
    calendar = calendar or load_calendar()
    with current().atomic():
        cls, roster, clean = _validate(class_id, day, absences, calendar, today)
        absent_ids = {a.student_id for a in clean if AbsenceReason(a.reason) not in PRESENT_REASONS}
        expected, present = len(roster), len(roster) - len(absent_ids)
        old = {
            (a.student_id, a.period): a
            for a in Absence.select().where((Absence.school_class == cls) & (Absence.date == day))
        }
        new = {(a.student_id, a.period): a for a in clean}
        for key, row in old.items():
            a = new.get(key)
            if a is None:
                audit.delete(row, actor)
            elif (row.reason, row.note) != (a.reason, a.note):
                audit.update(row, actor, reason=a.reason, note=a.note)
        # A student moved from 全天 to 上午 etc. is a delete above and an insert here.
        for key, a in new.items():
            if key not in old:
                audit.create(
                    Absence,
                    actor,
                    date=day,
                    student=a.student_id,
                    school_class=cls,
                    reason=a.reason,
                    period=a.period,
                    note=a.note,
                )
        report = report_for(cls.id, day)
        fields = dict(
            expected=expected,
            present=present,
            reported_by=reported_by or actor,
            source=source,
            note=note,
        )
        if report is None:
            report = audit.create(AttendanceReport, actor, date=day, school_class=cls, **fields)
        else:
            report = audit.update(report, actor, **fields)
    return report


# --- a pasted message -----------------------------------------------------------------------------


def parser_roster(day: dt.date, calendar: SchoolCalendar | None = None) -> Roster:
    calendar = calendar or load_calendar()
    classes = current_classes(day)
    by_class: dict[int, dict[str, list[int]]] = {c.id: defaultdict(list) for c in classes}
    counts: dict[int, int] = defaultdict(int)
    class_of = {
        sid: cid
        for cid, ids in membership.members_on(day, [c.id for c in classes]).items()
        for sid in ids
    }
    for sid, name in (
        Student.select(Student.id, Student.name)
        .where(Student.status.in_(ON_ROLL_VALUES) & Student.id.in_(list(class_of)))
        .tuples()
    ):
        by_class[class_of[sid]][name].append(sid)
        counts[class_of[sid]] += 1
    leave = leave_periods_by_student(day, day, calendar)
    kinds = {sid: days[day][1] for sid, days in leave.items() if day in days}
    leave_text = _leave_texts(day, kinds)
    saved = _saved_reports(day, [c.id for c in classes])
    out = {}
    for c in classes:
        students = {n: tuple(ids) for n, ids in by_class[c.id].items()}
        ids = {i for t in students.values() for i in t}
        out[(c.grade, c.number)] = RosterClass(
            c.id,
            c.grade,
            c.number,
            counts[c.id],
            students,
            {i: k for i, k in kinds.items() if i in ids},
            saved.get(c.id),
            {i: t for i, t in leave_text.items() if i in ids},
        )
    return Roster(out)


def _leave_texts(day: dt.date, kinds: dict[int, str]) -> dict[int, str]:
    """The approved leave in effect on `day`, as a problem names it: "病假（11月30日至12月2日）"."""
    out = {}
    for leave in LeaveRequest.select().where(
        LeaveRequest.student.in_(list(kinds))
        & LeaveRequest.state.in_([lv.LeaveState.APPROVED.value, lv.LeaveState.RETURNED.value])
        & (LeaveRequest.start_date <= day)
        & (LeaveRequest.end_date >= day)
    ):
        first, last = leave.start_date, leave.end_date
        out[leave.student_id] = (
            f"{leave.kind}（{first.month}月{first.day}日至{last.month}月{last.day}日）"
        )
    return out


def _saved_reports(day: dt.date, class_ids: list[int]) -> dict[int, SavedReport]:
    """The head-counts already saved for `day`: class → what a paste would replace."""
    absent: dict[int, list[str]] = defaultdict(list)
    for class_id, name, reason, period in (
        Absence.select(Absence.school_class, Student.name, Absence.reason, Absence.period)
        .join(Student)
        .where((Absence.date == day) & Absence.school_class.in_(class_ids))
        .order_by(Absence.id)
        .tuples()
    ):
        absent[class_id].append(name + reason + ("" if period == Period.FULL else f"（{period}）"))
    return {
        r.school_class_id: SavedReport(r.expected, r.present, tuple(absent[r.school_class_id]))
        for r in AttendanceReport.select().where(
            (AttendanceReport.date == day) & AttendanceReport.school_class.in_(class_ids)
        )
    }


def parse_headcount(
    text: str, day: dt.date, calendar: SchoolCalendar | None = None
) -> ParsedMessage:
    calendar = calendar or load_calendar()
    parsed = _parse(text, parser_roster(day, calendar), day)
    if not calendar.is_school_day(day):
        parsed.problems.insert(0, f"{day:%Y年%m月%d日}不是上学日")
    return parsed


def save_parsed(
    actor: str,
    parsed: ParsedMessage,
    day: dt.date,
    source: str = "paste",
    only_ok: bool = True,
    calendar: SchoolCalendar | None = None,
    overwrite: bool = False,
) -> list[str]:
    """Save the classes of a parsed message that have no problems; returns their names.

    A class already reported that day is replaced only with `overwrite` (the clerk confirmed)
    and only if it was already reported when the message was read (so the clerk saw what is
    replaced); otherwise the class is left as it was and is not in the returned names."""
    calendar = calendar or load_calendar()
    saved = []
    with current().atomic():
        reported_now = {  # read inside the transaction: a class saved since the paste counts
            class_id
            for (class_id,) in AttendanceReport.select(AttendanceReport.school_class)
            .where(AttendanceReport.date == day)
            .tuples()
        }
        for r in parsed.reports:
            if r.class_id is None or (only_ok and not r.ok):
                continue
            confirmed = overwrite and r.saved is not None
            if not confirmed and r.class_id in reported_now:
                continue
            absences = [
                AbsenceInput(a.student_id, a.reason.value, a.period.value, a.note)
                for a in r.absentees
                if a.student_id is not None and a.reason is not None
            ]
            save_class(
                actor,
                r.class_id,
                day,
                absences,
                source=source,
                note=r.fragment[:500],
                calendar=calendar,
            )
            saved.append(r.class_name)
    return saved


# --- leave (请假) ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LeaveRow:
    id: int
    student_id: int
    student_name: str
    class_name: str
    start_date: dt.date
    start_half: str
    end_date: dt.date
    end_half: str
    days: float
    kind: str
    reason: str
    requested_by: str
    state: str
    required: tuple[str, ...]
    approved: tuple[str, ...]
    next_approver: str | None
    returned_on: dt.date | None


def _approved_roles(leave: LeaveRequest) -> list[str]:
    """The roles that approved; a rejection (an entry with "rejected") is no approval."""
    return [a["role"] for a in (leave.approvals or []) if not a.get("rejected")]


def _leave_row(leave: LeaveRequest, calendar: SchoolCalendar, rules: lv.LeaveRules) -> LeaveRow:
    periods = lv.leave_periods(
        calendar, leave.start_date, leave.start_half, leave.end_date, leave.end_half
    )
    days = lv.days_of(periods)
    required = lv.approvers_for(days, rules)
    roles = _approved_roles(leave)
    student = leave.student
    return LeaveRow(
        id=leave.id,
        student_id=student.id,
        student_name=student.name,
        class_name=student.school_class.name if student.school_class_id else "",
        start_date=leave.start_date,
        start_half=leave.start_half,
        end_date=leave.end_date,
        end_half=leave.end_half,
        days=days,
        kind=leave.kind,
        reason=leave.reason,
        requested_by=leave.requested_by,
        state=leave.state,
        required=required,
        approved=tuple(roles),
        next_approver=lv.next_approver(required, roles)
        if leave.state == lv.LeaveState.PENDING
        else None,
        returned_on=leave.returned_on,
    )


@dataclass(frozen=True)
class LeavePreview:
    """What the new-leave form shows under the dates before anything is saved."""

    days: float  # school days the leave covers
    approvers: tuple[str, ...]  # in order


def leave_preview(start: dt.date, start_half: str, end: dt.date, end_half: str) -> LeavePreview:
    """The school days a leave would cover and who approves it; AttendanceError when the dates
    cannot make a leave (the reason in Chinese)."""
    try:
        periods = lv.leave_periods(load_calendar(), start, start_half, end, end_half)
    except lv.LeaveError as exc:
        raise AttendanceError(str(exc)) from exc
    days = lv.days_of(periods)
    return LeavePreview(days, tuple(lv.approvers_for(days, attendance_rules.leave_rules())))


def request_leave(
    actor: str,
    student_id: int,
    start: dt.date,
    end: dt.date,
    kind: str,
    reason: str,
    requested_by: str,
    start_half: str = "上午",
    end_half: str = "下午",
) -> LeaveRequest:
    calendar = load_calendar()
    if kind not in lv.LEAVE_KINDS:
        raise AttendanceError(f"请假种类只能是：{'、'.join(lv.LEAVE_KINDS)}")
    if start_half not in ("上午", "下午") or end_half not in ("上午", "下午"):
        raise AttendanceError("半天只能是上午或下午")
    try:
        periods = lv.leave_periods(calendar, start, start_half, end, end_half)
    except lv.LeaveError as exc:
        raise AttendanceError(str(exc)) from exc
    if not periods:
        raise AttendanceError("这段时间里没有上学日，不需要请假")
    if not reason.strip():
        raise AttendanceError("请填写请假原因")
    required = lv.approvers_for(lv.days_of(periods), attendance_rules.leave_rules())
    with current().atomic():
        return audit.create(
            LeaveRequest,
            actor,
            student=student_id,
            start_date=start,
            start_half=start_half,
            end_date=end,
            end_half=end_half,
            reason=reason.strip(),
            kind=kind,
            requested_by=requested_by.strip(),
            approver_role=required[-1],
            state=lv.LeaveState.PENDING.value,
            approvals=[],
        )


def leave_row(leave_id: int) -> LeaveRow:
    return _leave_row(
        LeaveRequest.get_by_id(leave_id), load_calendar(), attendance_rules.leave_rules()
    )


def approve_leave(actor: str, leave_id: int, role: str, by: str = "") -> LeaveRow:
    """Record `role`'s approval; the rules say who must approve, in order."""
    with current().atomic():
        leave = LeaveRequest.get_by_id(leave_id)
        row = leave_row(leave_id)
        if leave.state != lv.LeaveState.PENDING:
            raise AttendanceError(f"这条请假已{leave.state}，不能再审批")
        if row.next_approver != role:
            raise AttendanceError(f"现在应由{row.next_approver}审批（本次请假{row.days:g}天）")
        approvals = [*(leave.approvals or []), {"role": role, "by": by or actor, "at": _now_text()}]
        done = lv.next_approver(row.required, [a["role"] for a in approvals]) is None
        state = lv.LeaveState.APPROVED.value if done else leave.state
        audit.update(leave, actor, approvals=approvals, state=state)
    return leave_row(leave_id)


def reject_leave(actor: str, leave_id: int, role: str, why: str = "") -> LeaveRow:
    with current().atomic():
        leave = LeaveRequest.get_by_id(leave_id)
        if leave.state != lv.LeaveState.PENDING:
            raise AttendanceError(f"这条请假已{leave.state}，不能驳回")
        approvals = [
            *(leave.approvals or []),
            {"role": role, "by": actor, "at": _now_text(), "rejected": why or "驳回"},
        ]
        audit.update(leave, actor, approvals=approvals, state=lv.LeaveState.REJECTED.value)
    return leave_row(leave_id)


def return_from_leave(actor: str, leave_id: int, day: dt.date) -> LeaveRow:
    """销假: the child is back on `day`; the leave excuses no day from then on."""
    with current().atomic():
        leave = LeaveRequest.get_by_id(leave_id)
        if leave.state != lv.LeaveState.APPROVED:
            raise AttendanceError(f"只有已批准的请假才能销假（当前：{leave.state}）")
        if day < leave.start_date:
            raise AttendanceError("销假日期早于请假开始日期")
        audit.update(leave, actor, state=lv.LeaveState.RETURNED.value, returned_on=day)
    return leave_row(leave_id)


def _now_text() -> str:
    return dt.datetime.now().replace(microsecond=0).isoformat()


def leaves(states: Iterable[str] | None = None, student_id: int | None = None) -> list[LeaveRow]:
    calendar, rules = load_calendar(), attendance_rules.leave_rules()
    q = LeaveRequest.select(LeaveRequest, Student).join(Student)
    if states:
        q = q.where(LeaveRequest.state.in_(list(states)))
    if student_id is not None:
        q = q.where(LeaveRequest.student == student_id)
    return [_leave_row(x, calendar, rules) for x in q.order_by(LeaveRequest.start_date.desc())]


def leave_periods_by_student(
    first: dt.date,
    last: dt.date,
    calendar: SchoolCalendar,
    class_id: int | None = None,
    student_ids: Iterable[int] | None = None,
) -> dict[int, dict[dt.date, tuple[Period, str]]]:
    """School days excused by approved leave: student → day → (period, 病假/事假)."""
    q = LeaveRequest.select().where(
        LeaveRequest.state.in_([lv.LeaveState.APPROVED.value, lv.LeaveState.RETURNED.value])
        & (LeaveRequest.start_date <= last)
        & (LeaveRequest.end_date >= first)
    )
    if class_id is not None:
        q = q.join(Student).where(Student.school_class == class_id)
    if student_ids is not None:
        q = q.where(LeaveRequest.student.in_(list(student_ids)))
    out: dict[int, dict[dt.date, tuple[Period, str]]] = defaultdict(dict)
    for leave in q:
        periods = lv.leave_periods(
            calendar, leave.start_date, leave.start_half, leave.end_date, leave.end_half
        )
        for d, p in lv.effective_periods(periods, leave.state, leave.returned_on).items():
            if first <= d <= last:
                out[leave.student_id][d] = (p, leave.kind)
    return out


@dataclass(frozen=True)
class LeaveLimitRow:
    student_id: int
    student_name: str
    class_name: str
    days: float


def leave_over_limit(today: dt.date) -> list[LeaveLimitRow]:
    """Students whose approved leave this term is more than the limit: suggest 休学."""
    term = term_containing(today)
    if term is None:
        return []
    rules = attendance_rules.leave_rules()
    calendar = load_calendar()
    periods = leave_periods_by_student(term.start_date, term.end_date, calendar)
    out = []
    for sid, days in periods.items():
        total = sum(day_weight(p) for p, _ in days.values())
        if lv.over_term_limit(total, rules):
            s = Student.get_by_id(sid)
            out.append(
                LeaveLimitRow(sid, s.name, s.school_class.name if s.school_class_id else "", total)
            )
    return out


# --- escalation -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionItem:
    student_id: int
    student_name: str
    class_id: int | None
    class_name: str
    step: esc.Step
    label: str
    chain_start: dt.date
    due_date: dt.date
    state: esc.ActionState
    absent_days: int
    responsible: str  # the 包保 teacher once 三包 exists; for now the class head, else 未指定
    responsible_id: int | None
    status: str
    done_by: str = ""
    note: str = ""


@dataclass
class StudentChains:
    student: Student
    chains: list[esc.AbsenceChain]

    @property
    def last(self) -> esc.AbsenceChain | None:
        return self.chains[-1] if self.chains else None


def _term_bounds(today: dt.date) -> tuple[dt.date, dt.date] | None:
    term = term_containing(today)
    if term is None:
        return None
    return term.start_date, min(today, term.end_date)


def student_chains(
    today: dt.date,
    calendar: SchoolCalendar | None = None,
    rules: esc.EscalationRules | None = None,
    student_ids: Iterable[int] | None = None,
) -> list[StudentChains]:
    """The runs of unexcused absence this term, for every student who has one (or is 疑似辍学)."""
    calendar = calendar or load_calendar()
    rules = rules or attendance_rules.escalation_rules()
    bounds = _term_bounds(today)
    if bounds is None:
        return []
    first, last = bounds
    unexcused = [r.value for r in rules.unexcused_reasons]
    if student_ids is None:
        ids = {
            sid
            for (sid,) in Absence.select(Absence.student)
            .where(Absence.reason.in_(unexcused) & Absence.date.between(first, last))
            .distinct()
            .tuples()
        }
        ids |= {
            sid
            for (sid,) in Student.select(Student.id)
            .where(Student.status == StudentStatus.SUSPECTED_DROPOUT.value)
            .tuples()
        }
    else:
        ids = set(student_ids)
    if not ids:
        return []
    students = {s.id: s for s in Student.select().where(Student.id.in_(list(ids)))}
    records: dict[int, list[AbsenceRecord]] = defaultdict(list)
    for sid, d, reason, period in (
        Absence.select(Absence.student, Absence.date, Absence.reason, Absence.period)
        .where(Absence.student.in_(list(ids)) & Absence.date.between(first, last))
        .tuples()
    ):
        records[sid].append(AbsenceRecord(_date(d), AbsenceReason(reason), Period(period)))
    # A day counts as reported when the class the child was in that day reported it.
    spells = membership.memberships(list(ids))
    class_ids = {s.school_class_id for s in students.values() if s.school_class_id}
    class_ids |= {m.class_id for rows in spells.values() for m in rows}
    reported: dict[int, set[dt.date]] = defaultdict(set)
    for cid, d in (
        AttendanceReport.select(AttendanceReport.school_class, AttendanceReport.date)
        .where(
            AttendanceReport.school_class.in_(list(class_ids))
            & AttendanceReport.date.between(first, last)
        )
        .tuples()
    ):
        reported[cid].add(_date(d))
    leave = leave_periods_by_student(first, last, calendar, student_ids=ids)
    out = []
    for sid in sorted(ids):
        s = students.get(sid)
        if s is None:
            continue
        chains = esc.find_chains(
            calendar,
            first,
            last,
            records.get(sid, []),
            {d: p for d, (p, _) in leave.get(sid, {}).items()},
            _reported_days(spells.get(sid), s.school_class_id, reported),
            rules,
        )
        if chains:
            out.append(StudentChains(s, chains))
    return out


def _reported_days(
    spells: list[membership.Membership] | None,
    class_id: int | None,
    reported: dict[int, set[dt.date]],
) -> set[dt.date]:
    """The days on which the class the child was in that day saved its head-count."""
    if not spells:
        return reported.get(class_id, set()) if class_id else set()
    return {
        d
        for cid in {m.class_id for m in spells}
        for d in reported.get(cid, set())
        if membership.on_day(spells, d).class_id == cid
    }


def _date(value) -> dt.date:
    """A stored day as a date. A datetime (done_at) becomes its day: datetime is a kind of date to
    isinstance, but the two cannot be compared, so one left in a list of dates breaks sorting."""
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _suspected_since(student_ids: Iterable[int]) -> dict[int, dt.date]:
    out: dict[int, dt.date] = {}
    for sid, d in (
        StatusChange.select(StatusChange.student, StatusChange.date)
        .where(
            StatusChange.student.in_(list(student_ids))
            & (StatusChange.status == StudentStatus.SUSPECTED_DROPOUT.value)
        )
        .order_by(StatusChange.date, StatusChange.id)
        .tuples()
    ):
        out[sid] = _date(d)
    return out


def escalation_items(
    today: dt.date,
    calendar: SchoolCalendar | None = None,
    rules: esc.EscalationRules | None = None,
    include_done: bool = False,
    student_ids: Iterable[int] | None = None,
    chains: list[StudentChains] | None = None,
) -> list[ActionItem]:
    """Every escalation step reached by `today` on each student's runs of absence, with its state
    (done / due today / overdue), sorted by due date: the steps of the run still open, and the
    销号 of a run that ended (stays listed until done, even when the child is away again).
    `chains`: student_chains() already computed by the caller for the same day and rules."""
    calendar = calendar or load_calendar()
    rules = rules or attendance_rules.escalation_rules()
    all_chains = (
        chains if chains is not None else student_chains(today, calendar, rules, student_ids)
    )
    if not all_chains:
        return []
    ids = [c.student.id for c in all_chains]
    since = _suspected_since(ids)
    done = {
        (a.student_id, _date(a.chain_start), a.step): a
        for a in EscalationAction.select().where(
            EscalationAction.student.in_(ids) & EscalationAction.done_at.is_null(False)
        )
    }
    classes = {c.id: c for c in SchoolClass.select()}
    # Who must act now: the person responsible for the child today.
    who = responsible_for(ids, today)
    out = []
    for sc in all_chains:
        s = sc.student
        if s.status not in ON_ROLL_VALUES:
            continue  # 辍学, 休学, 转出: no longer a head-count case (辍学: the 劝返 ledger)
        cls = classes.get(s.school_class_id)
        person = who[s.id].responsible
        steps = esc.student_steps(calendar, sc.chains, rules, today, s.status, since.get(s.id))
        for step in steps:
            record = done.get((s.id, step.chain_start, step.step.value))
            is_done = record is not None or esc.done_by_status(step.step, s.status)
            state = esc.action_state(step.due_date, today, is_done)
            if state is esc.ActionState.DONE and not include_done:
                continue
            out.append(
                ActionItem(
                    student_id=s.id,
                    student_name=s.name,
                    class_id=cls.id if cls else None,
                    class_name=cls.name if cls else "",
                    step=step.step,
                    label=step.label,
                    chain_start=step.chain_start,
                    due_date=step.due_date,
                    state=state,
                    absent_days=step.absent_days,
                    responsible=who[s.id].responsible_name,
                    responsible_id=person.id if person else None,
                    status=s.status,
                    done_by=record.done_by if record else "",
                    note=record.note if record else "",
                )
            )
    out.sort(key=lambda a: (a.due_date, a.class_name, a.student_name, list(esc.Step).index(a.step)))
    return out


def mark_done(
    actor: str,
    item: ActionItem,
    note: str = "",
    day: dt.date | None = None,
) -> EscalationAction:
    """Record that a step was done. For 疑似辍学 / 辍学 / 劝返复学 this also writes the 学籍变动
    (the caller has asked the clerk to confirm)."""
    day = day or dt.date.today()
    with current().atomic():
        student = Student.get_by_id(item.student_id)
        new_status = esc.status_change_for(item.step, student.status)
        if new_status:
            reason = {
                esc.Step.SUSPECTED_DROPOUT: f"自{item.chain_start:%m月%d日}起连续无故缺席"
                f"{item.absent_days}个上学日",
                esc.Step.DROPOUT: f"疑似辍学满期未返校（自{item.chain_start:%m月%d日}起缺席）",
                esc.Step.RETURN: "经劝返已返校",
            }[item.step]
            change_status(actor, student, new_status, day, reason, approved_by="", today=day)
        existing = EscalationAction.get_or_none(
            (EscalationAction.student == item.student_id)
            & (EscalationAction.chain_start == item.chain_start)
            & (EscalationAction.step == item.step.value)
        )
        fields = dict(
            due_date=item.due_date,
            responsible=item.responsible_id,
            done_at=dt.datetime.now().replace(microsecond=0),
            done_by=actor,
            note=note.strip(),
        )
        if existing is None:
            return audit.create(
                EscalationAction,
                actor,
                student=item.student_id,
                chain_start=item.chain_start,
                step=item.step.value,
                **fields,
            )
        return audit.update(existing, actor, **fields)


# --- the dashboard --------------------------------------------------------------------------------


@dataclass(frozen=True)
class StreakRow:
    student_id: int
    student_name: str
    class_name: str
    days: int
    since: dt.date
    responsible: str


@dataclass(frozen=True)
class ChronicRow:
    student_id: int
    student_name: str
    class_name: str
    missed: float
    school_days: int

    @property
    def percent(self) -> float:
        return 100.0 * self.missed / self.school_days if self.school_days else 0.0


@dataclass
class Dashboard:
    day: dt.date
    is_school_day: bool
    unreported: list[ClassDayRow] = field(default_factory=list)
    actions: list[ActionItem] = field(default_factory=list)
    streaks: list[StreakRow] = field(default_factory=list)
    chronic: list[ChronicRow] = field(default_factory=list)
    leave_over_limit: list[LeaveLimitRow] = field(default_factory=list)


def dashboard(today: dt.date) -> Dashboard:
    calendar = load_calendar()
    rules = attendance_rules.escalation_rules()
    board = Dashboard(today, calendar.is_school_day(today))
    if board.is_school_day:
        board.unreported = [r for r in day_overview(today) if not r.reported]
    chains = student_chains(today, calendar, rules)  # once: the actions and the streaks share it
    board.actions = escalation_items(today, calendar, rules, chains=chains)
    classes = {c.id: c for c in SchoolClass.select()}
    who = responsible_for([sc.student.id for sc in chains], today)
    for sc in chains:
        chain = sc.last
        if chain and chain.is_open and chain.count >= 2 and sc.student.status in ON_ROLL_VALUES:
            cls = classes.get(sc.student.school_class_id)
            board.streaks.append(
                StreakRow(
                    sc.student.id,
                    sc.student.name,
                    cls.name if cls else "",
                    chain.count,
                    chain.start,
                    who[sc.student.id].responsible_name,
                )
            )
    board.streaks.sort(key=lambda r: (-r.days, r.class_name))
    board.chronic = chronic_absentees(today, calendar)
    board.leave_over_limit = leave_over_limit(today)
    return board


def _missed_by_student(
    first: dt.date, last: dt.date, class_id: int | None = None
) -> dict[int, float]:
    weight = pw.Case(Absence.period, ((Period.FULL.value, 1.0),), 0.5)
    q = (
        Absence.select(Absence.student, pw.fn.SUM(weight))
        .where(
            Absence.date.between(first, last)
            & Absence.reason.not_in([r.value for r in PRESENT_REASONS])
        )
        .group_by(Absence.student)
    )
    if class_id is not None:
        q = q.where(Absence.school_class == class_id)
    return dict(q.tuples())


def chronic_absentees(today: dt.date, calendar: SchoolCalendar | None = None) -> list[ChronicRow]:
    """Students who have missed at least the warning share (default 10%) of this term's school
    days so far, for any reason (迟到/早退 not counted)."""
    calendar = calendar or load_calendar()
    bounds = _term_bounds(today)
    if bounds is None:
        return []
    first, last = bounds
    school_days = calendar.count_school_days(first, last)
    if school_days == 0:
        return []
    line = attendance_rules.chronic_absence_fraction()
    missed = _missed_by_student(first, last)
    over = {sid: m for sid, m in missed.items() if m / school_days >= line}
    if not over:
        return []
    out = []
    for s in (
        Student.select(Student, SchoolClass)
        .join(SchoolClass, pw.JOIN.LEFT_OUTER)
        .where(Student.id.in_(list(over)) & Student.status.in_(ON_ROLL_VALUES))
    ):
        out.append(
            ChronicRow(
                s.id,
                s.name,
                s.school_class.name if s.school_class_id else "",
                over[s.id],
                school_days,
            )
        )
    out.sort(key=lambda r: -r.missed)
    return out


# --- statistics -----------------------------------------------------------------------------------

PERIOD_KINDS = ("日", "周", "月", "学期")


def period_range(kind: str, day: dt.date) -> tuple[dt.date, dt.date]:
    if kind == "日":
        return day, day
    if kind == "周":
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6)
    if kind == "月":
        start = day.replace(day=1)
        nxt = esc.add_months(start, 1)
        return start, nxt - dt.timedelta(days=1)
    term = term_containing(day)
    if term is None:
        return day, day
    return term.start_date, term.end_date


@dataclass(frozen=True)
class RateRow:
    key_id: int  # class id or student id
    name: str
    class_name: str
    expected_days: float  # 应到人日
    missed_days: float  # 缺勤人日
    by_reason: dict[str, float]  # 病假/事假/旷课/其他 in days; 迟到/早退 as counts

    @property
    def rate(self) -> float | None:
        return attendance_rate(self.expected_days, self.missed_days)


def _reason_sums(first: dt.date, last: dt.date, group_field) -> dict[int, dict[str, float]]:
    weight = pw.Case(Absence.period, ((Period.FULL.value, 1.0),), 0.5)
    out: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for key, reason, total, n in (
        Absence.select(group_field, Absence.reason, pw.fn.SUM(weight), pw.fn.COUNT(Absence.id))
        .where(Absence.date.between(first, last))
        .group_by(group_field, Absence.reason)
        .tuples()
    ):
        out[key][reason] += n if reason in PRESENT_REASONS else total
    return out


def class_rates(first: dt.date, last: dt.date) -> list[RateRow]:
    expected = dict(
        AttendanceReport.select(AttendanceReport.school_class, pw.fn.SUM(AttendanceReport.expected))
        .where(AttendanceReport.date.between(first, last))
        .group_by(AttendanceReport.school_class)
        .tuples()
    )
    sums = _reason_sums(first, last, Absence.school_class)
    rows = []
    for c in current_classes(last):
        by = dict(sums.get(c.id, {}))
        missed = sum(v for r, v in by.items() if r not in PRESENT_REASONS)
        rows.append(RateRow(c.id, c.name, c.name, float(expected.get(c.id, 0)), missed, by))
    return rows


def student_rates(class_id: int, first: dt.date, last: dt.date) -> list[RateRow]:
    days = (
        AttendanceReport.select()
        .where(
            (AttendanceReport.school_class == class_id) & AttendanceReport.date.between(first, last)
        )
        .count()
    )
    sums = _reason_sums(first, last, Absence.student)
    cls = SchoolClass.get_by_id(class_id)
    rows = []
    for s in class_students(class_id):
        by = dict(sums.get(s.id, {}))
        missed = sum(v for r, v in by.items() if r not in PRESENT_REASONS)
        rows.append(RateRow(s.id, s.name, cls.name, float(days), missed, by))
    return rows


@dataclass(frozen=True)
class GridDay:
    date: dt.date
    school_day: bool
    reported: bool
    reasons: tuple[tuple[str, str], ...]  # (reason, period)
    leave: str = ""  # 病假/事假 when approved leave covers the day


def month_grid(student_id: int, year: int, month: int) -> list[GridDay]:
    """Every day of the month for one student: school day or not, and the absences recorded."""
    calendar = load_calendar()
    first = dt.date(year, month, 1)
    last = esc.add_months(first, 1) - dt.timedelta(days=1)
    student = Student.get_by_id(student_id)
    absences: dict[dt.date, list[tuple[str, str]]] = defaultdict(list)
    for a in Absence.select().where(
        (Absence.student == student_id) & Absence.date.between(first, last)
    ):
        absences[_date(a.date)].append((a.reason, a.period))
    spells = membership.memberships([student_id]).get(student_id)
    by_class: dict[int, set[dt.date]] = defaultdict(set)
    class_ids = {m.class_id for m in spells or []} | {student.school_class_id}
    for cid, d in (
        AttendanceReport.select(AttendanceReport.school_class, AttendanceReport.date)
        .where(
            AttendanceReport.school_class.in_([c for c in class_ids if c])
            & AttendanceReport.date.between(first, last)
        )
        .tuples()
    ):
        by_class[cid].add(_date(d))
    reported = _reported_days(spells, student.school_class_id, by_class)
    leave = leave_periods_by_student(first, last, calendar, student_ids=[student_id]).get(
        student_id, {}
    )
    out = []
    d = first
    while d <= last:
        out.append(
            GridDay(
                d,
                calendar.is_school_day(d),
                d in reported,
                tuple(absences.get(d, ())),
                leave[d][1] if d in leave else "",
            )
        )
        d += dt.timedelta(days=1)
    return out


def attendance_timeline(student: Student | int) -> list[tuple[dt.date, str, str]]:
    """The student's attendance history (absences, leave, steps done) as (date, 类别, text),
    oldest first: one view of the event record."""
    # Import here: services.events reads the escalation ledger of this module.
    from kongchuo_desktop.services.events import EventKind, events_between

    sid = student if isinstance(student, int) else student.id
    kinds = (EventKind.ABSENCE, EventKind.LEAVE, EventKind.STEP_DONE)
    return [
        (e.date, e.kind.category, e.text)
        for e in events_between(None, None, kinds=kinds, students=[sid])
    ]
