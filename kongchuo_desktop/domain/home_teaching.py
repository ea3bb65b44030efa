"""送教上门: what a visit counts as, and whether a child is on plan this month.

A plan says how many visits a month the child gets and how many lessons a visit has at least
(defaults from the settings, DOMAIN.md: 方案1 two visits a month of at least two lessons). A visit
counts towards the plan when it has at least that many lessons and at least the number of teachers
the school sets; a shorter one is still recorded (and counted in the term's lessons) but does not
make up a planned visit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from kongchuo_desktop.domain.student_status import StudentStatus

# The feature is named after the status it serves: the page, the settings tab, the timeline.
NAME = StudentStatus.HOME_TEACHING.value


@dataclass(frozen=True)
class VisitFacts:
    date: dt.date
    lessons: int
    teachers: int


@dataclass(frozen=True)
class MonthProgress:
    required: int  # visits the plan asks for this month
    counted: int  # visits this month that meet the plan
    recorded: int  # visits this month, counted or not

    @property
    def behind(self) -> bool:
        return self.counted < self.required

    @property
    def missing(self) -> int:
        return max(0, self.required - self.counted)

    @property
    def text(self) -> str:
        extra = self.recorded - self.counted
        short = f"（另有{extra}次课时或教师不足）" if extra else ""
        return f"本月{self.counted}/{self.required}次{short}"


def counts(visit: VisitFacts, min_lessons: int, min_teachers: int) -> bool:
    """Whether a visit makes up one of the planned visits."""
    return visit.lessons >= min_lessons and visit.teachers >= min_teachers


def month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    first = day.replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    return first, nxt - dt.timedelta(days=1)


def month_progress(
    visits: Iterable[VisitFacts],
    day: dt.date,
    visits_per_month: int,
    min_lessons: int,
    min_teachers: int,
    plan_start: dt.date | None = None,
) -> MonthProgress:
    """How the month of `day` stands. A plan that starts in the month asks for the visits of the
    days left (rounded up): a plan begun on the 20th of a 30-day month asks for one of two."""
    first, last = month_bounds(day)
    required = visits_per_month
    if plan_start is not None and plan_start > last:
        required = 0
    elif plan_start is not None and plan_start > first:
        days = (last - first).days + 1
        left = (last - plan_start).days + 1
        required = -(-visits_per_month * left // days)
    in_month = [v for v in visits if first <= v.date <= last]
    counted = sum(1 for v in in_month if counts(v, min_lessons, min_teachers))
    return MonthProgress(required, counted, len(in_month))


def problems(
    day: dt.date | None, lessons: int, teacher_ids: list[int], today: dt.date
) -> list[str]:
    """What is wrong with a visit about to be recorded (Chinese, one line each)."""
    out = []
    if day is None:
        out.append("请填写送教日期")
    elif day > today:
        out.append(f"送教日期 {day:%Y-%m-%d} 还没到：只能记录已经进行的送教")
    if lessons < 1:
        out.append("课时数至少为1")
    if not teacher_ids:
        out.append("请至少选择一名送教教师")
    return out
