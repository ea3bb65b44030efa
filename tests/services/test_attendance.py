import datetime as dt
import time

import pytest

from kongchuo_desktop.db.models import Absence, AttendanceReport, AuditLog, StatusChange, Student
from kongchuo_desktop.domain.escalation import ActionState, Step
from kongchuo_desktop.services import attendance as att
from kongchuo_desktop.services.attendance import AbsenceInput, AttendanceError

D = dt.date


def absent(student, reason="旷课", period="全天", note=""):
    return AbsenceInput(student.id, reason, period, note)


def test_save_class_counts_and_replaces(school, actor):
    s, c1 = school["s"], school["c1"]
    report = att.save_class(
        actor, c1.id, D(2026, 11, 27), [absent(s["张三"], "病假"), absent(s["李四"])]
    )
    assert (report.expected, report.present) == (10, 8)  # 休学生 is not expected
    # Saving again replaces the class's absences for the day; 迟到 counts as present.
    report = att.save_class(
        actor, c1.id, D(2026, 11, 27), [absent(s["张三"], "病假"), absent(s["王五"], "迟到")]
    )
    assert (report.expected, report.present) == (10, 9)
    names = {a.student.name for a in Absence.select().where(Absence.date == D(2026, 11, 27))}
    assert names == {"张三", "王五"}
    assert AttendanceReport.select().count() == 1
    tables = {r.table for r in AuditLog.select()}
    assert {"absence", "attendance_report"} <= tables


def test_save_class_is_fast(school, actor):
    s, c1 = school["s"], school["c1"]
    rows = [
        absent(s[n], r)
        for n, r in zip(
            ["张三", "李四", "王五", "赵六", "孙丽"],
            ["病假", "事假", "旷课", "迟到", "病假"],
            strict=True,
        )
    ]
    calendar = att.load_calendar()
    att.save_class(actor, c1.id, D(2026, 11, 26), rows, calendar=calendar)  # warm up
    start = time.perf_counter()
    att.save_class(actor, c1.id, D(2026, 11, 27), rows, calendar=calendar)
    assert time.perf_counter() - start < 0.05


def test_save_class_refusals(school, actor):
    s, c1 = school["s"], school["c1"]
    with pytest.raises(AttendanceError, match="不是上学日"):
        att.save_class(actor, c1.id, D(2026, 11, 28), [])  # Saturday
    with pytest.raises(AttendanceError, match="不是上学日"):
        att.save_class(actor, c1.id, D(2026, 10, 2), [])  # National Day
    att.save_class(actor, c1.id, D(2026, 10, 10), [])  # 调休 Saturday is a school day
    with pytest.raises(AttendanceError, match="不是七年级1班的在籍学生"):
        att.save_class(actor, c1.id, D(2026, 11, 27), [absent(s["刘洋"])])
    with pytest.raises(AttendanceError, match="两次"):
        att.save_class(
            actor, c1.id, D(2026, 11, 27), [absent(s["张三"]), absent(s["张三"], "病假", "上午")]
        )
    with pytest.raises(AttendanceError, match="2026年12月15日还没到，不能提前点名"):
        att.save_class(actor, c1.id, D(2026, 12, 15), [], today=D(2026, 11, 27))
    att.save_class(actor, c1.id, D(2026, 11, 27), [], today=D(2026, 11, 27))  # today is fine
    assert Absence.select().count() == 0


def test_day_overview(school, actor):
    s, c1 = school["s"], school["c1"]
    att.save_class(actor, c1.id, D(2026, 11, 27), [absent(s["张三"]), absent(s["李四"], "迟到")])
    rows = {r.name: r for r in att.day_overview(D(2026, 11, 27))}
    assert rows["七年级1班"].reported and rows["七年级1班"].present == 9
    assert (rows["七年级1班"].absent, rows["七年级1班"].late_or_early) == (1, 1)
    assert rows["七年级1班"].head_teacher == "王老师"
    assert not rows["七年级2班"].reported and rows["七年级2班"].expected == 5


