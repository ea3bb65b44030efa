"""The event record: every fact the report and the assessment count, read through events_between."""

import datetime as dt

import pytest

from kongchuo_desktop.db.models import Assignment, Student, Teacher
from kongchuo_desktop.domain.escalation import Step
from kongchuo_desktop.services import attendance as att
from kongchuo_desktop.services import (
    audit,
    case_contacts,
    cases,
    class_change,
    home_teaching,
    notices,
    roster_queries,
    sanbao,
    struggling,
    transfer_procedure,
)
from kongchuo_desktop.services.events import EventKind, events_between
from kongchuo_desktop.services.responsibility import set_class_head
from kongchuo_desktop.services.student_merge import merge_students
from kongchuo_desktop.services.student_status import change_status, undo_status_change

D = dt.date
NOW = D(2026, 12, 1)  # the fixed "today" of the services that take one
REAL_TODAY = dt.date.today()  # created_at, done_at and the audit trail use the clock
WHOLE_YEAR = (D(2026, 9, 1), max(REAL_TODAY, NOW))
MOVED_ON = D(2026, 11, 16)  # 赵六 moves from 七年级1班 to 七年级2班, a Monday


@pytest.fixture
def facts(school, actor):
    """One of every fact that exists today, about a few children of the small school."""
    s, c1, c2 = school["s"], school["c1"], school["c2"]
    li = audit.create(Teacher, actor, name="李老师", roles="班主任")
    set_class_head(actor, c2, li, D(2026, 9, 1))
    # 赵六: two days of 病假 in 七年级1班, the move, one 病假 day in 七年级2班.
    for day in (D(2026, 11, 12), D(2026, 11, 13)):
        att.save_class(actor, c1.id, day, [att.AbsenceInput(s["赵六"].id, "病假")], today=NOW)
    class_change.move_to_class(actor, s["赵六"].id, c2.id, MOVED_ON, today=NOW)
    att.save_class(
        actor, c2.id, D(2026, 11, 18), [att.AbsenceInput(s["赵六"].id, "病假")], today=NOW
    )
    # 王五: four days of 旷课 reach the escalation steps; the first one is done.
    for day in (D(2026, 11, 19), D(2026, 11, 20), D(2026, 11, 23), D(2026, 11, 24)):
        att.save_class(actor, c1.id, day, [att.AbsenceInput(s["王五"].id, "旷课")], today=NOW)
    contact = att.escalation_items(D(2026, 11, 24))[0]
    assert contact.step is Step.CONTACT
    att.mark_done(actor, contact, "电话联系了爷爷", day=D(2026, 11, 24))
    # 李四: 休学; 张三: leave approved; 孙丽: one flag kept, one removed.
    change_status(
        actor,
        s["李四"],
        "休学",
        D(2026, 11, 2),
        "因病",
        details={"书面申请": "家长", "医疗证明": "县医院"},
        today=NOW,
    )
    leave = att.request_leave(
        actor, s["张三"].id, D(2026, 11, 10), D(2026, 11, 10), "事假", "家中有事", "父亲"
    )
    att.approve_leave(actor, leave.id, "班主任")
    # 吴敏: a leave approved, then cancelled (撤销) before its first day.
    later = att.request_leave(
        actor, s["吴敏"].id, D(2026, 12, 3), D(2026, 12, 3), "事假", "走亲戚", "母亲"
    )
    att.approve_leave(actor, later.id, "班主任")
    att.cancel_leave(actor, later.id, "家长改变安排", today=D(2026, 11, 30))
    roster_queries.set_risk_flag(actor, s["孙丽"].id, "留守儿童", True, "父母在广东")
    roster_queries.set_risk_flag(actor, s["孙丽"].id, "单亲", True)
    roster_queries.set_risk_flag(actor, s["孙丽"].id, "单亲", False)
    # 周杰: a 转出 recorded by mistake and withdrawn (撤销).
    out = {"书面申请": "有", "班主任意见": "同意", "接收学校": "县一中", "分管校长审批": "李"}
    change_status(actor, s["周杰"], "转出", D(2026, 11, 25), "随父母", details=out, today=NOW)
    undo_status_change(actor, s["周杰"].id, "录入错误", today=NOW)
    # 吴敏: a 转出 under way (two steps); 郑强: one abandoned (撤回).
    wu = transfer_procedure.start(actor, s["吴敏"].id, "随父母", D(2026, 11, 23), "父亲", today=NOW)
    transfer_procedure.save_step(actor, wu.id, "班主任意见", D(2026, 11, 24), "王老师", today=NOW)
    zheng = transfer_procedure.start(
        actor, s["郑强"].id, "外出", D(2026, 11, 23), "母亲", today=NOW
    )
    transfer_procedure.abandon(actor, zheng.id, "家长决定留下", today=NOW)
    # 冯雪: a second record of her, typed by mistake, merged into hers.
    twin = audit.create(Student, actor, name="冯雪", school_class=school["c1"])
    merge_students(actor, s["冯雪"].id, twin.id)
    # 三包: 七年级1班 gets its head as 包保 teacher on 1 Sept, except 吴敏, whose 包保 from last
    # year carried over until the class was confirmed on 14 Sept; 郑强 is reassigned to 李老师 on
    # 9 Nov, who signs the 责任书 on 10 Nov.
    june = D(2026, 6, 1)
    audit.create(
        Assignment,
        actor,
        role="包保教师",
        teacher=school["head"],
        student=s["吴敏"],
        start_date=june,
        confirmed_on=june,
    )
    in_c1 = Student.select().where((Student.school_class == c1.id) & (Student.status == "在校"))
    others = [c.id for c in in_c1 if c.name != "吴敏"]
    sanbao.assign_students(actor, others, school["head"].id, D(2026, 9, 1))
    assert sanbao.confirm_class(actor, c1.id, D(2026, 9, 14)) == 1
    sanbao.assign_students(actor, [s["郑强"].id], li.id, D(2026, 11, 9))
    sanbao.sign_letter(actor, li.id, D(2026, 11, 10))
    # 吴敏: a 劝返 case with a visit, a planned visit, a stage, a 销号 and a reopening.
    case = cases.open_for_student(actor, s["吴敏"].id, D(2026, 11, 2), "班主任报告有辍学倾向")
    visit = case_contacts.ContactInput(D(2026, 11, 4), went=(school["head"].id,), outcome="考虑中")
    case_contacts.add_contact(actor, visit, case_id=case.id, today=NOW)
    plan = case_contacts.ContactInput(D(2026, 11, 30), planned=(li.id,), done=False)
    case_contacts.add_contact(actor, plan, case_id=case.id, today=NOW)
    cases.enter_stage(actor, case.id, 1, D(2026, 11, 5))
    cases.close_case(actor, case.id, D(2026, 11, 20), "转学", evidence="县一中接收证明")
    cases.reopen_case(actor, case.id, D(2026, 11, 26), "接收学校说没有报到")
    notices.issue_for_case(actor, case.id, "劝返通知书", D(2026, 11, 27))
    # 冯雪: taught at home, one visit by 李老师.
    change_status(actor, s["冯雪"], "送教上门", D(2026, 11, 2), "重度残疾", today=NOW)
    home_teaching.record_visit(actor, s["冯雪"].id, D(2026, 11, 17), [li.id], 2, "识字", today=NOW)
    # 陈红: named a 学困生 at the start of the year, moved up by late November.
    struggling.name_struggling(actor, c1.id, [s["陈红"].id], D(2026, 9, 5))
    struggling.mark_progress(actor, s["陈红"].id, "2026-2027-1", D(2026, 11, 25))
    return {**school, "li": li}


