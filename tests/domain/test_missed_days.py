"""漏报: which earlier school days are not fully reported."""

import datetime as dt

from kongchuo_desktop.domain.missed_days import (
    MissedDay,
    days_to_check,
    fully_reported,
    missed_days,
    missing_classes,
    start_of_reporting,
)

TERM_START = dt.date(2026, 9, 1)
MON, TUE, WED = dt.date(2026, 11, 23), dt.date(2026, 11, 24), dt.date(2026, 11, 25)


def test_a_day_is_fully_reported_when_every_class_in_use_reported():
    assert fully_reported([1, 2], {1, 2, 3})
    assert not fully_reported([1, 2], {1})
    assert missing_classes([3, 1, 2], {1}) == [3, 2]  # in the order the classes are given


def test_reporting_starts_at_the_schools_date_else_its_first_head_count():
    first = dt.date(2026, 10, 12)
    assert start_of_reporting(TERM_START, None, first) == first
    assert start_of_reporting(TERM_START, dt.date(2026, 11, 2), first) == dt.date(2026, 11, 2)
    assert start_of_reporting(TERM_START, None, None) is None  # nothing saved: nothing missed
    # A head-count of last term (or a date before term) counts from this term's first day.
    assert start_of_reporting(TERM_START, None, dt.date(2026, 6, 1)) == TERM_START


def test_today_is_not_checked_until_it_is_over():
    days = [MON, TUE, WED]
    assert days_to_check(days, WED, MON) == [MON, TUE]
    assert days_to_check(days, WED, TUE) == [TUE]
    assert days_to_check(days, WED, None) == []


def test_missed_days_name_the_classes_that_did_not_report():
    in_use = {MON: [1, 2], TUE: [1, 2]}
    reported = {MON: {1, 2}, TUE: {1}}
    assert missed_days([TUE, MON], in_use, reported) == [MissedDay(TUE, (2,), 2)]


def test_a_class_not_in_use_that_day_is_not_missing():
    in_use = {MON: [1], TUE: [1, 2]}  # class 2 had nobody on MON
    assert missed_days([MON, TUE], in_use, {MON: {1}, TUE: {1, 2}}) == []
    day = missed_days([MON], {MON: [1, 2]}, {})[0]
    assert day.none_reported and day.missing == (1, 2)
