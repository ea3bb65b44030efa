"""劝返 cases (一生一案): opened by hand, from the escalation and by a 疑似辍学 mark; 销号 as 已复学
is the escalation's return step and the other way round; reopening keeps both in the history;
contacts with photos, planned visits, the visit plan and next steps due; the ledger."""

import datetime as dt
import os

import openpyxl
import pytest
from PIL import Image

from kongchuo_desktop.db.case_models import Case, CaseClosing
from kongchuo_desktop.db.models import Student, Teacher
from kongchuo_desktop.domain.escalation import Step
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import (
    attachments,
    audit,
    backups,
    case_contacts,
    case_ledger,
    cases,
    roster_queries,
    settings_store,
)
from kongchuo_desktop.services import attendance as att
from kongchuo_desktop.services.case_ledger_export import HEADER, export_ledger
from kongchuo_desktop.services.student_status import change_status, history
from kongchuo_desktop.services.timeline import timeline

D = dt.date
NOW = D(2026, 12, 1)
AWAY = [D(2026, 11, d) for d in (16, 17, 18, 19, 20, 23)]  # six school days of 旷课


def _away(actor, school, name="王五"):
    sid = school["s"][name].id
    for day in AWAY:
        att.save_class(actor, school["c1"].id, day, [att.AbsenceInput(sid, "旷课")], today=NOW)
    return sid


def _step(day, sid, step):
    return next(
        i for i in att.escalation_items(day, student_ids=[sid]) if i.step is step and not i.done_by
    )


def test_a_child_marked_suspected_dropout_always_has_an_open_case(school, actor):
    sid = school["s"]["张三"].id
    change_status(actor, sid, "疑似辍学", D(2026, 11, 20), "连续旷课", today=NOW)
    case = Case.get(Case.student == sid)
    assert case.closed_on is None and case.origin == "status"
    # A second mark (辍学) does not open a second case.
    change_status(actor, sid, "辍学", D(2026, 11, 27), "满期未返", today=NOW)
    assert Case.select().where(Case.student == sid).count() == 1


def test_the_written_report_step_offers_a_case_and_the_return_step_closes_it(school, actor):
    sid = _away(actor, school)
    item = _step(D(2026, 11, 23), sid, Step.WRITTEN_REPORT)
    case = cases.mark_step_done(actor, item, "已报教育局", D(2026, 11, 23), open_case_too=True)
    assert case.origin == "escalation" and case.chain_start == AWAY[0]
    cases.mark_step_done(
        actor, _step(D(2026, 11, 23), sid, Step.SUSPECTED_DROPOUT), "", D(2026, 11, 23)
    )
    assert Case.select().where(Case.student == sid).count() == 1  # the same case
    att.save_class(actor, school["c1"].id, D(2026, 11, 24), [], today=NOW)  # back at school
    back = _step(D(2026, 11, 24), sid, Step.RETURN)
    cases.mark_step_done(actor, back, "家长送回", D(2026, 11, 24))
    detail = cases.case_detail(case.id, NOW)
    assert detail.closed_on == D(2026, 11, 24) and detail.closings[0].kind == "已复学"
    assert Student.get_by_id(sid).status == "劝返复学"
    assert CaseClosing.get(CaseClosing.case == case.id).status_change.status == "劝返复学"


def test_closing_as_returned_marks_the_return_step_and_writes_persuaded_back(school, actor):
    sid = _away(actor, school)
    cases.mark_step_done(
        actor, _step(D(2026, 11, 23), sid, Step.SUSPECTED_DROPOUT), "", D(2026, 11, 23)
    )
    att.save_class(actor, school["c1"].id, D(2026, 11, 24), [], today=NOW)
    case = Case.get(Case.student == sid)
    cases.close_case(actor, case.id, D(2026, 11, 24), "已复学", "原年级")
    assert [c.status for c in history(sid)] == ["疑似辍学", "劝返复学"]  # once, not twice
    assert not [
        i for i in att.escalation_items(D(2026, 11, 25), student_ids=[sid]) if not i.done_by
    ]
    kinds = [e.kind for e in timeline(sid)]
    assert "劝返个案" in kinds and "学籍变动" in kinds


def test_a_case_is_reopened_not_deleted_and_the_history_shows_both(school, actor):
    sid = school["s"]["李四"].id
    case = cases.open_for_student(actor, sid, D(2026, 11, 2), "开学未报到")
    with pytest.raises(UserError, match="已有未销号的个案"):
        cases.open_for_student(actor, sid, D(2026, 11, 3))
    with pytest.raises(UserError, match="证明材料"):
        cases.close_case(actor, case.id, D(2026, 11, 10), "转学")
    cases.close_case(actor, case.id, D(2026, 11, 10), "转学", evidence="县一中接收证明")
    cases.reopen_case(actor, case.id, D(2026, 11, 20), "接收学校说没来报到")
    detail = cases.case_detail(case.id, NOW)
    assert detail.is_open
    assert [(c.kind, c.reopened_on) for c in detail.closings] == [("转学", D(2026, 11, 20))]
    texts = [e.text for e in timeline(sid)]
    assert "销号：转学" in texts and "重新立案：接收学校说没来报到" in texts


def test_the_four_steps_take_their_deadline_from_the_settings(school, actor):
    case = cases.open_for_student(actor, school["s"]["李四"].id, D(2026, 11, 2))
    row = cases.enter_stage(actor, case.id, cases.NOTICE_STAGE, D(2026, 11, 10))
    assert row.deadline == D(2026, 11, 17)  # one week by default
    settings_store.set("cases.stage3_days", 14, actor)
    assert cases.enter_stage(actor, case.id, 3, D(2026, 11, 18)).deadline == D(2026, 12, 2)
    with pytest.raises(UserError, match="不能退回"):
        cases.enter_stage(actor, case.id, 1, D(2026, 11, 12))


