"""Which 学籍变动 are possible from which status, in plain Python.

A change that cannot happen (复学 for a child in school, 转出 of a child already gone) is refused
with a reason the clerk can read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from kongchuo_desktop.domain.escalation import STATUS_FOR_STEP
from kongchuo_desktop.domain.student_status import ON_ROLL
from kongchuo_desktop.domain.student_status import StudentStatus as S

ATTENDING = frozenset({S.IN_SCHOOL, S.RESUMED, S.TRANSFERRED_IN, S.PERSUADED_BACK, S.INCLUSIVE})
GONE = frozenset({S.TRANSFERRED_OUT, S.GRADUATED, S.DECEASED})
# A child added by hand (not by a 学籍变动 of one already here) is new in school or transferred in.
NEW_STUDENT_STATUSES = (S.TRANSFERRED_IN, S.IN_SCHOOL)

# new status -> statuses it may follow
ALLOWED_FROM: dict[S, frozenset[S]] = {
    S.IN_SCHOOL: frozenset({S.DEFERRED, S.ELSEWHERE, S.HOME_TEACHING, S.INCLUSIVE}),
    S.SUSPENDED: ATTENDING | {S.HOME_TEACHING},
    S.RESUMED: frozenset({S.SUSPENDED}),
    S.TRANSFERRED_OUT: ATTENDING
    | {S.SUSPENDED, S.DEFERRED, S.HOME_TEACHING, S.ELSEWHERE, S.SUSPECTED_DROPOUT, S.DROPOUT},
    S.TRANSFERRED_IN: frozenset({S.TRANSFERRED_OUT}),
    S.DEFERRED: frozenset({S.IN_SCHOOL}),
    S.INCLUSIVE: ATTENDING | {S.HOME_TEACHING},
    S.HOME_TEACHING: ATTENDING,
    S.ELSEWHERE: ATTENDING,
    S.SUSPECTED_DROPOUT: ATTENDING,
    S.DROPOUT: ATTENDING | {S.SUSPECTED_DROPOUT, S.SUSPENDED},
    S.PERSUADED_BACK: frozenset({S.SUSPECTED_DROPOUT, S.DROPOUT}),
    S.GRADUATED: ATTENDING | {S.HOME_TEACHING, S.ELSEWHERE},
    S.DECEASED: frozenset(S) - GONE,
}

DEFERRAL_MAX_MONTHS = 12  # 延缓入学 at most one year (方案2)


def refusal(current: S, new: S) -> str | None:
    """None if `current` → `new` is possible, else why not."""
    current, new = S(current), S(new)
    # A child who has left (转出, 毕业, 死亡) can only do what ALLOWED_FROM lets him: 转出 → 转入
    # when he comes back. Checked against the table, not before it, or the way back is lost.
    if current in GONE and current not in ALLOWED_FROM[new]:
        return f"该学生已“{current}”，不能再办理“{new}”"
    if current == new:
        return f"该学生的学籍状态已经是“{new}”"
    if current not in ALLOWED_FROM[new]:
        if new is S.RESUMED:
            return f"只有休学的学生才能复学（当前状态：{current}）"
        if new is S.PERSUADED_BACK:
            return f"只有疑似辍学或辍学的学生才能劝返复学（当前状态：{current}）"
        return f"当前状态“{current}”不能变更为“{new}”"
    return None


def date_refusal(
    date: dt.date, today: dt.date, born: dt.date | None = None, what: str = "变动日期"
) -> str | None:
    """None if a 学籍变动 may be dated `date`, else why not: it records what has happened, so
    never after `today`, and never before the child was born. `what` names the date."""
    if date > today:
        return f"{what} {date} 晚于今天（{today}），学籍变动只能登记已经发生的事"
    if born is not None and date < born:
        return f"{what} {date} 早于出生日期（{born}），请检查日期"
    return None


def months_after(start: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it is shorter)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    for day in (start.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _span(months: int) -> str:
    if months == 12:
        return "一年"
    return f"{months // 12}年" if months % 12 == 0 else f"{months}个月"


def deferral_refusal(
    start: dt.date, until: dt.date | None, max_months: int = DEFERRAL_MAX_MONTHS
) -> str | None:
    """延缓入学 needs an end date no later than `max_months` after it starts (方案2: a year)."""
    if until is None:
        return f"延缓入学必须填写截止日期（最长{_span(max_months)}）"
    if until <= start:
        return "延缓入学的截止日期必须晚于开始日期"
    if until > months_after(start, max_months):
        return f"延缓入学最长{_span(max_months)}，超过不予办理"
    return None


# The papers and approval steps each change needs, in the order they happen. Keys are what the
# clerk sees; the values recorded are free text (who, when, what the paper says).
TRANSFER_OUT_STEPS = ("书面申请", "班主任意见", "接收学校", "分管校长审批")
SUSPENSION_STEPS = ("书面申请", "医疗证明")
REQUIRED_STEPS: dict[S, tuple[str, ...]] = {
    S.TRANSFERRED_OUT: TRANSFER_OUT_STEPS,
    S.SUSPENDED: SUSPENSION_STEPS,
    S.DEFERRED: ("书面申请",),
}
# Steps whose answer comes from the `approved_by` field when the details leave it out.
APPROVAL_STEP = {S.TRANSFERRED_OUT: "分管校长审批"}


def missing_steps(new: S, details: dict[str, str] | None, approved_by: str = "") -> list[str]:
    """The required papers/approvals of `new` that are not filled in (empty list: complete)."""
    details = details or {}
    missing = []
    for step in REQUIRED_STEPS.get(new, ()):
        value = str(details.get(step) or "").strip()
        if not value and APPROVAL_STEP.get(new) == step:
            value = approved_by.strip()
        if not value:
            missing.append(step)
    return missing


def paperwork_refusal(
    new: S,
    date: dt.date,
    details: dict[str, str] | None = None,
    approved_by: str = "",
    until: dt.date | None = None,
    deferral_max_months: int = DEFERRAL_MAX_MONTHS,
) -> str | None:
    """None if the change has its papers and approvals, else what is missing, in Chinese."""
    new = S(new)
    missing = missing_steps(new, details, approved_by)
    if missing:
        if new is S.TRANSFERRED_OUT:
            chain = " → ".join(TRANSFER_OUT_STEPS)
            return f"办理转出需要完整的手续（{chain}），还缺：{'、'.join(missing)}"
        return f"办理{new}需要：{'、'.join(missing)}"
    if new is S.DEFERRED:
        return deferral_refusal(date, until, deferral_max_months)
    if until is not None and until <= date:
        return "截止日期必须晚于变动日期"
    return None


# --- 撤销: withdrawing the latest 学籍变动 ----------------------------------------------------------

# The status of a child whose every change is withdrawn (or who never had one): as the history says.
STATUS_BEFORE_ANY_CHANGE = S.IN_SCHOOL
# 毕业 is done for a whole grade by 学年升级, which also archives the class: one child's cannot be
# withdrawn alone (the child would be back on the roll of a class no longer in use).
NOT_WITHDRAWN_ALONE = {S.GRADUATED: "毕业由学年升级统一办理，不能单独撤销"}
# Statuses a step of the absence ledger writes when marked done; withdrawing one reopens the step.
WRITTEN_BY_LEDGER = frozenset(STATUS_FOR_STEP.values())


@dataclass(frozen=True)
class RecordedChange:
    """One 学籍变动 as the history holds it."""

    id: int
    status: S
    date: dt.date
    withdrawn: bool = False


@dataclass(frozen=True)
class Undo:
    """What withdrawing the latest change does: `change` is marked withdrawn, the child's status
    becomes `restored` (the status before it)."""

    change: RecordedChange
    restored: S

    @property
    def undone(self) -> S:
        return self.change.status


def _live(changes: Iterable[RecordedChange]) -> list[RecordedChange]:
    """The changes not withdrawn, oldest first (by date, then the order they were recorded)."""
    return sorted((c for c in changes if not c.withdrawn), key=lambda c: (c.date, c.id))


def undo_of(changes: Iterable[RecordedChange]) -> Undo | None:
    """The undo of the latest change not withdrawn (only that one can be undone: an earlier one
    would leave a later change following a status the child never had), or None when there is
    none. The child returns to the status of the change before it, else to 在校."""
    live = _live(changes)
    if not live:
        return None
    before = live[-2].status if len(live) > 1 else STATUS_BEFORE_ANY_CHANGE
    return Undo(live[-1], S(before))


def undo_refusal(changes: Iterable[RecordedChange]) -> str | None:
    """None if the latest change can be withdrawn, else why not, in Chinese."""
    undo = undo_of(changes)
    if undo is None:
        return "没有可以撤销的学籍变动"
    return NOT_WITHDRAWN_ALONE.get(undo.undone)


# --- what a change or its undo will do, said before it is saved ----------------------------------

# Changes asked about before saving: they take the child off the roll for good (or nearly).
CONFIRM_BEFORE = frozenset({S.TRANSFERRED_OUT, S.DECEASED, S.DROPOUT})


def roll_effect(before: S, after: S, class_name: str) -> str:
    """What a status change from `before` to `after` does to the daily head-count ("" if nothing).
    `class_name`: the class in use the child belongs to ("" when none: no class, or last year's)."""
    on_before, on_after = S(before) in ON_ROLL, S(after) in ON_ROLL
    if on_before and not on_after:
        where = f"{class_name}名单" if class_name else "点名名单"
        return f"从{where}中移除，今后不再点名"
    if on_after and not on_before:
        if class_name:
            return f"重新列入{class_name}的点名"
        return "重新列入点名（目前不在本学年的班级中，编入班级后才会出现在点名中）"
    return ""


def change_consequence(name: str, current: S, new: S, class_name: str) -> str:
    """The question asked before saving `current` → `new` for the child `name`."""
    current, new = S(current), S(new)
    lines = [f"{name}的学籍状态将由“{current}”变更为“{new}”。"]
    effect = roll_effect(current, new, class_name)
    if effect:
        lines.append(f"将{effect}。")
    if new is S.DROPOUT:
        lines.append("缺勤上报台账中不再列出该生，转入劝返工作。")
    if new in GONE:
        lines.append("如果登记有误，可在学生档案中“撤销最近一次学籍变动”。")
    lines.append("确定办理吗？")
    return "\n".join(lines)


def undo_consequence(name: str, undo: Undo, class_name: str) -> str:
    """The question asked before withdrawing: what the child returns to, and what follows."""
    effect = roll_effect(undo.undone, undo.restored, class_name)
    lines = [f"{name}将恢复为“{undo.restored}”{'，' + effect if effect else ''}。"]
    lines.append(
        f"撤销的“{undo.undone}”（{undo.change.date}）仍保留在成长记录和操作记录中，标为已撤销。"
    )
    if undo.undone in WRITTEN_BY_LEDGER:
        lines.append("缺勤上报台账中随这次变动办结的步骤将重新列为待办。")
    lines.append("确定撤销吗？")
    return "\n".join(lines)
