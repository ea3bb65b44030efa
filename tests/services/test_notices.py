"""Notices: filled from the case and the school's settings, numbered per 学年 and kind with the
school's prefix, recorded so that a second one asks first, their deadline on 首页 until met."""

import datetime as dt

import pytest

from kongchuo_desktop.db.models import Guardian
from kongchuo_desktop.domain import notice_text as nt
from kongchuo_desktop.domain.notice_text import NoticeKind
from kongchuo_desktop.services import (
    audit,
    case_contacts,
    cases,
    followups,
    notices,
    settings_store,
)
from kongchuo_desktop.services.events import EventKind, events_between
from kongchuo_desktop.services.notice_values import NoticeError

D = dt.date
ISSUED = D(2026, 11, 20)


@pytest.fixture
def case(school, actor):
    child = school["s"]["王五"]
    audit.create(
        Guardian, actor, student=child, name="王大山", relation="父亲", phone="13800000001"
    )
    settings_store.set_many(
        {"notice.number_prefix": "青山九校", "notice.contact": "教务处 李老师 0851-8123456"}, actor
    )
    c = cases.open_for_student(actor, child.id, D(2026, 11, 9), "连续旷课", reasons=["厌学"])
    visit = case_contacts.ContactInput(
        D(2026, 11, 10), went=(school["head"].id,), met_whom="父亲", attitude="犹豫"
    )
    contact = case_contacts.add_contact(actor, visit, case_id=c.id, today=ISSUED)
    return {"id": c.id, "contact": contact.id, "child": child}


def test_a_notice_is_filled_from_the_case_and_the_school(case, actor):
    printed = notices.issue_for_case(actor, case["id"], "劝返通知书", ISSUED)
    doc = printed.document
    assert doc.title == "劝返通知书" and doc.number == "青山九校劝〔2026〕1号"
    body = "\n".join(doc.paragraphs)
    assert doc.paragraphs[0] == "王大山："
    assert "王五是我校七年级1班学生，自2026年11月9日起未到校上学" in body
    assert "与您联系1次" in body and "于2026年11月27日前送王五返校" in body  # 7 days (stage ①)
    assert "示例镇人民政府" in body and "{" not in body
    assert doc.seal == "测试学校" and doc.date_text == "2026年11月20日"
    assert doc.contact == "教务处 李老师 0851-8123456" and "回　执" in doc.receipt


def test_numbers_run_per_kind_and_school_year(case, school, actor):
    other = cases.open_for_student(actor, school["s"]["李四"].id, D(2026, 11, 9), "旷课").id
    numbers = [
        notices.issue_for_case(actor, case["id"], "劝返通知书", ISSUED).notice.number,
        notices.issue_for_case(actor, other, "劝返通知书", ISSUED).notice.number,
        notices.issue_for_case(actor, other, "辍学报告单", ISSUED).notice.number,
        notices.issue_for_case(actor, other, "劝返通知书", D(2027, 9, 3), again=True).notice.number,
    ]
    assert numbers == [
        "青山九校劝〔2026〕1号",
        "青山九校劝〔2026〕2号",
        "青山九校报〔2026〕1号",
        "青山九校劝〔2027〕1号",  # a new 学年 starts from 1
    ]


def test_a_second_notice_of_a_kind_is_refused_naming_the_first_unless_again(case, actor):
    notices.issue_for_case(actor, case["id"], "返校通知书", ISSUED)
    with pytest.raises(
        notices.NoticeAlreadyIssued, match=r"2026年11月20日发出（青山九校返〔2026〕1号）"
    ):
        notices.issue_for_case(actor, case["id"], "辍学生返校通知书", ISSUED + dt.timedelta(days=3))
    again = notices.issue_for_case(actor, case["id"], "返校通知书", ISSUED, again=True)
    assert again.again and again.notice.number == "青山九校返〔2026〕2号"
    assert len(notices.issued_for_case(case["id"], NoticeKind.RETURN)) == 2


def test_a_pdf_that_cannot_be_written_records_nothing(case, actor):
    def broken(_doc):
        raise OSError("磁盘已满")

    with pytest.raises(OSError):
        notices.issue_for_case(actor, case["id"], "限期复学通知书", ISSUED, write=broken)
    assert notices.issued_for_case(case["id"]) == []
    assert cases.case_detail(case["id"]).stage == 0  # the stage did not move either


