"""开学未返校清点 on the calendar: from the first school day of the term, who has not been present
on any school day — a child present on day 1 is not on the list, one away all week is, one on
approved leave is too, marked; a class with no head-count shows its days as 未上报."""

import datetime as dt

import pytest

from kongchuo_desktop.db.models import LeaveRequest
from kongchuo_desktop.domain import leave as lv
from kongchuo_desktop.services import attendance as att
from kongchuo_desktop.services import attendance_rules, settings_store
from kongchuo_desktop.services import not_returned as nr
from kongchuo_desktop.services.attendance import AbsenceInput

WEEK = [dt.date(2026, 9, d) for d in (1, 2, 3, 4)]  # the term's first school days, Tue–Fri
FRIDAY = WEEK[-1]


@pytest.fixture
def first_week(school, actor):
    s, c1 = school["s"], school["c1"]
    leave = att.request_leave(actor, s["王五"].id, WEEK[0], FRIDAY, "病假", "住院", "父亲")
    while (row := LeaveRequest.get_by_id(leave.id)).state == lv.LeaveState.PENDING.value:
        required = lv.approvers_for(4, attendance_rules.leave_rules())
        done = [a["role"] for a in row.approvals or []]
        att.approve_leave(actor, leave.id, lv.next_approver(required, done), "审批人")
    for day in WEEK:
        away = [
            AbsenceInput(s["李四"].id, "旷课", "全天", ""),
            AbsenceInput(s["王五"].id, "病假", "全天", ""),
        ]
        if day != WEEK[0]:
            away.append(AbsenceInput(s["张三"].id, "事假", "全天", ""))
        att.save_class(actor, c1.id, day, away, today=FRIDAY)
    return school  # 七年级2班 never reports


def by_name(report):
    return {r.name: r for r in report.rows}


def test_a_child_present_on_day_one_is_not_on_the_list(first_week):
    report = nr.not_returned(today=FRIDAY)
    assert "张三" not in by_name(report)  # at school on day 1, away since
    assert "赵六" not in by_name(report)


def test_a_child_away_all_week_is_on_the_list_with_the_teacher_responsible(first_week):
    li = by_name(nr.not_returned(today=FRIDAY))["李四"]
    assert (li.class_name, li.absent_days, li.reasons) == ("七年级1班", 4, "旷课4天")
    assert li.responsible == "王老师"
    assert not li.on_leave and li.mark == ""


def test_a_child_on_approved_leave_is_on_the_list_marked(first_week):
    wang = by_name(nr.not_returned(today=FRIDAY))["王五"]
    assert wang.on_leave and wang.mark == "已请假"
    assert wang.leave_text == "病假（已批准）4天"


def test_a_class_with_no_head_count_shows_its_days_as_unreported(first_week):
    liu = by_name(nr.not_returned(today=FRIDAY))["刘洋"]
    assert (liu.class_name, liu.unreported_days, liu.absent_days) == ("七年级2班", 4, 0)
    assert liu.responsible == "未指定"


def test_nothing_is_written_and_no_absence_is_invented(first_week):
    from kongchuo_desktop.db.models import Absence

    before = Absence.select().count()
    nr.not_returned(today=FRIDAY)
    assert Absence.select().count() == before


def test_the_list_counts_only_the_roll_and_names_the_terms_deadline(first_week, actor):
    report = nr.not_returned(today=FRIDAY)
    assert report.expected == 15  # not the 休学 child
    assert "休学生" not in by_name(report)
    assert report.deadline == dt.date(2026, 9, 15)
    assert report.school_days == tuple(WEEK)
    settings_store.set("census.autumn_deadline", "09-20", actor)
    assert nr.not_returned(today=FRIDAY).deadline == dt.date(2026, 9, 20)


def test_a_term_is_named_like_2026_2027_1(first_week):
    term = nr.find_term("2026-2027-1")
    assert nr.not_returned(term, today=FRIDAY).term_code == "2026-2027-1"
    with pytest.raises(nr.TermError, match="已有：2026-2027-1"):
        nr.find_term("2026-2027-2")


def test_before_the_term_begins_nobody_is_listed(first_week):
    report = nr.not_returned(today=dt.date(2026, 8, 30))
    assert not report.started and report.rows == ()
