"""The report month as a period of days: the figures are taken as of a cut-off day, the report is
due on a due day (both settings; 方案4: as of the 20th, due on the 25th).

With the cut-off on the 20th, the 2026年11月 report counts 10月21日 … 11月20日: each month's
period starts the day after the previous month's cut-off, so no day is counted twice or missed.
A cut-off of 31 (or any day past the month's end) means the month's last day: the calendar month.
Plain Python: no database, no Qt.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from kongchuo_desktop.errors import UserError


def _day_in(year: int, month: int, day: int) -> dt.date:
    """`day` of the month, or its last day when the month is shorter."""
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _previous(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


@dataclass(frozen=True)
class ReportPeriod:
    year: int
    month: int
    first: dt.date  # the first day counted
    last: dt.date  # the cut-off day: figures are as of this day
    due: dt.date  # the bureau's day

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def title(self) -> str:
        return f"{self.year}年{self.month}月"

    def describe(self) -> str:
        """The sentence the preview and the notes sheet say about the period."""
        return (
            f"{self.title}月报：统计{self.first.year}年{self.first.month}月{self.first.day}日至"
            f"{self.last.year}年{self.last.month}月{self.last.day}日（截至{self.last.month}月"
            f"{self.last.day}日的数字），{self.due.month}月{self.due.day}日前上报。"
        )


def period_for(year: int, month: int, cutoff_day: int, due_day: int) -> ReportPeriod:
    last = _day_in(year, month, cutoff_day)
    py, pm = _previous(year, month)
    first = _day_in(py, pm, cutoff_day) + dt.timedelta(days=1)
    return ReportPeriod(year, month, first, last, _day_in(year, month, due_day))


def parse_month(text: str) -> tuple[int, int]:
    """ "2026-11" → (2026, 11); anything else is a UserError saying what is expected."""
    m = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", text or "")
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise UserError(f"月份格式应为 YYYY-MM，如 2026-11（不是“{text}”）")
    return int(m.group(1)), int(m.group(2))


def report_month_of(day: dt.date, cutoff_day: int) -> tuple[int, int]:
    """The report month whose period contains `day` (after the cut-off: next month's)."""
    if day > _day_in(day.year, day.month, cutoff_day):
        return (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return day.year, day.month


def due_notice(
    today: dt.date, filed: set[str], notice_day: int, cutoff_day: int, due_day: int
) -> ReportPeriod | None:
    """The month whose report 首页 should show as due today: this month's from `notice_day` on
    until it is filed; a past month's not yet filed stays due (overdue) as well."""
    if today.day >= notice_day:
        period = period_for(today.year, today.month, cutoff_day, due_day)
        if period.key not in filed:
            return period
    py, pm = _previous(today.year, today.month)
    earlier = period_for(py, pm, cutoff_day, due_day)
    if filed and earlier.key not in filed and max(filed) < earlier.key:
        return earlier
    return None


def recent_months(today: dt.date, count: int = 13) -> list[tuple[int, int]]:
    """(year, month) of `today`'s month and the `count` − 1 before it, newest first: the months a
    report or a review may be chosen from."""
    year, month = today.year, today.month
    out = []
    for _ in range(count):
        out.append((year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return out
