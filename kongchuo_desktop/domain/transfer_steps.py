"""The 转出 procedure done step by step, in plain Python: 书面申请 → 班主任意见 → 接收学校 →
分管校长审批, in that order, each dated no earlier than the step before and never in the future.
The last step changes the child's status to 转出 (through the ordinary 学籍变动 rules)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from kongchuo_desktop.domain.status_rules import TRANSFER_OUT_STEPS

IN_PROGRESS = "办理中"
DONE = "已转出"
ABANDONED = "已撤回"
RECEIVING_SCHOOL_STEP = "接收学校"
LAST_STEP = TRANSFER_OUT_STEPS[-1]
# What the person of each step is called on the form.
WHO = {"书面申请": "申请人", "班主任意见": "班主任", "接收学校": "联系人", "分管校长审批": "审批人"}


def next_step(done: Mapping[str, object]) -> str | None:
    """The first step not done yet (None: all four done)."""
    return next((s for s in TRANSFER_OUT_STEPS if s not in done), None)


def step_refusal(
    done: Mapping[str, Mapping[str, str]],
    step: str,
    day: dt.date,
    by: str,
    today: dt.date,
    receiving_school: str = "",
) -> str | None:
    """None if `step` may be saved now with these values, else why not, in Chinese."""
    expected = next_step(done)
    if expected is None:
        return "转出手续的四个步骤都已办完"
    if step != expected:
        return f"请按顺序办理：下一步是“{expected}”，不是“{step}”"
    if not by.strip():
        return f"请填写{step}的{WHO[step]}"
    if step == RECEIVING_SCHOOL_STEP and not receiving_school.strip():
        return "请填写接收学校的名称"
    if day > today:
        return f"{step}的日期 {day} 晚于今天（{today}），只能登记已经办理的步骤"
    earlier = [dt.date.fromisoformat(v["date"]) for v in done.values() if v.get("date")]
    if earlier and day < max(earlier):
        return f"{step}的日期 {day} 早于上一步（{max(earlier)}）"
    return None


def step_line(step: str, record: Mapping[str, str]) -> str:
    """ "班主任意见：2026-11-18 王老师，同意" — one step as the history and the 学籍变动 say it."""
    note = f"，{record['note']}" if record.get("note") else ""
    school = f"，{record['school']}" if record.get("school") else ""
    return f"{record.get('date', '')} {record.get('by', '')}{school}{note}".strip()
