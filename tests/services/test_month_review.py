"""校长审阅: each month's facts counted from the records (a small school whose autumn the tests know),
the demo school's trend on first launch, and who may sign and file the month."""

import datetime as dt

import pytest

from kongchuo_desktop.db.models import AuditLog, ReportFiling
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import access, month_report, month_review, report_filing
from tests import month_school
from tests.demo_school import DEMO_TODAY

TODAY = dt.date(2026, 11, 24)
CLERK = access.Actor("王教务", frozenset({"教务员"}))
PRINCIPAL = access.Actor("李校长", frozenset({"校长"}))


@pytest.fixture
def small(folder, actor):
    kids = month_school.build(actor)
    month_school.add_people(actor, kids)
    return kids


def test_the_months_of_the_school_year_up_to_the_one_reviewed_are_compared(small):
    review = month_review.review(2026, 11, TODAY)
    assert [m.key for m in review.months] == ["2026-09", "2026-10", "2026-11"]
    assert review.title == "2026年11月"


def test_each_month_counts_what_happened_up_to_its_cut_off_day(small):
    sep, oct_, nov = month_review.review(2026, 11, TODAY).months
    # 疑似辍学: B5 on 10月1日 and B2 on 10月15日 in October's period, B3 on 11月12日 in November's
    assert (sep.new_suspected, oct_.new_suspected, nov.new_suspected) == (0, 2, 1)
    # B2's 劝返 case, opened 10月16日, is still open
    assert (sep.open_cases, oct_.open_cases, nov.open_cases) == (0, 1, 1)
    # B2 has a 包保 teacher, and is no longer on the roll once 辍学 (11月18日)
    assert (oct_.covered, nov.covered) == (1, 0)
    assert (sep.on_roll, nov.on_roll) == (9, 8)  # B4 休学 from 9月20日; A2 转出, A3 转入, B2 辍学
    # A5 is taught at home: two visits in November make the plan, none in September
    assert (sep.home_teaching, sep.home_teaching_on_plan) == (1, 0)
    assert (nov.home_teaching, nov.home_teaching_on_plan) == (1, 1)
    assert nov.absences == {"病假": 1.0} and sep.absences == {}


def test_the_rates_are_the_month_reports_own(small):
    review = month_review.review(2026, 11, TODAY)
    report = month_report.build(2026, 11, today=TODAY)
    assert review.months[-1].school_rate == report.data.figures["出勤率"]["合计"] == 75.0
    assert review.months[-1].class_rates == {"七年级1班": report.by_class["七年级1班"]["出勤率"]}


def test_the_demo_school_shows_a_trend_of_filed_months_on_first_launch(demo):
    review = month_review.review(2026, 11, DEMO_TODAY)
    assert [m.filed for m in review.months] == ["已上报第1版", "已上报第2版", ""]
    attendance = review.charts[0]
    assert [s.name for s in attendance.series] == ["9月", "10月", "11月"]
    assert all(v is not None for s in attendance.series for v in s.values[:1])
    assert len(attendance.categories) > 20  # 全校 and every class
    assert review.lines[0].startswith("全校出勤率")


def test_a_clerk_may_not_sign_the_month(small):
    with access.acting_as(CLERK), pytest.raises(UserError) as refused:
        month_review.sign(2026, 11, "王教务", TODAY, CLERK.name)
    text = str(refused.value)
    assert "王教务" in text and "月报签字" in text and "校长" in text
    assert report_filing.pending("2026-11") is None


def test_the_principal_signs_and_the_audit_trail_keeps_name_and_date(small):
    with access.acting_as(PRINCIPAL):
        row = month_review.sign(2026, 11, "李校长", TODAY, PRINCIPAL.name)
    assert (row.signed_by, row.signed_on) == ("李校长", TODAY)
    line = AuditLog.get((AuditLog.table == "report_filing") & (AuditLog.row_id == row.id))
    assert line.actor == "李校长" and line.after["signed_by"] == "李校长"
    assert month_review.signature("2026-11").signed_by == "李校长"


def test_with_nobody_signed_in_the_system_user_may_sign(small):
    row = month_review.sign(2026, 11, "李校长", TODAY, "系统")
    assert ReportFiling.get_by_id(row.id).state == report_filing.SIGNED


def test_marking_the_month_filed_is_the_offices_work_not_the_principals(small, tmp_path):
    report = month_report.build(2026, 11, today=TODAY)
    month_review.sign(2026, 11, "李校长", TODAY, "系统")
    book = tmp_path / "月报.xlsx"
    book.write_bytes(b"PK")
    with access.acting_as(PRINCIPAL), pytest.raises(UserError) as refused:
        report_filing.mark_filed(report, book, PRINCIPAL.name)
    assert "制作月报" in str(refused.value) and "教务员" in str(refused.value)
    assert report_filing.latest_filed("2026-11") is None
    with access.acting_as(CLERK):
        report_filing.mark_filed(report, book, CLERK.name)
    assert report_filing.latest_filed("2026-11").filed_by == "王教务"


def test_a_step_due_before_the_cut_off_counts_as_overdue_until_it_is_done(school, actor):
    from kongchuo_desktop.services import attendance as att

    wang, c1 = school["s"]["王五"], school["c1"]
    for day in (dt.date(2026, 11, 19), dt.date(2026, 11, 20), dt.date(2026, 11, 23)):
        att.save_class(actor, c1.id, day, [att.AbsenceInput(wang.id, "旷课")], today=day)
    day = max(dt.date.today(), dt.date(2026, 11, 26)) + dt.timedelta(days=1)  # after done_at
    year, month = (day.year, day.month) if day.day <= 20 else month_after(day)
    before = month_review.facts(year, month, day).overdue_steps
    contact = att.escalation_items(dt.date(2026, 11, 23))[0]
    att.mark_done(actor, contact, "电话联系了家长", day=dt.date(2026, 11, 23))
    after = month_review.facts(year, month, day).overdue_steps
    assert before >= 2 and after == before - 1


def month_after(day: dt.date) -> tuple[int, int]:
    return (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
