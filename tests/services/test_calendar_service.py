import datetime as dt

import pytest

from kongchuo_desktop.domain.school_calendar import DayKind
from kongchuo_desktop.services import calendar_service as cs

D = dt.date


def test_term_and_holidays_make_the_stored_calendar(folder, actor):
    cs.save_term(actor, "2026-2027", 1, D(2026, 9, 1), D(2027, 1, 22))
    assert cs.load_national_holidays(actor, 2026) > 0
    cal = cs.load_calendar()
    assert not cal.is_school_day(D(2026, 10, 5))
    assert cal.is_school_day(D(2026, 10, 10))
    assert cs.term_containing(D(2026, 11, 27)).label == "2026-2027学年第一学期"


def test_holidays_the_school_corrected_are_kept_when_reloading(folder, actor):
    cs.set_day(actor, D(2026, 10, 10), None)  # the school decided no 调休 class that Saturday
    cs.set_day(actor, D(2026, 10, 9), DayKind.HOLIDAY, "校运会补休")
    cs.load_national_holidays(actor, 2026)
    cs.save_term(actor, "2026-2027", 1, D(2026, 9, 1), D(2027, 1, 22))
    cal = cs.load_calendar()
    assert not cal.is_school_day(D(2026, 10, 9))
    assert cal.is_school_day(D(2026, 10, 10))  # reload re-added the national 调休 day


def test_overlapping_terms_are_refused_with_both_dates(folder, actor):
    cs.save_term(actor, "2026-2027", 1, D(2026, 9, 1), D(2027, 1, 22))
    with pytest.raises(cs.CalendarError, match="重叠"):
        cs.save_term(actor, "2026-2027", 2, D(2027, 1, 10), D(2027, 7, 1))


def test_term_end_before_start_is_refused(folder, actor):
    with pytest.raises(cs.CalendarError, match="必须晚于"):
        cs.save_term(actor, "2026-2027", 1, D(2027, 1, 22), D(2026, 9, 1))


def test_saving_a_terms_dates_does_not_move_today_into_it(folder, actor):
    cs.save_term(actor, "2025-2026", 2, D(2026, 3, 2), D(2026, 7, 3))
    cs.save_term(actor, "2026-2027", 1, D(2026, 9, 1), D(2027, 1, 22))
    assert cs.term_containing(D(2026, 11, 27)).school_year == "2026-2027"
    cs.save_term(actor, "2025-2026", 2, D(2026, 3, 2), D(2026, 7, 10))  # last spring corrected
    assert cs.term_containing(D(2026, 11, 27)).school_year == "2026-2027"
    assert cs.term_containing(D(2026, 7, 20)).semester == 2  # summer: the term just ended


def test_a_winter_vacation_range_is_set_in_one_go(folder, actor):
    cs.save_term(actor, "2026-2027", 1, D(2026, 9, 1), D(2027, 2, 28))
    cs.set_range(actor, D(2027, 1, 25), D(2027, 2, 26), DayKind.VACATION, "寒假")
    assert cs.load_calendar().count_school_days(D(2027, 1, 25), D(2027, 2, 26)) == 0
    with pytest.raises(cs.CalendarError):
        cs.set_range(actor, D(2027, 2, 26), D(2027, 1, 25), DayKind.VACATION)
