"""A day made a holiday after its head-count was saved no longer counts in any total."""

import datetime as dt

from kongchuo_desktop.domain.school_calendar import DayKind
from kongchuo_desktop.services import attendance as att
from kongchuo_desktop.services import calendar_service

D = dt.date
WEEK = [D(2026, 11, 23) + dt.timedelta(days=i) for i in range(5)]  # Monday … Friday
SPORTS_DAY = D(2026, 11, 25)


def _count_the_week(school, actor):
    c1, wang = school["c1"], school["s"]["王五"]
    for day in WEEK:
        absent = [att.AbsenceInput(wang.id, "病假")] if day == SPORTS_DAY else []
        att.save_class(actor, c1.id, day, absent, today=D(2026, 11, 30))
    return c1, wang


def test_week_totals_drop_a_day_made_a_holiday_afterwards(school, actor):
    c1, wang = _count_the_week(school, actor)
    first, last = att.period_range("周", SPORTS_DAY)
    before = next(r for r in att.class_rates(first, last) if r.key_id == c1.id)
    assert (before.expected_days, before.missed_days) == (5 * 10, 1)

    calendar_service.set_day(actor, SPORTS_DAY, DayKind.HOLIDAY, "运动会改放假")
    after = next(r for r in att.class_rates(first, last) if r.key_id == c1.id)
    assert (after.expected_days, after.missed_days) == (4 * 10, 0)
    assert after.rate == 1.0
    student = next(r for r in att.student_rates(c1.id, first, last) if r.key_id == wang.id)
    assert (student.expected_days, student.missed_days) == (4, 0)


def test_the_chronic_absence_warning_forgets_a_day_made_a_holiday(school, actor):
    c1, wang = school["c1"], school["s"]["王五"]
    sick = [D(2026, 11, 2) + dt.timedelta(days=i) for i in range(5)]  # a whole week ill
    for day in sick:
        att.save_class(
            actor, c1.id, day, [att.AbsenceInput(wang.id, "病假")], today=D(2026, 11, 30)
        )
    today = D(2026, 9, 1) + dt.timedelta(days=69)  # 10 weeks in: 5 days ill ≈ 10% of them
    missed_before = {r.student_id: r.missed for r in att.chronic_absentees(today)}
    for day in sick:
        calendar_service.set_day(actor, day, DayKind.VACATION, "秋假")
    missed_after = {r.student_id: r.missed for r in att.chronic_absentees(today)}
    assert missed_before.get(wang.id) == 5
    assert wang.id not in missed_after