def test_leave_approval_chain_and_excused_days(school, actor):
    s, c1 = school["s"], school["c1"]
    # Mon 23 to Wed 25 Nov: 3 school days → 班主任 then 教务处.
    leave = att.request_leave(
        actor, s["赵六"].id, D(2026, 11, 23), D(2026, 11, 25), "病假", "住院", "父亲"
    )
    row = att.leave_row(leave.id)
    assert (row.days, row.required, row.next_approver) == (3.0, ("班主任", "教务处"), "班主任")
    with pytest.raises(AttendanceError, match="应由班主任审批"):
        att.approve_leave(actor, leave.id, "教务处")
    att.approve_leave(actor, leave.id, "班主任")
    assert att.leave_row(leave.id).state == "待审批"
    assert att.leave_prefill(c1.id, D(2026, 11, 24)) == []  # not approved yet: not excused
    row = att.approve_leave(actor, leave.id, "教务处")
    assert row.state == "已批准"
    assert att.leave_prefill(c1.id, D(2026, 11, 24)) == [
        AbsenceInput(s["赵六"].id, "病假", "全天", "已批准的请假")
    ]
    # Even if the head-count says 旷课, approved leave days are excused for escalation.
    for d in (23, 24, 25):
        att.save_class(actor, c1.id, D(2026, 11, d), [absent(s["赵六"])])
    assert att.escalation_items(D(2026, 11, 25)) == []
    row = att.return_from_leave(actor, leave.id, D(2026, 11, 25))
    assert row.state == "已销假"
    items = att.escalation_items(D(2026, 11, 25))
    assert [i.step for i in items] == [Step.CONTACT]  # the 25th is no longer covered


def test_long_leave_needs_the_principal_and_suggests_suspension(school, actor):
    s = school["s"]
    leave = att.request_leave(
        actor, s["孙丽"].id, D(2026, 9, 1), D(2026, 11, 27), "病假", "重病", "母亲"
    )
    row = att.leave_row(leave.id)
    assert row.required == ("班主任", "教务处", "校长") and row.days > 40
    for role in row.required:
        att.approve_leave(actor, leave.id, role)
    over = att.leave_over_limit(D(2026, 11, 28))
    assert [r.student_name for r in over] == ["孙丽"]


def _truant_days(actor, school, name, days):
    s, c1 = school["s"], school["c1"]
    for d in days:
        att.save_class(actor, c1.id, d, [absent(s[name])], today=d)  # entered on the day


def test_escalation_chain_to_suspected_dropout_and_back(school, actor):
    thu_to_wed = [
        D(2026, 11, 19),
        D(2026, 11, 20),
        D(2026, 11, 23),
        D(2026, 11, 24),
        D(2026, 11, 25),
    ]
    _truant_days(actor, school, "王五", thu_to_wed[:4])
    items = att.escalation_items(D(2026, 11, 24))
    assert [i.step for i in items] == [Step.CONTACT, Step.REPORT, Step.WRITTEN_REPORT]
    assert all(i.state is ActionState.OVERDUE for i in items[:3])
    assert items[0].responsible == "王老师"
    att.mark_done(actor, items[0], "电话联系了爷爷", day=D(2026, 11, 24))
    assert Step.CONTACT not in [i.step for i in att.escalation_items(D(2026, 11, 24))]

    _truant_days(actor, school, "王五", thu_to_wed[4:])
    items = att.escalation_items(D(2026, 11, 25))
    suspected = next(i for i in items if i.step is Step.SUSPECTED_DROPOUT)
    assert suspected.state is ActionState.DUE and suspected.due_date == D(2026, 11, 25)
    att.mark_done(actor, suspected, day=D(2026, 11, 25))
    wang = Student.get(name="王五")
    assert wang.status == "疑似辍学"
    assert StatusChange.get(student=wang).reason.startswith("自11月19日起连续无故缺席5个上学日")
    # 疑似辍学 still counts in 应到.
    assert att.save_class(actor, school["c1"].id, D(2026, 11, 26), []).expected == 10
    # He came back on the 26th: the chain is closed; the one step left is 销号 / 劝返复学.
    items = att.escalation_items(D(2026, 11, 26))
    assert [i.step for i in items] == [Step.RETURN]
    att.mark_done(actor, items[0], day=D(2026, 11, 26))
    assert Student.get(name="王五").status == "劝返复学"
    assert att.escalation_items(D(2026, 11, 26)) == []


def test_dashboard(school, actor):
    s, c1 = school["s"], school["c1"]
    _truant_days(actor, school, "李四", [D(2026, 11, 26), D(2026, 11, 27)])
    board = att.dashboard(D(2026, 11, 27))
    assert [r.name for r in board.unreported] == ["七年级2班"]
    assert [(r.student_name, r.days) for r in board.streaks] == [("李四", 2)]
    assert {i.step for i in board.actions} == {Step.CONTACT, Step.REPORT}
    # Chronic absence: 10% of the term's school days so far, for any reason.
    att.save_class(actor, c1.id, D(2026, 11, 25), [absent(s["冯雪"], "病假")])
    for d in att.load_calendar().school_days_between(D(2026, 9, 1), D(2026, 9, 30)):
        att.save_class(actor, c1.id, d, [absent(s["冯雪"], "病假")])
    chronic = att.chronic_absentees(D(2026, 11, 27))
    assert [r.student_name for r in chronic] == ["冯雪"] and chronic[0].percent >= 10


