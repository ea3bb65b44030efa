"""请假: how long a leave is in school days, who approves it, and which days it excuses.

方案23 (defaults, each a setting): up to 2 days the 班主任; more than 2 days the 班主任 signs and
the 教务处 approves; more than 5 days the 校长 approves too. The student reports back (销假) on
return. More than 40 school days of leave in a term suggests 休学.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from kongchuo_desktop.domain.attendance import Period
from kongchuo_desktop.domain.school_calendar import SchoolCalendar


class LeaveState(StrEnum):
    PENDING = "待审批"
    APPROVED = "已批准"
    REJECTED = "已驳回"
    RETURNED = "已销假"
    CANCELLED = "已撤销"  # withdrawn before its first day (the family changed plans, entered twice)


LEAVE_KINDS = ("病假", "事假")
APPROVER_ROLES = ("班主任", "教务处", "校长")


@dataclass(frozen=True)
class LeaveRules:
    class_head_max_days: float  # up to this many school days: the 班主任 alone
    office_max_days: float  # up to this many: 班主任 then 教务处; beyond: also the 校长
    term_limit_days: float  # more leave than this in a term suggests 休学


class LeaveError(ValueError):
    pass


def leave_periods(
    calendar: SchoolCalendar,
    start: dt.date,
    start_half: str,
    end: dt.date,
    end_half: str,
) -> dict[dt.date, Period]:
    """School days the leave covers, each whole-day or half. `start_half` 下午 means the leave
    begins after lunch; `end_half` 上午 means the child is back in the afternoon."""
    if end < start:
        raise LeaveError("请假结束日期早于开始日期")
    if start == end and start_half == "下午" and end_half == "上午":
        raise LeaveError("同一天内，请假不能从下午开始到上午结束")
    out: dict[dt.date, Period] = {}
    for day in calendar.school_days_between(start, end):
        first_half = day == start and start_half == "下午"
        last_half = day == end and end_half == "上午"
        if first_half:
            out[day] = Period.AFTERNOON
        elif last_half:
            out[day] = Period.MORNING
        else:
            out[day] = Period.FULL
    return out


def days_of(periods: dict[dt.date, Period]) -> float:
    return sum(1.0 if p is Period.FULL else 0.5 for p in periods.values())


def approvers_for(days: float, rules: LeaveRules) -> tuple[str, ...]:
    """Who must approve, in order."""
    if days <= rules.class_head_max_days:
        return ("班主任",)
    if days <= rules.office_max_days:
        return ("班主任", "教务处")
    return ("班主任", "教务处", "校长")


def next_approver(required: tuple[str, ...], approved_roles: list[str]) -> str | None:
    for role in required:
        if role not in approved_roles:
            return role
    return None


def effective_periods(
    periods: dict[dt.date, Period], state: str, returned_on: dt.date | None
) -> dict[dt.date, Period]:
    """Days an approved leave excuses; 销假 ends it on the day of return."""
    if state not in (LeaveState.APPROVED, LeaveState.RETURNED):
        return {}
    if returned_on is None:
        return dict(periods)
    return {d: p for d, p in periods.items() if d < returned_on}


def overlapping_days(a: dict[dt.date, Period], b: dict[dt.date, Period]) -> list[dt.date]:
    """Days two leaves both cover: the same day, unless one takes the morning and the other the
    afternoon."""
    halves = {Period.MORNING, Period.AFTERNOON}
    return sorted(d for d in a.keys() & b.keys() if {a[d], b[d]} != halves)


def still_covers(
    periods: dict[dt.date, Period], state: str, returned_on: dt.date | None
) -> dict[dt.date, Period]:
    """The days a leave still claims: a request waiting for approval claims all of them (it may
    yet be approved), an approved one until 销假, a rejected one none."""
    if state == LeaveState.PENDING:
        return dict(periods)
    return effective_periods(periods, state, returned_on)


def over_term_limit(total_days: float, rules: LeaveRules) -> bool:
    return total_days > rules.term_limit_days


def cancel_problem(state: str, start: dt.date, today: dt.date) -> str | None:
    """Why a leave cannot be cancelled (撤销) on `today`, or None: only a leave waiting or
    approved, and only before its first day (once it has begun, 销假 ends it)."""
    if state not in (LeaveState.PENDING, LeaveState.APPROVED):
        return f"这条请假{state}，不能撤销"
    if today >= start:
        return "请假已经开始，不能撤销；学生返校请办理销假"
    return None


def cancellation(approvals: list[dict] | None) -> dict | None:
    """The 撤销 entry among a leave's decisions ({"cancelled": why, "by", "at", "on"}), if any."""
    return next((a for a in approvals or [] if "cancelled" in a), None)