def test_the_deadline_notice_moves_the_case_to_stage_two_and_shows_until_met(case, actor):
    printed = notices.issue_for_case(actor, case["id"], "限期复学通知书", ISSUED)
    assert printed.document.seal == "示例镇人民政府" and "代拟稿" in printed.document.draft_note
    detail = cases.case_detail(case["id"])
    assert (
        detail.stage == 2
        and detail.stages[-1].note == "发出限期复学通知书（青山九校复〔2026〕1号）"
    )
    running = notices.open_deadlines(D(2026, 11, 27))
    assert [(d.person_name, d.deadline, d.overdue) for d in running] == [
        ("王五", D(2026, 11, 27), False)
    ]
    late = followups.followups(D(2026, 11, 28))
    assert late[0].overdue and late[0].state == "已逾期"
    assert "下一步：报乡镇人民政府下达《行政处罚决定书》（四步法第③步）" in late[0].text
    cases.close_case(actor, case["id"], D(2026, 11, 30), "已复学", "原年级")
    assert notices.open_deadlines(D(2026, 12, 1)) == []  # met: the child is back


def test_a_later_notice_replaces_the_earlier_deadline(case, actor):
    notices.issue_for_case(actor, case["id"], "劝返通知书", D(2026, 11, 10))
    notices.issue_for_case(actor, case["id"], "限期复学通知书", ISSUED)
    assert [d.kind for d in notices.open_deadlines(ISSUED)] == ["限期复学通知书"]


def test_a_closed_case_gets_no_new_deadline_notice(case, actor):
    cases.close_case(actor, case["id"], ISSUED, "转学", evidence="接收证明")
    with pytest.raises(NoticeError, match="已于2026年11月20日销号"):
        notices.issue_for_case(actor, case["id"], "劝返通知书", ISSUED)


def test_a_visit_record_keeps_its_number_when_printed_again(case, actor):
    first = notices.visit_record(actor, case["contact"], ISSUED)
    again = notices.visit_record(actor, case["contact"], ISSUED + dt.timedelta(days=1))
    assert first.notice.number == again.notice.number == "青山九校访〔2026〕1号"
    fields = dict(first.document.fields)
    assert fields["家访时间"] == "2026年11月10日" and fields["家访人员"] == "王老师"
    assert fields["家长态度"] == "犹豫"


def test_the_schools_wording_replaces_the_default_and_unknown_placeholders_are_refused(case, actor):
    with pytest.raises(NoticeError, match=r"\{家长姓名\} 不是可用的占位符"):
        notices.save_template(actor, NoticeKind.PERSUADE, "劝返通知书", "{家长姓名}：请返校")
    notices.save_template(
        actor, NoticeKind.PERSUADE, "致家长的一封信", "{监护人}：\n\n请于{返校期限}前送{姓名}返校。"
    )
    doc = notices.issue_for_case(actor, case["id"], "劝返通知书", ISSUED).document
    assert doc.title == "致家长的一封信"
    assert doc.paragraphs == ["王大山：", "请于2026年11月27日前送王五返校。"]
    notices.reset_template(actor, NoticeKind.PERSUADE)
    assert notices.template_for(NoticeKind.PERSUADE) == nt.DEFAULT_TEMPLATES[NoticeKind.PERSUADE]


def test_each_notice_is_an_event_of_the_child(case, actor):
    notices.issue_for_case(actor, case["id"], "限期复学通知书", ISSUED)
    events = events_between(ISSUED, ISSUED, kinds=[EventKind.NOTICE_ISSUED], today=ISSUED)
    assert [(e.student_name, e.text) for e in events] == [
        ("王五", "发出限期复学通知书（青山九校复〔2026〕1号），限11月27日前返校")
    ]


def test_a_missing_value_prints_a_blank_to_fill_by_hand():
    assert nt.fill("{姓名}于{返校期限}前返校", {"姓名": "王五"}) == "王五于________前返校"


def test_a_persuasion_letter_after_the_deadline_notice_keeps_the_deadline_notice_shown(case, actor):
    notices.issue_for_case(actor, case["id"], "限期复学通知书", D(2026, 11, 10))
    notices.issue_for_case(actor, case["id"], "劝返通知书", ISSUED)
    shown = notices.open_deadlines(ISSUED)
    assert [(d.kind, d.overdue) for d in shown] == [("限期复学通知书", True)]


def test_a_routine_visit_without_a_case_prints_its_record_and_a_planned_one_is_refused(
    school, actor
):
    child = school["s"]["李四"]
    done = case_contacts.ContactInput(
        D(2026, 11, 12), went=(school["head"].id,), met_whom="奶奶", agreed="按时上学"
    )
    visit = case_contacts.add_contact(actor, done, student_id=child.id, today=ISSUED)
    printed = notices.visit_record(actor, visit.id, ISSUED)
    fields = dict(printed.document.fields)
    assert fields["学生姓名"] == "李四" and fields["商定事项"] == "按时上学"
    assert printed.notice.case_id is None and printed.notice.student_id == child.id
    plan = case_contacts.ContactInput(D(2026, 11, 30), planned=(school["head"].id,), done=False)
    planned = case_contacts.add_contact(actor, plan, student_id=child.id, today=ISSUED)
    with pytest.raises(NoticeError, match="还只是计划"):
        notices.visit_record(actor, planned.id, ISSUED)
