"""The school calendar as stored: terms and special days, read into the pure domain calendar."""

from __future__ import annotations

import datetime as dt

from peewee import fn

from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.fast_reads import sql_rows
from kongchuo_desktop.db.models import AttendanceReport, CalendarDay, Term, stored_day
from kongchuo_desktop.domain import school_year as sy
from kongchuo_desktop.domain.holidays import holiday_days
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.domain.school_calendar import DayKind, SchoolCalendar, TermSpan
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import audit, guards


class CalendarError(UserError, ValueError):
    """A calendar edit that cannot be saved; the message is for the user."""


def load_calendar() -> SchoolCalendar:
    # Read raw (db.fast_reads): every report and head-count sum loads the calendar.
    terms = [
        TermSpan(stored_day(start), stored_day(end))
        for start, end in sql_rows("SELECT start_date, end_date FROM term ORDER BY start_date")
    ]
    special = {
        stored_day(day): DayKind(kind)
        for day, kind in sql_rows("SELECT date, kind FROM calendar_day")
    }
    return SchoolCalendar(terms, special)


def term_containing(day: dt.date) -> Term | None:
    """本学期 on `day` (domain.school_year.term_containing: in a vacation, the term just ended;
    before the first term, that term). Every "this term" figure asks here, never a stored flag:
    entering next term's dates early does not move today into it."""
    terms = list(Term.select().order_by(Term.start_date, Term.id))
    spans = [TermSpan(t.start_date, t.end_date) for t in terms]
    chosen = sy.term_containing(spans, day)
    return None if chosen is None else terms[spans.index(chosen)]


def current_school_year(today: dt.date | None = None) -> str | None:
    """本学年: the 学年 of the classes in use (domain.school_year.current_school_year); before any
    class exists, the 学年 of the term `today` (default: the real today) belongs to."""
    sql = "SELECT DISTINCT school_year FROM school_class WHERE archived = 0"
    years = [y for (y,) in sql_rows(sql)]
    term = None if years else term_containing(today or dt.date.today())
    return sy.current_school_year(years, term.school_year if term else None)


def save_term(
    actor: str,
    school_year: str,
    semester: int,
    start: dt.date,
    end: dt.date,
) -> Term:
    """Add a term or change its dates. Which term a day belongs to follows from the dates alone
    (term_containing), so saving next term early changes nothing before it starts."""
    guards.school(Action.EDIT_SCHOOL)
    if end <= start:
        raise CalendarError(f"学期结束日期（{end}）必须晚于开始日期（{start}）")
    if semester not in (1, 2):
        raise CalendarError("学期只能是第一学期或第二学期")
    with current().atomic():
        overlapping = Term.select().where(
            (Term.start_date <= end)
            & (Term.end_date >= start)
            & ~((Term.school_year == school_year) & (Term.semester == semester))
        )
        clash = overlapping.first()
        if clash:
            raise CalendarError(
                f"学期日期与“{clash.label}”（{clash.start_date}至{clash.end_date}）重叠"
            )
        term = Term.get_or_none((Term.school_year == school_year) & (Term.semester == semester))
        if term is None:
            return audit.create(
                Term,
                actor,
                school_year=school_year,
                semester=semester,
                start_date=start,
                end_date=end,
            )
        return audit.update(term, actor, start_date=start, end_date=end)


def set_day(actor: str, day: dt.date, kind: DayKind | str | None, name: str = "") -> None:
    """Mark `day` as a holiday/vacation/make-up day, or (kind None) back to an ordinary day."""
    guards.school(Action.EDIT_SCHOOL)
    kind = None if kind is None else DayKind(kind)
    with current().atomic():
        existing = CalendarDay.get_or_none(CalendarDay.date == day)
        if kind is None:
            if existing:
                audit.delete(existing, actor)
            return
        if existing is None:
            audit.create(CalendarDay, actor, date=day, kind=kind.value, name=name)
        else:
            audit.update(existing, actor, kind=kind.value, name=name)


def set_range(actor: str, first: dt.date, last: dt.date, kind: DayKind | None, name: str = ""):
    guards.school(Action.EDIT_SCHOOL)
    if last < first:
        raise CalendarError(f"结束日期（{last}）早于开始日期（{first}）")
    if (last - first).days > 120:
        raise CalendarError("一次最多设置120天")
    with current().atomic():
        day = first
        while day <= last:
            set_day(actor, day, kind, name)
            day += dt.timedelta(days=1)


def reported_days(first: dt.date, last: dt.date) -> dict[dt.date, int]:
    """Days in first…last that already have head-counts, with how many classes reported. Making
    such a day a holiday takes its head-counts out of every count (escalation, statistics)."""
    rows = (
        AttendanceReport.select(AttendanceReport.date, fn.COUNT(AttendanceReport.id))
        .where(AttendanceReport.date.between(first, last))
        .group_by(AttendanceReport.date)
        .order_by(AttendanceReport.date)
        .tuples()
    )
    return dict(rows)


def load_national_holidays(actor: str, year: int) -> int:
    """Enter the built-in holiday list for `year`; days the school already set are kept."""
    guards.school(Action.EDIT_SCHOOL)
    added = 0
    with current().atomic():
        for day, kind, name in holiday_days(year):
            if CalendarDay.get_or_none(CalendarDay.date == day) is None:
                audit.create(CalendarDay, actor, date=day, kind=kind.value, name=name)
                added += 1
    return added


def special_days(first: dt.date, last: dt.date) -> list[CalendarDay]:
    return list(
        CalendarDay.select()
        .where((CalendarDay.date >= first) & (CalendarDay.date <= last))
        .order_by(CalendarDay.date)
    )
