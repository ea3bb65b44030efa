"""学年 and 学期 as the school counts them: which 学年 a date falls in, which term a day belongs
to, and which 学年 is the current one. Pure rules; services/calendar_service.py looks them up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from kongchuo_desktop.domain.school_calendar import TermSpan

# A 学年 starts in August: the first term opens at the end of August or in September.
YEAR_START_MONTH = 8


def school_year_of(day: dt.date) -> str:
    """The 学年 a date falls in, by the August line: 2026-09-01 and 2027-03-01 are both
    "2026-2027". Used to name a new term's 学年 from its first day."""
    start = day.year if day.month >= YEAR_START_MONTH else day.year - 1
    return f"{start}-{start + 1}"


def likely_term(today: dt.date) -> tuple[dt.date, dt.date, int]:
    """The usual dates of the term around `today`, as a first guess the school corrects:
    秋季 (第一学期) 1 September – late January, 春季 (第二学期) early March – early July.
    Returns (start, end, semester)."""
    if today.month >= YEAR_START_MONTH or today.month == 1:
        start_year = today.year if today.month >= YEAR_START_MONTH else today.year - 1
        return dt.date(start_year, 9, 1), dt.date(start_year + 1, 1, 22), 1
    return dt.date(today.year, 3, 2), dt.date(today.year, 7, 3), 2


def next_year(year: str) -> str:
    """ "2026-2027" → "2027-2028"."""
    start = int(year.split("-")[0]) + 1
    return f"{start}-{start + 1}"


def term_containing(terms: Iterable[TermSpan], day: dt.date) -> TermSpan | None:
    """本学期 on `day`: the term whose dates include the day.

    In a vacation between two terms (寒假, 暑假) it is the last term that started on or before
    the day — the term just ended, whose figures stay until the next one opens. Before the first
    term of the calendar (a school set up in August) it is that first term. None without terms.

    Entering a later term's dates early changes nothing before that term's first day."""
    ordered = sorted(terms, key=lambda t: t.start)
    if not ordered:
        return None
    started = [t for t in ordered if t.start <= day]
    return started[-1] if started else ordered[0]


def current_school_year(class_years: Iterable[str], term_year: str | None) -> str | None:
    """本学年: the 学年 of the classes in use — the latest year that has classes not archived.

    学年升级 moves the school into a new year, not the calendar: entering next year's term early
    changes nothing, a September before 学年升级 still shows last year's classes (the children are
    in them), and a summer after 学年升级 already shows the new ones. Before any class exists (a
    school being set up) it is the 学年 of the term today belongs to (`term_year`, from
    term_containing); None with neither."""
    return max(class_years, default=None) or term_year
