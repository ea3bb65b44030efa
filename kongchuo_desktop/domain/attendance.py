"""一日一点名: absence reasons, half days, and how an absence counts.

A day's absence is whole-day (全天) or half a day (上午 / 下午). 迟到 and 早退 are recorded but
the child was at school: they count as present in 实到 and in the attendance rate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class AbsenceReason(StrEnum):
    SICK = "病假"
    PERSONAL = "事假"
    TRUANT = "旷课"  # 无故缺席 / 无故未到
    LATE = "迟到"
    LEFT_EARLY = "早退"
    OTHER = "其他"


class Period(StrEnum):
    FULL = "全天"
    MORNING = "上午"
    AFTERNOON = "下午"


# At school for part of the day: counted present.
PRESENT_REASONS = frozenset({AbsenceReason.LATE, AbsenceReason.LEFT_EARLY})

# Reasons a school may count as 无故缺席 (the setting attendance.unexcused_reasons): not 病假/事假
# (excused), not 迟到/早退 (at school).
UNEXCUSED_CHOICES = tuple(
    r.value
    for r in AbsenceReason
    if r not in PRESENT_REASONS and r not in (AbsenceReason.SICK, AbsenceReason.PERSONAL)
)

# The order of the reasons as columns of the statistics: absences first, then those present.
REASONS_IN_TABLES = (
    AbsenceReason.SICK,
    AbsenceReason.PERSONAL,
    AbsenceReason.TRUANT,
    AbsenceReason.OTHER,
    AbsenceReason.LATE,
    AbsenceReason.LEFT_EARLY,
)


def day_weight(period: Period | str) -> float:
    """How much of a school day an absence in `period` covers."""
    return 1.0 if Period(period) is Period.FULL else 0.5


def reason_words(text: str) -> list[str]:
    """The words of a reasons setting like "旷课，其他" or "旷课、其他" (blanks dropped)."""
    parts = text.replace("，", ",").replace("、", ",").split(",")
    return [w for w in (p.strip() for p in parts) if w]


def parse_reasons(text: str) -> frozenset[AbsenceReason]:
    """A setting like "旷课,其他" → the reasons it names (unknown words are ignored: the setting
    refuses them when saved, setting_specs)."""
    return frozenset(
        AbsenceReason(w) for w in reason_words(text) if w in AbsenceReason._value2member_map_
    )


@dataclass(frozen=True)
class AbsenceRecord:
    """One absence as the rules see it (no database)."""

    date: dt.date
    reason: AbsenceReason
    period: Period = Period.FULL
    note: str = ""

    @property
    def missed(self) -> float:
        """School days missed: 0 for 迟到/早退, 0.5 for half a day, 1 for the whole day."""
        return 0.0 if self.reason in PRESENT_REASONS else day_weight(self.period)


@dataclass(frozen=True)
class HeadCount:
    """One class on one day: 应到, 缺勤 and the 迟到/早退 who were there."""

    expected: int  # 应到
    absent: int  # away: every absence except 迟到/早退
    late: int  # 迟到/早退: recorded, but at school

    @property
    def present(self) -> int:
        """实到 = 应到 − 缺勤 (迟到/早退 count as present)."""
        return self.expected - self.absent


def head_count(expected: int, reasons: Iterable[str]) -> HeadCount:
    """The day's figures of a class of `expected` children with one absence reason per child
    marked (a half-day absence counts as absent for 实到, as on the class's paper)."""
    reasons = list(reasons)
    absent = sum(1 for r in reasons if r not in PRESENT_REASONS)
    return HeadCount(expected, absent, len(reasons) - absent)


def attendance_rate(expected_days: float, missed_days: float) -> float | None:
    """出勤率 = (应到人日 − 缺勤人日) ÷ 应到人日; None when nobody was expected."""
    if expected_days <= 0:
        return None
    return max(0.0, (expected_days - missed_days) / expected_days)