def _kinds(events):
    return {e.kind for e in events}


def test_every_kind_of_fact_is_an_event(facts):
    events = events_between(*WHOLE_YEAR, today=NOW)
    assert _kinds(events) == set(EventKind)
    by_kind = {k: [e for e in events if e.kind is k] for k in EventKind}
    assert [e.text for e in by_kind[EventKind.STATUS_CHANGE]] == [
        "休学：因病",
        "送教上门：重度残疾",
    ]  # not 周杰's
    assert [e.text for e in by_kind[EventKind.STATUS_WITHDRAWN]] == [
        "撤销11月25日的“转出”：录入错误"
    ]
    assert by_kind[EventKind.STATUS_CHANGE][0].source.table == "status_change"
    assert [e.text for e in by_kind[EventKind.CLASS_MOVE]] == ["调班：七年级1班 → 七年级2班"]
    assert [e.text for e in by_kind[EventKind.LEAVE]] == ["事假 11月10日上午至11月10日下午，已批准"]
    assert [e.text for e in by_kind[EventKind.RISK_FLAG_ADDED]] == ["标记为留守儿童"]
    assert [e.text for e in by_kind[EventKind.RISK_FLAG_REMOVED]] == [
        "取消单亲标记",
        "取消学困生标记",  # 陈红 moved up: no longer in the bottom 20%
    ]
    assert [e.text for e in by_kind[EventKind.STRUGGLING_PROGRESS]] == [
        "学困生转化：进入班级前80%（2026-2027-1）"
    ]
    assert [(e.student_name, e.text) for e in by_kind[EventKind.TRANSFER_STEP]] == [
        ("吴敏", "转出手续第1步 书面申请：2026-11-23 父亲"),
        ("吴敏", "转出手续第2步 班主任意见：2026-11-24 王老师"),
    ]  # 郑强's step is withdrawn with his procedure
    assert [e.text for e in by_kind[EventKind.TRANSFER_ABANDONED]] == ["撤回转出手续：家长决定留下"]
    assert [e.student_name for e in by_kind[EventKind.MERGED]] == ["冯雪"]
    assert [e.student_name for e in by_kind[EventKind.STEP_DONE]] == ["王五"]
    reached = {e.text.split("（")[0] for e in by_kind[EventKind.STEP_REACHED]}
    assert len(reached) >= 3  # contact, report, written report
    truancy = [e for e in by_kind[EventKind.ABSENCE] if e.student_name == "王五"]
    assert [e.text for e in truancy] == ["旷课（11月19日至11月24日，共4个上学日）"]
    # Every event names the child's class on its day and the class head of that day.
    for e in events:
        assert e.class_name and e.teachers, e
    assert all(e.date >= WHOLE_YEAR[0] for e in events)
    assert events == sorted(events, key=lambda e: e.date)


