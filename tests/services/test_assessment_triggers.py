"""考核奖惩, the later triggers on the small hand-built school: a month of 送教上门 on plan rewards
the teachers who went and one behind plan costs the plan's teachers; a notice whose 返校 deadline
passed without the child back or a next step costs the 包保教师 and 班主任; a 劝返复学 recorded
with `student-status` (no case closed) rewards the visitors once — or the 包保教师 when nobody
went; and only a 校长 locks or unlocks, and a locked year blocks adjustments in its terms."""

import datetime as dt

import pytest

from kongchuo_desktop.db.case_models import Case
from kongchuo_desktop.db.models import AuditLog, Guardian
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import (
    access,
    audit,
    case_contacts,
    cases,
    home_teaching,
    notices,
    sanbao,
)
from kongchuo_desktop.services import assessment_report as rep
from kongchuo_desktop.services.student_status import change_status
from tests.services.test_assessment import NOW, TERM, _by_teacher, make_staff

D = dt.date


@pytest.fixture
def staff(school, actor):
    return make_staff(school, actor)


def _entries(report, teacher, rule):
    return [e for e in report.of_teacher(teacher.id) if e.rule == rule]


def test_a_month_of_home_teaching_on_plan_rewards_who_went_and_one_behind_costs_the_plan(
    school, staff, actor
):
    sid = school["s"]["赵六"].id
    change_status(actor, sid, "送教上门", D(2026, 9, 1), "重度残疾，评估后安置", today=NOW)
    chen, liu = staff["陈老师"], staff["刘老师"]
    home_teaching.save_plan(actor, sid, [chen.id, liu.id], start_date=D(2026, 9, 1))
    for day, who in (
        (D(2026, 9, 8), [chen.id, liu.id]),
        (D(2026, 9, 22), [chen.id]),
        (D(2026, 10, 13), [chen.id, liu.id]),
        (D(2026, 10, 27), [liu.id]),
        (D(2026, 11, 10), [chen.id]),  # November: one visit of two
        (D(2026, 11, 24), [liu.id]),  # one lesson only: recorded, does not count
    ):
        lessons = 1 if day == D(2026, 11, 24) else 2
        home_teaching.record_visit(actor, sid, day, who, lessons, "识字", today=NOW)
    report = rep.report(TERM, today=NOW)  # December is not over on 12-10: not judged yet
    kept_chen = _entries(report, chen, "home_teaching_kept")
    assert [e.date for e in kept_chen] == [D(2026, 9, 30), D(2026, 10, 31)]
    assert "赵六" in kept_chen[0].text and "2026年09月送教上门2/2次" in kept_chen[0].text
    assert "你去了2次（09月08日、09月22日）" in kept_chen[0].text
    assert kept_chen[0].source == "送教计划 " + str(kept_chen[0].source_id)
    (behind,) = _entries(report, liu, "home_teaching_behind")
    assert (
        behind.points == -1 and "2026年11月送教上门1/2次" in behind.text and "少1次" in behind.text
    )
    hit = _by_teacher(report)
    assert hit["陈老师"].points == 1 + 1 - 1 and hit["刘老师"].points == 1 + 1 - 1


def _guardian(actor, child):
    audit.create(Guardian, actor, student=child, name="家长", relation="父亲", phone="13800000001")


def test_a_notice_deadline_missed_costs_the_guarantor_and_class_head_unless_a_next_step_came(
    school, staff, actor
):
    wang, li = school["s"]["王五"], school["s"]["李四"]
    for child in (wang, li):
        _guardian(actor, child)
        sanbao.assign_students(actor, [child.id], staff["李老师"].id, D(2026, 9, 1))
    first = cases.open_for_student(actor, wang.id, D(2026, 11, 9), "连续旷课")
    notice = notices.issue_for_case(actor, first.id, "劝返通知书", D(2026, 11, 20)).notice
    assert notice.deadline == D(2026, 11, 27)
    # 李四's 劝返通知书 is followed in time by the township's 限期复学通知书 (due 12-03).
    second = cases.open_for_student(actor, li.id, D(2026, 11, 9), "连续旷课")
    notices.issue_for_case(actor, second.id, "劝返通知书", D(2026, 11, 20))
    notices.issue_for_case(actor, second.id, "限期复学通知书", D(2026, 11, 26))
    report = rep.report(TERM, today=D(2026, 12, 2))
    hit = _by_teacher(report)
    assert set(hit) == {"李老师", "王老师"}
    (entry,) = _entries(report, staff["李老师"], "notice_overdue")
    assert entry.points == -1 and entry.date == D(2026, 11, 28)
    assert "王五" in entry.text and notice.number in entry.text
    assert "限2026年11月27日前返校" in entry.text and "包保教师" in entry.text
    assert "限期复学通知书" in entry.text  # the next step it names
    assert entry.source == f"通知书 {notice.id}"
    # Once the 限期复学通知书's deadline has passed too, 李四's counts, naming the third step.
    later = _entries(rep.report(TERM, today=NOW), staff["李老师"], "notice_overdue")
    assert ["李四" in e.text and "行政处罚决定书" in e.text for e in later] == [False, True]
    # Before the deadline passed, nothing is owed.
    assert not rep.report(TERM, today=D(2026, 11, 27)).teachers


