"""易辍生预警: one child's facts weighed by the school's rules (domain.risk_rules) into a score, a
level (高/中/低) and the reasons in words with their points ("本学期无故缺勤 4 天 +20；留守儿童 +10").

Plain Python: a service gathers every child's facts in a few set-based queries and hands them
here once. Thresholds count when reached: 3 days of a "3 天" rule count, 2.5 do not; a "within 6
months" rule counts a transfer exactly 6 months ago.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from kongchuo_desktop.domain import risk_rules as rr
from kongchuo_desktop.domain.escalation import add_months
from kongchuo_desktop.domain.grades import GRADE_NAMES
from kongchuo_desktop.domain.risk_rules import Level, RiskRules

# 6 周岁 by 31 August enters 一年级 (DOMAIN.md): grade g's normal age on that day is g + 5.
ENTRY_AGE = 6
SEPARATOR = "；"
# The roster flags the rules know, in the order of the rules.
_FLAG_ORDER = {c.label: i for i, c in enumerate(rr.CRITERIA) if c.key.startswith(rr.FLAG_PREFIX)}


@dataclass(frozen=True)
class StudentFacts:
    """What the rules look at for one child on a day; counts are for this term so far."""

    student_id: int
    unexcused_days: float = 0.0  # 无故缺勤, half days as 0.5
    missed_days: float = 0.0  # away for any reason (迟到/早退 not counted)
    school_days: int = 0  # school days of the term so far
    run_days: int = 0  # unexcused school days running, still away
    leave_days: float = 0.0
    flags: frozenset[str] = frozenset()
    # 疑似辍学 / 辍学 / 休学 in the 学籍 history (not withdrawn): (status, date)
    past_statuses: tuple[tuple[str, dt.date], ...] = ()
    transferred_in: dt.date | None = None  # the latest 转入
    birth_date: dt.date | None = None
    grade: int | None = None
    year_start: int | None = None  # the 学年's first year: 2026 for "2026-2027"

    @property
    def nothing_counted(self) -> bool:
        """No absence, leave, flag or 学籍 history to weigh (age aside)."""
        return not (
            self.unexcused_days
            or self.missed_days
            or self.run_days
            or self.leave_days
            or self.flags
            or self.past_statuses
            or self.transferred_in
        )


@dataclass(frozen=True)
class Reason:
    key: str
    text: str
    points: int

    def __str__(self) -> str:
        return f"{self.text} +{self.points}"


@dataclass(frozen=True)
class RiskScore:
    student_id: int
    score: int
    level: Level
    reasons: tuple[Reason, ...] = field(default_factory=tuple)

    @property
    def explanation(self) -> str:
        return SEPARATOR.join(str(r) for r in self.reasons)


def _n(x: float) -> str:
    """4.0 → "4", 2.5 → "2.5"."""
    return f"{round(x, 1):g}"


def _date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def over_age_years(birth: dt.date | None, grade: int | None, year_start: int | None) -> int:
    """Full years older than grade `grade`'s normal age on 31 August of the 学年's first year."""
    if birth is None or grade is None or year_start is None:
        return 0
    ref = dt.date(year_start, 8, 31)
    age = ref.year - birth.year - ((ref.month, ref.day) < (birth.month, birth.day))
    return age - (grade + ENTRY_AGE - 1)


def _within_months(when: dt.date, day: dt.date, months: float) -> bool:
    return add_months(day, -int(months)) <= when <= day


def reasons(facts: StudentFacts, rules: RiskRules, day: dt.date) -> list[Reason]:
    """Every rule the child meets, in the order of the rules in 设置."""
    out: list[Reason] = []
    years = over_age_years(facts.birth_date, facts.grade, facts.year_start)
    if years <= 0 and facts.nothing_counted:
        return out  # most children: nothing to weigh (a whole school is scored at once)

    def met(key: str, text: str) -> None:
        rule = rules.active(key)
        if rule is not None:
            out.append(Reason(key, text, rule.points))

    def at_least(key: str, value: float) -> bool:
        rule = rules.active(key)
        return rule is not None and rule.threshold is not None and value >= rule.threshold

    if facts.unexcused_days > 0 and at_least(rr.UNEXCUSED_DAYS, facts.unexcused_days):
        met(rr.UNEXCUSED_DAYS, f"本学期无故缺勤 {_n(facts.unexcused_days)} 天")
    if facts.school_days > 0 and facts.missed_days > 0:
        share = facts.missed_days / facts.school_days
        if at_least(rr.CHRONIC_ABSENCE, share):
            met(
                rr.CHRONIC_ABSENCE,
                f"长期缺勤：本学期缺课 {_n(facts.missed_days)} 天，占上学日 {_n(100 * share)}%",
            )
    if facts.run_days > 0 and at_least(rr.UNEXCUSED_RUN, facts.run_days):
        met(rr.UNEXCUSED_RUN, f"目前已连续无故缺勤 {facts.run_days} 天")
    if facts.leave_days > 0 and at_least(rr.LEAVE_DAYS, facts.leave_days):
        met(rr.LEAVE_DAYS, f"本学期请假 {_n(facts.leave_days)} 天")
    if facts.flags:
        for flag in sorted(facts.flags & _FLAG_ORDER.keys(), key=_FLAG_ORDER.__getitem__):
            met(rr.flag_key(flag), flag)
    rule = rules.active(rr.EARLIER_STATUS)
    if rule is not None and rule.threshold is not None:
        latest: dict[str, dt.date] = {}
        for status, when in sorted(facts.past_statuses, key=lambda p: p[1]):
            if _within_months(when, day, rule.threshold):
                latest[status] = when
        if latest:
            parts = sorted(latest.items(), key=lambda p: p[1])
            met(rr.EARLIER_STATUS, "曾" + "、".join(f"{s}（{_date(d)}）" for s, d in parts))
    rule = rules.active(rr.RECENT_TRANSFER_IN)
    when = facts.transferred_in
    if (
        rule is not None
        and rule.threshold is not None
        and when is not None
        and _within_months(when, day, rule.threshold)
    ):
        met(rr.RECENT_TRANSFER_IN, f"{_date(when)}转入，不满 {_n(rule.threshold)} 个月")
    if years > 0 and facts.grade is not None and at_least(rr.OVER_AGE, years):
        met(rr.OVER_AGE, f"比{GRADE_NAMES[facts.grade]}正常年龄大 {years} 岁")
    return out


def score(facts: StudentFacts, rules: RiskRules, day: dt.date) -> RiskScore:
    found = tuple(reasons(facts, rules, day))
    total = sum(r.points for r in found)
    return RiskScore(facts.student_id, total, rules.level(total), found)


def score_all(facts: Iterable[StudentFacts], rules: RiskRules, day: dt.date) -> list[RiskScore]:
    """Every child's score, highest first (ties: more reasons first, then by id)."""
    out = [score(f, rules, day) for f in facts]
    out.sort(key=lambda s: (-s.score, -len(s.reasons), s.student_id))
    return out
