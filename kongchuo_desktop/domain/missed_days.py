"""漏报: earlier school days whose head-count is not complete.

A school day is fully reported when every class in use that day saved its head-count. The days
checked are this term's school days from the start of reporting up to yesterday:

- the start of reporting is the school's own date (the setting 开始检查漏报的日期), else the day of
  its first saved head-count — a school that starts using the program in the middle of term is
  not told it missed every day before; never earlier than the term's first day;
- today is never a missed day: a class may still report later today. Today's unreported classes
  are listed on their own (首页 今日未点名的班级).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class MissedDay:
    day: dt.date
    missing: tuple[int, ...]  # the classes in use that day without a saved head-count
    in_use: int  # how many classes were in use that day

    @property
    def none_reported(self) -> bool:
        return len(self.missing) == self.in_use


def missing_classes(in_use: Iterable[int], reported: Collection[int]) -> list[int]:
    """The classes in use (in their order) that did not report."""
    return [c for c in in_use if c not in reported]


def fully_reported(in_use: Iterable[int], reported: Collection[int]) -> bool:
    return not missing_classes(in_use, reported)


def start_of_reporting(
    term_start: dt.date, chosen: dt.date | None, first_report: dt.date | None
) -> dt.date | None:
    """The first day checked: the school's chosen date, else its first saved head-count (None:
    nothing was ever saved, so nothing is missed yet); never before the term began."""
    start = chosen or first_report
    return None if start is None else max(start, term_start)


def days_to_check(
    school_days: Iterable[dt.date], today: dt.date, start: dt.date | None
) -> list[dt.date]:
    """The school days from `start` up to the day before `today`."""
    if start is None:
        return []
    return [d for d in school_days if start <= d < today]


def missed_days(
    days: Iterable[dt.date],
    in_use: Mapping[dt.date, Sequence[int]],
    reported: Mapping[dt.date, Collection[int]],
) -> list[MissedDay]:
    """Of `days`, those not fully reported, oldest first. `in_use`: day → the classes in use
    that day (a day missing from it has none); `reported`: day → the classes that saved it."""
    out = []
    for day in sorted(days):
        classes = in_use.get(day, ())
        missing = missing_classes(classes, reported.get(day, ()))
        if missing:
            out.append(MissedDay(day, tuple(missing), len(classes)))
    return out