def test_a_notice_met_by_closing_the_case_costs_nothing(school, staff, actor):
    wang = school["s"]["王五"]
    _guardian(actor, wang)
    case = cases.open_for_student(actor, wang.id, D(2026, 11, 9), "连续旷课")
    notices.issue_for_case(actor, case.id, "劝返通知书", D(2026, 11, 20))
    cases.close_case(actor, case.id, D(2026, 11, 25), "已复学", "原年级")
    assert not [e for e in rep.report(TERM, today=NOW).entries if e.rule == "notice_overdue"]


def test_a_return_recorded_with_student_status_rewards_the_visitors_once(school, staff, actor):
    sid = school["s"]["张三"].id
    sanbao.assign_students(actor, [sid], staff["李老师"].id, D(2026, 9, 1))
    change_status(actor, sid, "疑似辍学", D(2026, 11, 2), "连续旷课", today=NOW)
    case = Case.get(Case.student == sid)
    chen, liu, sun = staff["陈老师"], staff["刘老师"], staff["孙老师"]
    planned = case_contacts.add_contact(
        actor,
        case_contacts.ContactInput(D(2026, 11, 5), planned=(chen.id, sun.id), done=False),
        case_id=case.id,
        today=D(2026, 11, 3),
    )
    case_contacts.record_planned(
        actor, planned.id, case_contacts.ContactInput(D(2026, 11, 5), went=(chen.id,)), today=NOW
    )
    case_contacts.add_contact(  # a routine visit, without the case
        actor, case_contacts.ContactInput(D(2026, 11, 6), went=(liu.id,)), student_id=sid, today=NOW
    )
    change_status(actor, sid, "劝返复学", D(2026, 11, 10), "经家访返校", today=NOW)
    report = rep.report(TERM, today=NOW)
    (chen_entry,) = _entries(report, chen, "return")
    assert (chen_entry.points, chen_entry.amount) == (5, 150)
    assert chen_entry.source_table == "status_change" and chen_entry.date == D(2026, 11, 10)
    assert "张三" in chen_entry.text and "学籍变动为劝返复学" in chen_entry.text
    assert "陈老师、刘老师2人平分" in chen_entry.text and "孙老师计划参加却未去" in chen_entry.text
    assert not _entries(report, sun, "return") and not _entries(report, staff["李老师"], "return")
    # The case closed as 已复学 later does not pay the return a second time.
    cases.close_case(actor, case.id, D(2026, 11, 20), "已复学", "原年级")
    again = rep.report(TERM, today=NOW)
    assert sum(1 for e in again.entries if e.rule == "return") == 2  # 陈老师 and 刘老师, once


def test_with_no_visit_recorded_the_guarantor_earns_the_return_and_a_return_from_leave_earns_none(
    school, staff, actor
):
    li, sun = school["s"]["李四"].id, school["s"]["孙丽"].id
    sanbao.assign_students(actor, [li, sun], staff["李老师"].id, D(2026, 9, 1))
    change_status(actor, li, "疑似辍学", D(2026, 11, 2), "连续旷课", today=NOW)
    change_status(actor, li, "劝返复学", D(2026, 11, 16), "自行返校", today=NOW)
    change_status(
        actor,
        sun,
        "休学",
        D(2026, 10, 8),
        "因病",
        documents="书面申请、医疗证明",
        today=NOW,
        details={"书面申请": "有", "医疗证明": "县医院"},
    )
    change_status(actor, sun, "复学", D(2026, 11, 20), "病愈", today=NOW)
    report = rep.report(TERM, today=NOW)
    (entry,) = [e for e in report.entries if e.rule == "return"]
    assert entry.teacher_name == "李老师" and (entry.points, entry.amount) == (10, 300)
    assert "李四" in entry.text and "没有家访记录" in entry.text and "包保教师" in entry.text


def _as(role, name="某人"):
    return access.acting_as(access.Actor(name=name, roles=frozenset({role})))


def test_only_a_principal_locks_and_unlocks_and_a_locked_year_blocks_its_terms(
    school, staff, actor
):
    with _as("教务员", "钱干事"), pytest.raises(UserError, match="锁定考核"):
        rep.lock("钱干事", TERM, today=NOW)
    assert not rep.is_locked(TERM)
    with _as("班主任", "王老师"), pytest.raises(UserError, match="录入考核"):
        rep.add_adjustment("王老师", TERM, staff["陈老师"].id, "自评", points=5)
    with _as("教务员", "钱干事"):  # a clerk enters adjustments
        rep.add_adjustment("钱干事", TERM, staff["陈老师"].id, "宣传月活动", points=1, day=NOW)
    with _as("校长", "张校长"):
        rep.lock("张校长", "2026-2027", today=NOW)
    assert rep.is_locked("2026-2027")
    with pytest.raises(UserError, match="所在的2026-2027学年已于2026年12月10日"):
        rep.add_adjustment(actor, TERM, staff["陈老师"].id, "补记", points=1)
    with _as("教务员", "钱干事"), pytest.raises(UserError, match="锁定考核"):
        rep.unlock("钱干事", "2026-2027", "重算")
    with _as("校长", "张校长"):
        with pytest.raises(UserError, match="理由"):
            rep.unlock("张校长", "2026-2027", " ")
        rep.unlock("张校长", "2026-2027", "漏记一次送教，重新核算")
    assert not rep.is_locked("2026-2027")
    line = AuditLog.select().where(AuditLog.action == "unlock").get()
    assert line.actor == "张校长" and "漏记一次送教" in str(line.after)
    rep.add_adjustment(actor, TERM, staff["陈老师"].id, "补记", points=1, day=NOW)
