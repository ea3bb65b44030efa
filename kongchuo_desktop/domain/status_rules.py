"""Which 学籍变动 are possible from which status, in plain Python.

A change that cannot happen (复学 for a child in school, 转出 of a child already gone) is refused
with a reason the clerk can read.
"""

from __future__ import annotations

import datetime as dt

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
