"""Leave (请假): asking, approving, rejecting, 销假, the list, the days it excuses, and the children
over the term's limit.

The rules (who approves, the term limit) are domain.leave with the school's settings
(services.attendance_rules); every write goes through services.audit with an explicit actor.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.models import LeaveRequest, Student
from kongchuo_desktop.domain import leave as lv
from kongchuo_desktop.domain.attendance import Period, day_weight
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.domain.school_calendar import SchoolCalendar
from kongchuo_desktop.services import attendance_rules, audit, guards, visibility
from kongchuo_desktop.services.attendance.rosters import AttendanceError
from kongchuo_desktop.services.calendar_service import load_calendar, term_containing


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
    """The roles that approved; a rejection (an entry with "rejected") or a 撤销 (no role) is no
    approval."""
    return [a["role"] for a in (leave.approvals or []) if "role" in a and not a.get("rejected")]


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
    guards.for_student(Action.APPROVE_LEAVE, student_id, start)
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
        _refuse_overlap(student_id, periods, calendar)
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


def _refuse_overlap(
    student_id: int, periods: dict[dt.date, Period], calendar: SchoolCalendar
) -> None:
    """A child cannot have two leaves for the same day (or half day): the second is refused,
    naming the first, so that no day is excused twice with two different kinds."""
    first, last = min(periods), max(periods)
    for other in LeaveRequest.select().where(
        (LeaveRequest.student == student_id)
        & (LeaveRequest.start_date <= last)
        & (LeaveRequest.end_date >= first)
    ):
        claimed = lv.still_covers(
            lv.leave_periods(
                calendar, other.start_date, other.start_half, other.end_date, other.end_half
            ),
            other.state,
            other.returned_on,
        )
        days = lv.overlapping_days(periods, claimed)
        if days:
            raise AttendanceError(
                f"这段时间与已有的请假重叠：{other.start_date:%m月%d日}至{other.end_date:%m月%d日}"
                f"的{other.kind}（{other.state}），重叠的上学日：{'、'.join(f'{d:%m月%d日}' for d in days)}。"
                "请修改日期，或先处理原来的请假。"
            )


def leave_row(leave_id: int) -> LeaveRow:
    return _leave_row(
        LeaveRequest.get_by_id(leave_id), load_calendar(), attendance_rules.leave_rules()
    )


def approve_leave(actor: str, leave_id: int, role: str, by: str = "") -> LeaveRow:
    """Record `role`'s approval; the rules say who must approve, in order."""
    guards.for_leave(leave_id, role)
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
    guards.for_leave(leave_id, role)
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
    guards.for_leave(leave_id)
    with current().atomic():
        leave = LeaveRequest.get_by_id(leave_id)
        if leave.state != lv.LeaveState.APPROVED:
            raise AttendanceError(f"只有已批准的请假才能销假（当前：{leave.state}）")
        if day < leave.start_date:
            raise AttendanceError("销假日期早于请假开始日期")
        audit.update(leave, actor, state=lv.LeaveState.RETURNED.value, returned_on=day)
    return leave_row(leave_id)


def cancel_leave(actor: str, leave_id: int, why: str, today: dt.date | None = None) -> LeaveRow:
    """撤销: an approved (or waiting) leave withdrawn before its first day. It excuses no day
    any more; the decision is kept with the others and audited, and the event record shows it."""
    guards.for_leave(leave_id)
    today = today or dt.date.today()
    with current().atomic():
        leave = LeaveRequest.get_by_id(leave_id)
        problem = lv.cancel_problem(leave.state, leave.start_date, today)
        if problem:
            raise AttendanceError(problem)
        entry = {"cancelled": why.strip() or "撤销", "by": actor, "at": _now_text()}
        entry["on"] = today.isoformat()
        approvals = [*(leave.approvals or []), entry]
        audit.update(leave, actor, approvals=approvals, state=lv.LeaveState.CANCELLED.value)
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
    return visibility.students(
        [_leave_row(x, calendar, rules) for x in q.order_by(LeaveRequest.start_date.desc())],
        lambda r: r.student_id,
    )


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
    return visibility.students(out, lambda r: r.student_id, today)
