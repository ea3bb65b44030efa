"""漏报的上学日: the earlier school days of this term that a class did not report."""

import datetime as dt

import pytest

from kongchuo_desktop.db.models import AttendanceReport, SchoolClass
from kongchuo_desktop.domain.school_calendar import DayKind
from kongchuo_desktop.services import attendance, audit, calendar_service
from kongchuo_desktop.services.attendance.missed_days import missed_days
from kongchuo_desktop.services.settings_store import set_many
from kongchuo_desktop.settings import SettingError
from tests.demo_school import DEMO_TODAY

MON, TUE, WED = dt.date(2026, 11, 23), dt.date(2026, 11, 24), dt.date(2026, 11, 25)
START = "attendance.reporting_start"


def report(actor, cls, day, today=WED):
    attendance.save_class(actor, cls.id, day, [], today=today)


def test_nothing_is_missed_before_the_first_head_count(school):
    assert missed_days(WED).rows == []
    assert missed_days(WED).start is None


def test_a_half_reported_day_names_the_class_that_did_not_report(school, actor):
    c1, c2 = school["c1"], school["c2"]
    report(actor, c1, MON)
    report(actor, c2, MON)
    report(actor, c1, TUE)  # 七年级2班 forgot Tuesday
    missed = missed_days(WED)
    assert missed.start == MON and not missed.start_chosen  # from the first head-count
    assert [(r.day, r.class_names, r.in_use) for r in missed.rows] == [(TUE, "七年级2班", 2)]
    assert missed.dates == {TUE}


def test_today_is_not_missed_while_a_class_can_still_report(school, actor):
    report(actor, school["c1"], MON)
    report(actor, school["c2"], MON)
    report(actor, school["c1"], TUE, today=TUE)
    assert missed_days(TUE).rows == []  # 七年级2班 may still report today
    assert [r.day for r in missed_days(WED).rows] == [TUE]  # the day after, it is missed


def test_a_day_no_class_reported_says_all_classes(school, actor):
    report(actor, school["c1"], MON)
    report(actor, school["c2"], MON)
    row = missed_days(dt.date(2026, 11, 26)).rows
    assert [(r.day, r.class_names) for r in row] == [(WED, "全部2个班"), (TUE, "全部2个班")]


def test_a_mid_term_start_hides_the_days_before_it(school, actor):
    report(actor, school["c1"], dt.date(2026, 11, 2))  # tried once, early in November
    report(actor, school["c1"], MON)
    report(actor, school["c2"], MON)
    assert len(missed_days(WED).rows) > 10  # every day since 2 November
    set_many({START: "2026-11-23"}, actor)  # the school starts properly this week
    missed = missed_days(WED)
    assert missed.start == MON and missed.start_chosen
    assert [r.day for r in missed.rows] == [TUE]


def test_a_start_date_before_any_head_count_counts_from_it(school, actor):
    set_many({START: "2026-11-23"}, actor)
    assert [r.day for r in missed_days(WED).rows] == [TUE, MON]  # newest first


def test_holidays_and_empty_classes_are_not_missed(school, actor, folder):
    report(actor, school["c1"], MON)
    report(actor, school["c2"], MON)
    audit.create(SchoolClass, actor, school_year=school["c1"].school_year, grade=7, number=3)
    calendar_service.set_day(actor, TUE, DayKind.HOLIDAY, "校运会补休")
    assert missed_days(WED).rows == []


def test_the_setting_takes_only_a_date(folder, actor):
    with pytest.raises(SettingError, match="2026-09-01"):
        set_many({START: "11月23日"}, actor)
    set_many({START: ""}, actor)  # empty: from the first head-count


def test_the_demo_school_has_no_missed_day_until_a_report_is_deleted(demo):
    assert missed_days(DEMO_TODAY).rows == []
    thursday = dt.date(2026, 11, 26)
    gone = AttendanceReport.select().where(AttendanceReport.date == thursday).first()
    gone.delete_instance()
    rows = missed_days(DEMO_TODAY).rows
    assert [(r.day, [c.class_id for c in r.classes]) for r in rows] == [
        (thursday, [gone.school_class_id])
    ]