def test_a_date_range_keeps_only_its_days(facts):
    events = events_between(MOVED_ON, MOVED_ON, today=NOW)
    assert [(e.kind, e.student_name) for e in events] == [(EventKind.CLASS_MOVE, "赵六")]
    november = events_between(D(2026, 11, 1), D(2026, 11, 30), today=NOW)
    assert all(D(2026, 11, 1) <= e.date <= D(2026, 11, 30) for e in november)
    assert EventKind.STATUS_CHANGE in _kinds(november)
    assert events_between(D(2026, 10, 1), D(2026, 10, 31), today=NOW) == []


def test_a_student_filter_keeps_only_that_child(facts):
    zhao = facts["s"]["赵六"]
    events = events_between(*WHOLE_YEAR, students=[zhao.id], today=NOW)
    assert {e.student_name for e in events} == {"赵六"}
    assert [e.kind for e in events if e.kind is not EventKind.REGISTERED] == [
        EventKind.ENROLMENT,
        EventKind.ABSENCE,
        EventKind.CLASS_MOVE,
        EventKind.ABSENCE,
    ]
    # The class is the one the child was in on the day of each event.
    absences = [e for e in events if e.kind is EventKind.ABSENCE]
    assert [(e.date, e.class_name) for e in absences] == [
        (D(2026, 11, 12), "七年级1班"),
        (D(2026, 11, 18), "七年级2班"),
    ]
    kinds = events_between(*WHOLE_YEAR, kinds=[EventKind.CLASS_MOVE], students=[zhao.id], today=NOW)
    assert [e.kind for e in kinds] == [EventKind.CLASS_MOVE]


def test_a_teacher_filter_keeps_the_facts_of_the_children_in_their_care_that_day(facts):
    wang, li, zhao = facts["head"], facts["li"], facts["s"]["赵六"]
    mine = events_between(*WHOLE_YEAR, students=[zhao.id], teachers=[li.id], today=NOW)
    assert [e.date for e in mine if e.kind is not EventKind.REGISTERED] == [
        MOVED_ON,
        D(2026, 11, 18),
    ]
    before = events_between(*WHOLE_YEAR, students=[zhao.id], teachers=[wang.id], today=NOW)
    assert [e.kind for e in before if e.date < MOVED_ON] == [
        EventKind.ENROLMENT,
        EventKind.ABSENCE,
    ]
    assert all(e.date < MOVED_ON for e in before if e.kind is not EventKind.REGISTERED)
    # A step done names the teacher recorded on it too.
    done = events_between(*WHOLE_YEAR, kinds=[EventKind.STEP_DONE], teachers=[wang.id])
    assert [e.student_name for e in done] == ["王五"]
    assert "王老师" in [t.name for t in done[0].teachers]


def test_a_move_undone_on_its_day_is_withdrawn_not_deleted(facts, actor):
    zhao, c1 = facts["s"]["赵六"], facts["c1"]
    class_change.move_to_class(actor, zhao.id, c1.id, MOVED_ON, today=NOW)
    moves = events_between(*WHOLE_YEAR, kinds=[EventKind.CLASS_MOVE], students=[zhao.id])
    assert moves == []
    shown = events_between(
        *WHOLE_YEAR, kinds=[EventKind.CLASS_MOVE], students=[zhao.id], include_withdrawn=True
    )
    assert [(e.text, e.withdrawn) for e in shown] == [("调班：七年级1班 → 七年级2班", True)]
    later = events_between(
        D(2026, 11, 18), D(2026, 11, 18), kinds=[EventKind.ABSENCE], students=[zhao.id]
    )
    assert [e.class_name for e in later] == ["七年级1班"]


@pytest.mark.parametrize("kind", list(EventKind), ids=lambda k: k.name)
def test_each_kind_answers_to_its_days_and_its_child(facts, kind):
    every = [e for e in events_between(*WHOLE_YEAR, today=NOW) if e.kind is kind]
    assert every, kind
    e = every[0]
    on_its_day = events_between(e.date, e.date, kinds=[kind], students=[e.student_id], today=NOW)
    assert (e.date, e.source) in [(x.date, x.source) for x in on_its_day]
    assert {x.kind for x in on_its_day} == {kind}
    assert {x.student_id for x in on_its_day} == {e.student_id}
    day_after = e.date + dt.timedelta(days=1)
    later = events_between(
        day_after, day_after + dt.timedelta(days=400), kinds=[kind], students=[e.student_id]
    )
    assert e.date not in [x.date for x in later]
    other = facts["s"]["林峰"]  # nothing ever happened to him but his file and his class
    assert e not in events_between(*WHOLE_YEAR, kinds=[kind], students=[other.id], today=NOW)