def test_statistics_and_timeline(school, actor):
    s, c1 = school["s"], school["c1"]
    att.save_class(
        actor,
        c1.id,
        D(2026, 11, 23),
        [absent(s["张三"], "病假"), absent(s["李四"], "事假", "上午")],
    )
    att.save_class(actor, c1.id, D(2026, 11, 24), [absent(s["张三"], "迟到")])
    first, last = att.period_range("周", D(2026, 11, 25))
    assert (first, last) == (D(2026, 11, 23), D(2026, 11, 29))
    rates = {r.name: r for r in att.class_rates(first, last)}
    r1 = rates["七年级1班"]
    assert (r1.expected_days, r1.missed_days) == (20.0, 1.5)
    assert r1.rate == pytest.approx(18.5 / 20)
    assert r1.by_reason == {"病假": 1.0, "事假": 0.5, "迟到": 1}
    students = {r.name: r for r in att.student_rates(c1.id, first, last)}
    assert students["张三"].rate == pytest.approx(0.5)
    grid = att.month_grid(s["张三"].id, 2026, 11)
    assert len(grid) == 30
    day23 = grid[22]
    assert day23.school_day and day23.reasons == (("病假", "全天"),)
    assert not grid[27].school_day  # Saturday 28th
    timeline = att.attendance_timeline(s["张三"])
    assert [t[1] for t in timeline] == ["缺勤", "缺勤"]


def test_parse_and_save_paste(school, actor):
    parsed = att.parse_headcount(
        "七年级1班 应到10 实到9 张三病假\n七年级2班：全到", D(2026, 11, 27)
    )
    assert parsed.ok, parsed.all_problems()
    saved = att.save_parsed(actor, parsed, D(2026, 11, 27))
    assert saved == ["七年级1班", "七年级2班"]
    assert {r.source for r in AttendanceReport.select()} == {"paste"}
    parsed = att.parse_headcount("七年级1班 应到10 实到9 张三病假", D(2026, 11, 28))
    assert "不是上学日" in parsed.all_problems()[0]


def test_suspected_for_a_month_becomes_dropout(school, actor):
    cal = att.load_calendar()
    days = cal.school_days_between(D(2026, 10, 12), D(2026, 11, 27))
    _truant_days(actor, school, "赵六", days[:5])  # 12–16 Oct
    suspected = next(
        i for i in att.escalation_items(D(2026, 10, 16)) if i.step is Step.SUSPECTED_DROPOUT
    )
    att.mark_done(actor, suspected, day=D(2026, 10, 16))
    _truant_days(actor, school, "赵六", days[5:])
    assert Step.DROPOUT not in [i.step for i in att.escalation_items(D(2026, 11, 13))]
    dropout = next(i for i in att.escalation_items(D(2026, 11, 27)) if i.step is Step.DROPOUT)
    assert dropout.due_date == D(2026, 11, 16) and dropout.state is ActionState.OVERDUE
    att.mark_done(actor, dropout, day=D(2026, 11, 27))
    zhao = Student.get(name="赵六")
    assert [c.status for c in StatusChange.select().where(StatusChange.student == zhao)] == [
        "疑似辍学",
        "辍学",
    ]
    # A 辍学 child is no longer expected (应到) and leaves the head-count's list of actions.
    assert att.escalation_items(D(2026, 11, 27)) == []
    monday = D(2026, 11, 30)
    assert att.save_class(actor, school["c1"].id, monday, [], today=monday).expected == 9


def test_a_second_leave_for_the_same_days_is_refused_naming_the_first(school, actor):
    """Two leaves for one day would excuse it twice, perhaps as 病假 and 事假: the second is
    refused; half days that do not meet (上午 / 下午) and a rejected leave do not count."""
    from kongchuo_desktop.services import attendance as att

    kid = school["s"]["张三"].id
    mon, tue, wed = dt.date(2026, 11, 23), dt.date(2026, 11, 24), dt.date(2026, 11, 25)
    att.request_leave(actor, kid, mon, tue, "病假", "发烧", "母亲", end_half="上午")
    with pytest.raises(att.AttendanceError) as refused:
        att.request_leave(actor, kid, tue, wed, "事假", "走亲戚", "父亲")
    assert "11月23日至11月24日的病假（待审批）" in str(refused.value)
    assert "重叠的上学日：11月24日" in str(refused.value)
    att.request_leave(actor, kid, tue, wed, "事假", "走亲戚", "父亲", start_half="下午")
    other = att.request_leave(actor, school["s"]["李四"].id, mon, wed, "病假", "发烧", "母亲")
    att.reject_leave(actor, other.id, "班主任", "没有病历")
    att.request_leave(actor, school["s"]["李四"].id, mon, mon, "事假", "家中有事", "父亲")
