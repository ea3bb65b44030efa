"""Which 学年 and which term a day belongs to."""

import datetime as dt

from kongchuo_desktop.domain.school_calendar import TermSpan
from kongchuo_desktop.domain.school_year import (
    current_school_year,
    next_year,
    school_year_of,
    term_containing,
)

D = dt.date
AUTUMN = TermSpan(D(2026, 9, 1), D(2027, 1, 22))
SPRING = TermSpan(D(2027, 2, 22), D(2027, 7, 2))


def test_school_year_follows_the_august_line():
    assert school_year_of(D(2026, 9, 1)) == "2026-2027"
    assert school_year_of(D(2027, 3, 1)) == "2026-2027"
    assert school_year_of(D(2027, 8, 1)) == "2027-2028"
    assert next_year("2026-2027") == "2027-2028"


def test_a_day_in_a_term_belongs_to_it_whatever_terms_were_entered_later():
    assert term_containing([SPRING, AUTUMN], D(2026, 11, 27)) is AUTUMN
    assert term_containing([AUTUMN, SPRING], D(2027, 2, 22)) is SPRING


def test_a_vacation_day_belongs_to_the_term_just_ended():
    assert term_containing([AUTUMN, SPRING], D(2027, 2, 1)) is AUTUMN  # 寒假
    assert term_containing([AUTUMN, SPRING], D(2027, 8, 20)) is SPRING  # 暑假


def test_before_the_first_term_it_is_the_first_term_and_without_terms_none():
    assert term_containing([SPRING, AUTUMN], D(2026, 8, 25)) is AUTUMN
    assert term_containing([], D(2026, 8, 25)) is None


def test_the_current_year_is_the_latest_year_with_classes_in_use():
    assert current_school_year(["2026-2027"], "2027-2028") == "2026-2027"  # 学年升级 not done
    assert current_school_year(["2026-2027", "2027-2028"], "2026-2027") == "2027-2028"
    assert current_school_year([], "2026-2027") == "2026-2027"  # no classes yet
    assert current_school_year([], None) is None
