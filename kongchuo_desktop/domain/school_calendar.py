"""The school's own calendar: which dates are school days.

A date is a school day when it falls inside a term, is not a holiday or vacation day, and is a
weekday — or a 调休 make-up working day (a Saturday or Sunday the State Council declares a working
day). All escalation of absence counts school days from here, never calendar days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum


class DayKind(StrEnum):
    HOLIDAY = "节假日"
    VACATION = "寒暑假"
    MAKEUP_WORKDAY = "调休上班"


@dataclass(frozen=True)
class TermSpan:
    start: dt.date
    end: dt.date

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


@dataclass
class SchoolCalendar:
    """Built once from the stored calendar and then only read: answers are remembered per day
    (the dashboard asks about the same term days thousands of times)."""

    terms: list[TermSpan] = field(default_factory=list)
    special_days: dict[dt.date, DayKind] = field(default_factory=dict)
    _answers: dict[dt.date, bool] = field(default_factory=dict, repr=False, compare=False)

    # Far enough for any search; bounds loops when a calendar has no school days ahead.
    MAX_SCAN_DAYS = 3 * 366

    def in_term(self, day: dt.date) -> bool:
        return any(day in t for t in self.terms)

    def is_school_day(self, day: dt.date) -> bool:
        answer = self._answers.get(day)
        if answer is None:
            answer = self._answers[day] = self._decide(day)
        return answer

    def _decide(self, day: dt.date) -> bool:
        if not self.in_term(day):
            return False
        kind = self.special_days.get(day)
        if kind in (DayKind.HOLIDAY, DayKind.VACATION):
            return False
        if kind is DayKind.MAKEUP_WORKDAY:
            return True
        return day.weekday() < 5

    def why_no_school(self, day: dt.date) -> str | None:
        """Why `day` is not a school day, as a clerk says it (None: it is one)."""
        if self.is_school_day(day):
            return None
        if not self.in_term(day):
            return "不在学期之内"
        kind = self.special_days.get(day)
        if kind is DayKind.HOLIDAY:
            return "是节假日"
        if kind is DayKind.VACATION:
            return "在寒暑假中"
        return "是周末"

    def school_days_between(self, first: dt.date, last: dt.date) -> list[dt.date]:
        """School days from `first` to `last`, both included."""
        return [d for d in _days(first, last) if self.is_school_day(d)]

    def count_school_days(self, first: dt.date, last: dt.date) -> int:
        return len(self.school_days_between(first, last))

    def nth_school_day_after(self, day: dt.date, n: int) -> dt.date:
        """The n-th school day after `day` (not counting `day`); n = 0 gives `day` itself if it is
        a school day, else the next one. Raises ValueError when the calendar runs out."""
        if n < 0:
            raise ValueError("n must be >= 0")
        if n == 0 and self.is_school_day(day):
            return day
        seen = 0
        current = day
        for _ in range(self.MAX_SCAN_DAYS):
            current += dt.timedelta(days=1)
            if self.is_school_day(current):
                seen += 1
                if seen >= max(n, 1):
                    return current
        raise ValueError(f"校历中 {day} 之后没有足够的上学日，请在设置中补充学期日期")

    def previous_school_day(self, day: dt.date) -> dt.date | None:
        current = day
        for _ in range(self.MAX_SCAN_DAYS):
            current -= dt.timedelta(days=1)
            if self.is_school_day(current):
                return current
        return None

    def latest_school_day(self, day: dt.date) -> dt.date | None:
        """`day` if it is a school day, else the school day before it (None if there is none)."""
        return day if self.is_school_day(day) else self.previous_school_day(day)


def _days(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    current = first
    while current <= last:
        yield current
        current += dt.timedelta(days=1)


def expand_range(first: dt.date, last: dt.date) -> Iterable[dt.date]:
    return _days(first, last)