def test_a_case_about_a_child_not_on_the_roster(school, actor):
    case = cases.open_for_person(actor, D(2026, 11, 5), "田小花", "", "青山村三组")
    rows = case_ledger.ledger_rows("2026-2027", NOW)
    assert [(r.name, r.household, r.status) for r in rows] == [("田小花", "青山村三组", "未入学")]
    assert case.student_id is None


def _photo(path):
    Image.frombytes("RGB", (40, 30), os.urandom(40 * 30 * 3)).save(path)
    return path


def test_contacts_planned_then_done_photos_and_a_file_that_is_not_an_image(school, actor, tmp_path):
    li = audit.create(Teacher, actor, name="李老师")
    head = school["head"]
    case = cases.open_for_student(actor, school["s"]["李四"].id, D(2026, 11, 2))
    plan = case_contacts.ContactInput(D(2026, 11, 30), planned=(head.id, li.id), done=False)
    row = case_contacts.add_contact(actor, plan, case_id=case.id, today=NOW)
    went = case_contacts.ContactInput(
        D(2026, 11, 30),
        went=(li.id,),
        cadres="村主任 赵大",
        outcome="同意返校",
        next_step="周一到校门口接",
        next_step_date=D(2026, 12, 1),
    )
    case_contacts.record_planned(actor, row.id, went, today=NOW)
    case_contacts.add_photo(actor, row.id, _photo(tmp_path / "家访.png"))
    fake = tmp_path / "不是照片.jpg"
    fake.write_text("hello")
    with pytest.raises(UserError, match="不是能打开的图片"):
        case_contacts.add_photo(actor, row.id, fake)
    [shown] = case_contacts.contact_rows(case_id=case.id)
    assert shown.went == ("李老师",) and shown.planned == ("王老师", "李老师")
    assert shown.who == "李老师、村主任 赵大" and shown.photos == 1
    assert [r.next_step for r in case_contacts.next_steps_due(NOW)] == ["周一到校门口接"]
    assert case_contacts.next_steps_due(D(2026, 11, 30)) == []
    [ledger] = case_ledger.ledger_rows("2026-2027", NOW)
    assert ledger.contacts == 1 and ledger.last_contact == D(2026, 11, 30)
    # As of a day before the visit (a month report's cut-off), it is not counted yet.
    [before] = case_ledger.ledger_rows("2026-2027", D(2026, 11, 20))
    assert before.contacts == 0 and before.last_contact is None


def test_photos_survive_a_backup_and_restore(folder, school, actor, tmp_path):
    case = cases.open_for_student(actor, school["s"]["李四"].id, D(2026, 11, 2))
    visit = case_contacts.ContactInput(D(2026, 11, 3), went=(school["head"].id,))
    row = case_contacts.add_contact(actor, visit, case_id=case.id, today=NOW)
    photo = case_contacts.add_photo(actor, row.id, _photo(tmp_path / "家访.png"))
    copy = folder.event_backup("manual")
    attachments.open_path(photo.sha256).unlink()  # the photo is lost from the data folder
    reopened, _ = backups.restore(folder, copy, actor)  # what 备份与恢复 does
    try:
        [back] = case_contacts.photos(row.id)
        assert attachments.open_path(back.sha256).read_bytes()
        assert attachments.verify().ok
    finally:
        reopened.close()


def test_the_visit_plan_lists_at_risk_children_not_visited_this_term(school, actor):
    s = school["s"]
    roster_queries.set_risk_flag(actor, s["孙丽"].id, "留守儿童", True)
    roster_queries.set_risk_flag(actor, s["吴敏"].id, "低保", True)
    visit = case_contacts.ContactInput(D(2026, 10, 9), went=(school["head"].id,))
    case_contacts.add_contact(actor, visit, student_id=s["吴敏"].id, today=NOW)
    assert [(r.student_name, r.flags) for r in case_contacts.visit_plan(NOW)] == [
        ("孙丽", "留守儿童")
    ]


def test_the_ledger_filters_and_exports_in_the_bureau_layout(school, actor, tmp_path):
    s = school["s"]
    a = cases.open_for_student(actor, s["李四"].id, D(2026, 11, 2), reasons=["厌学"])
    cases.open_for_student(actor, s["王五"].id, D(2026, 11, 25), reasons=["外出务工"])
    cases.close_case(actor, a.id, D(2026, 11, 20), "已复学", "原年级")
    rows = case_ledger.ledger_rows("2026-2027", NOW)
    pick = case_ledger.filtered
    assert [r.name for r in pick(rows, case_ledger.LedgerFilter(state="未销号"), NOW)] == ["王五"]
    assert [r.name for r in pick(rows, case_ledger.LedgerFilter(reason="厌学"), NOW)] == ["李四"]
    assert [
        r.name for r in pick(rows, case_ledger.LedgerFilter(no_contact=True), D(2026, 12, 9))
    ] == ["王五"]
    assert pick(rows, case_ledger.LedgerFilter(no_contact=True), NOW) == []
    out = export_ledger(tmp_path / "台账.xlsx", rows, "测试学校", NOW)
    ws = openpyxl.load_workbook(out)["辍学学生台账"]
    assert ws["A1"].value == "义务教育阶段疑似辍学及辍学学生工作台账"
    assert [c.value for c in ws[3]] == list(HEADER)
    assert [ws.cell(4, 2).value, ws.cell(4, 20).value, ws.cell(4, 22).value] == [
        "李四",
        "是",
        "原年级",
    ]
    assert ws.cell(4, 17).value == "王老师"  # 包保责任人 from 三包 (the class head today)
