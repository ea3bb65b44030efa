"""The demo school's head-counts make the dashboard show the right due actions."""

import datetime as dt

from kongchuo_desktop.db.models import Absence, AttendanceReport, Student, Teacher
from kongchuo_desktop.domain.escalation import ActionState, Step
from kongchuo_desktop.services import attendance as att
from tests.demo_school import DEMO_TODAY

D = dt.date


def test_demo_dashboard(demo):
    board = att.dashboard(DEMO_TODAY)
    assert not board.is_school_day and board.unreported == []
    streaks = {r.class_name: r for r in board.streaks}
    assert streaks["八年级2班"].days == 4 and streaks["八年级2班"].since == D(2026, 11, 24)
    assert streaks["五年级1班"].days == 2
    runaway = streaks["八年级2班"].student_name
    second = streaks["五年级1班"].student_name
    got = [(a.student_name, a.step, a.due_date, a.state) for a in board.actions]
    assert got == [
        (runaway, Step.REPORT, D(2026, 11, 25), ActionState.OVERDUE),  # contact already done
        (second, Step.CONTACT, D(2026, 11, 26), ActionState.OVERDUE),
        (runaway, Step.WRITTEN_REPORT, D(2026, 11, 26), ActionState.OVERDUE),
        (second, Step.REPORT, D(2026, 11, 27), ActionState.OVERDUE),
    ]
    office = Teacher.get(Teacher.roles.contains("教务主任")).name
    assert board.actions[0].responsible == office  # 报告乡镇: 教务处 by default (设置 → 三包责任)
    assert 5 <= len(board.chronic) <= 12
    assert all(r.percent >= 10 for r in board.chronic)
    assert len(board.leave_over_limit) == 1


def test_demo_runaway_becomes_suspected_on_monday(demo, actor):
    board = att.dashboard(DEMO_TODAY)
    runaway = next(r for r in board.streaks if r.days == 4)
    student = Student.get_by_id(runaway.student_id)
    monday = D(2026, 11, 30)
    others = [
        att.AbsenceInput(a.student_id, a.reason, a.period, a.note)
        for a in Absence.select().where(
            (Absence.date == monday) & (Absence.school_class == student.school_class)
        )
    ]
    att.save_class(
        actor,
        student.school_class_id,
        monday,
        [*others, att.AbsenceInput(student.id, "旷课")],
        today=monday,
    )
    items = att.escalation_items(monday, student_ids=[student.id])
    suspected = next(i for i in items if i.step is Step.SUSPECTED_DROPOUT)
    assert suspected.due_date == monday and suspected.state is ActionState.DUE


def test_demo_is_complete_for_the_term_so_far(demo):
    cal = att.load_calendar()
    days = cal.count_school_days(D(2026, 9, 1), D(2026, 11, 27))
    assert AttendanceReport.select().count() == 27 * days
    assert att.leaves(["待审批"])


def test_a_suspected_child_who_came_back_keeps_the_close_and_is_not_made_a_dropout(demo, actor):
    """QA: 汤瑶娜 is 疑似辍学 on Mon 30 Nov, back on 1 Dec, away one day on 2 Dec, at school
    all December, away again on 4 Jan: the 销号 waits for the clerk, and no 辍学 is proposed."""
    tang = Student.get(name="汤瑶娜")
    cal = att.load_calendar()

    def count(day, away=False):
        absent = [att.AbsenceInput(tang.id, "旷课")] if away else []
        att.save_class(actor, tang.school_class_id, day, absent, today=day)

    count(D(2026, 11, 30), away=True)
    suspected = next(
        i
        for i in att.escalation_items(D(2026, 11, 30), student_ids=[tang.id])
        if i.step is Step.SUSPECTED_DROPOUT
    )
    att.mark_done(actor, suspected, day=D(2026, 11, 30))
    assert Student.get_by_id(tang.id).status == "疑似辍学"

    def steps(day):
        return [i.step for i in att.escalation_items(day, student_ids=[tang.id])]

    for day in cal.school_days_between(D(2026, 12, 1), D(2026, 12, 31)):
        count(day, away=day == D(2026, 12, 2))
        if day == D(2026, 12, 1):
            assert steps(day) == [Step.RETURN]
        if day == D(2026, 12, 2):
            assert steps(day) == [Step.RETURN, Step.CONTACT]
    assert steps(D(2026, 12, 31)) == [Step.RETURN]
    count(D(2027, 1, 4), away=True)
    items = att.escalation_items(D(2027, 1, 4), student_ids=[tang.id])
    assert [i.step for i in items] == [Step.RETURN, Step.CONTACT]
    assert items[0].due_date == D(2026, 12, 1) and items[0].state is ActionState.OVERDUE
    att.mark_done(actor, items[0], day=D(2027, 1, 4))
    assert Student.get_by_id(tang.id).status == "劝返复学"
    assert steps(D(2027, 1, 4)) == [Step.CONTACT]


def test_a_suspected_child_still_away_after_a_month_is_proposed_as_dropout(demo, actor):
    tang = Student.get(name="汤瑶娜")
    cal = att.load_calendar()
    days = cal.school_days_between(D(2026, 11, 30), D(2027, 1, 4))
    away = [att.AbsenceInput(tang.id, "旷课")]
    att.save_class(actor, tang.school_class_id, days[0], away, today=days[0])
    suspected = next(
        i
        for i in att.escalation_items(days[0], student_ids=[tang.id])
        if i.step is Step.SUSPECTED_DROPOUT
    )
    att.mark_done(actor, suspected, day=days[0])
    for day in days[1:]:
        att.save_class(actor, tang.school_class_id, day, away, today=day)
    dropout = [i for i in att.escalation_items(days[-1], student_ids=[tang.id])]
    assert [(i.step, i.due_date) for i in dropout if i.step is Step.DROPOUT] == [
        (Step.DROPOUT, D(2026, 12, 30))
    ]
