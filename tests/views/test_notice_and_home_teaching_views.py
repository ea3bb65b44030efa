"""What the clerk sees of notices and 送教上门: a second notice asks first, a passed deadline on 首页
(已逾期 with the next step), the case dialog's 发出通知书, the 送教上门 page and its dialogs."""

import datetime as dt

import pytest
from PySide6.QtWidgets import QFileDialog

from kongchuo_desktop.db.models import Teacher
from kongchuo_desktop.domain.notice_text import NoticeKind
from kongchuo_desktop.services import audit, cases, home_teaching, notices
from kongchuo_desktop.services.student_status import change_status
from kongchuo_desktop.views import notice_actions
from kongchuo_desktop.views.case_dialog import CaseDialog
from kongchuo_desktop.views.home_page import HomePage
from kongchuo_desktop.views.home_teaching_dialogs import PlanDialog, VisitDialog, check_teacher
from kongchuo_desktop.views.home_teaching_page import HomeTeachingPage
from tests.services.test_attachments import photo

D = dt.date
ISSUED = D(2026, 11, 20)


@pytest.fixture
def case_id(school, actor):
    return cases.open_for_student(actor, school["s"]["王五"].id, D(2026, 11, 9), "连续旷课").id


def test_a_notice_issued_twice_asks_first(qtbot, case_id, messages, tmp_path):
    first = notice_actions.issue_case_notice(
        None, case_id, NoticeKind.PERSUADE, ISSUED, path=tmp_path / "1.pdf"
    )
    assert first is not None and (tmp_path / "1.pdf").exists()
    assert [kind for kind, *_ in messages] == ["information"]  # nothing asked the first time
    messages.clear()
    messages.answers["confirm"] = False
    later = ISSUED + dt.timedelta(days=2)
    refused = notice_actions.issue_case_notice(
        None, case_id, NoticeKind.PERSUADE, later, path=tmp_path / "2.pdf"
    )
    kind, _title, text = messages[0]
    assert kind == "question" and "已于2026年11月20日发出（劝〔2026〕1号）" in text
    assert refused is None and not (tmp_path / "2.pdf").exists()
    assert len(notices.issued_for_case(case_id)) == 1
    messages.answers["confirm"] = True
    again = notice_actions.issue_case_notice(
        None, case_id, NoticeKind.PERSUADE, later, path=tmp_path / "2.pdf"
    )
    assert again.notice.number == "劝〔2026〕2号" and (tmp_path / "2.pdf").exists()


def test_a_passed_deadline_shows_on_home_as_overdue_with_the_next_step(
    qtbot, case_id, actor, monkeypatch
):
    notices.issue_for_case(actor, case_id, "限期复学通知书", ISSUED)
    monkeypatch.setattr(HomePage, "clock", staticmethod(lambda: D(2026, 11, 26)))
    home = HomePage(None)
    qtbot.addWidget(home)
    home.refresh()
    label, _teaching = home.followups
    assert not label.isHidden() and label.property("tone") == "warn"
    assert "王五（七年级1班）限期复学通知书限11月27日前返校" in label.text()
    monkeypatch.setattr(HomePage, "clock", staticmethod(lambda: D(2026, 11, 30)))
    home.refresh()
    assert label.property("tone") == "error" and "其中已逾期1项" in label.text()
    assert "已逾期；下一步：报乡镇人民政府下达《行政处罚决定书》" in label.text()
    cases.close_case(actor, case_id, D(2026, 11, 30), "已复学", "原年级")
    home.refresh()
    assert label.isHidden()  # met: the child is back


def test_the_case_dialog_issues_a_notice_and_shows_the_stage_it_reached(
    qtbot, case_id, messages, monkeypatch, tmp_path
):
    monkeypatch.setattr(CaseDialog, "clock", staticmethod(lambda: ISSUED))
    target = tmp_path / "限期复学通知书.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dialog = CaseDialog(case_id)
    qtbot.addWidget(dialog)
    dialog.refresh()
    action = next(a for a in dialog.notice_menu.actions() if a.text() == "限期复学通知书")
    action.trigger()
    assert target.exists()
    assert [s.stage for s in dialog.stage_model.rows] == [2]
    assert "复〔2026〕1号" in dialog.stage_model.rows[0].note


@pytest.fixture
def taught(school, actor):
    child = school["s"]["赵六"]
    change_status(actor, child, "送教上门", D(2026, 9, 1), "重度残疾", today=ISSUED)
    li = audit.create(Teacher, actor, name="李老师")
    return {"child": child, "li": li.id, "head": school["head"].id}


def test_the_home_teaching_page_shows_who_is_behind_and_records_a_visit(
    qtbot, taught, actor, monkeypatch, messages, tmp_path, qtmodeltester
):
    monkeypatch.setattr(HomeTeachingPage, "clock", staticmethod(lambda: ISSUED))
    page = HomeTeachingPage(None)
    qtbot.addWidget(page)
    page.refresh()
    qtmodeltester.check(page.model)
    assert [r.name for r in page.model.rows] == ["赵六"]
    assert "11月未完成计划的1人" in page.summary.text()
    assert page.model.foreground(page.model.rows[0], 5) is not None  # 本月 in red

    def fill_plan(dialog):
        check_teacher(dialog.teachers, taught["li"])
        dialog.start.setDate(D(2026, 9, 1))
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(PlanDialog, "exec", fill_plan)
    page.view.selectRow(0)
    page.edit_plan()
    assert page.model.rows[0].teachers == "李老师"

    def fill_visit(dialog):
        dialog.day.setDate(D(2026, 11, 18))
        dialog.lessons.setValue(2)
        dialog.content.setPlainText("认识颜色")
        dialog.signed.setChecked(True)
        dialog.signed_by.setText("母亲")
        dialog.add_photo(photo(tmp_path / "送教.jpg"))
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(VisitDialog, "exec", fill_visit)
    page.record_visit()
    page.record_visit()
    assert page.model.rows[0].month.text == "本月2/2次" and "未完成计划的0人" in page.summary.text()
    assert [v.photos for v in page.visit_model.rows] == [1, 1]
    assert page.visit_model.rows[0].signed_by == "母亲"


def test_a_visit_not_an_image_is_refused_with_a_message_and_not_saved(
    qtbot, taught, monkeypatch, messages, tmp_path
):
    monkeypatch.setattr(HomeTeachingPage, "clock", staticmethod(lambda: ISSUED))
    page = HomeTeachingPage(None)
    qtbot.addWidget(page)
    page.refresh()
    page.view.selectRow(0)
    bad = tmp_path / "照片.jpg"
    bad.write_text("不是图片")
    dialog = VisitDialog("测试员", page.selected(), ISSUED)
    qtbot.addWidget(dialog)
    check_teacher(dialog.teachers, taught["li"])
    dialog.add_photo(bad)
    dialog.save()
    assert "不是能打开的图片" in messages[-1][2] and "没有保存这次送教" in messages[-1][2]
    assert home_teaching.visits(taught["child"].id) == []


def test_the_school_edits_a_notices_wording_in_settings(qtbot, school, messages):
    from kongchuo_desktop.views.notice_templates_tab import NoticeTemplatesTab

    tab = NoticeTemplatesTab()
    qtbot.addWidget(tab)
    tab.refresh()
    tab.kind.setCurrentText("返校通知书")
    assert tab.title.text() == "辍学生返校通知书" and tab.state.text() == "默认文字"
    tab.body.setPlainText("{家长}：请送孩子返校。")
    assert not tab.save_template()
    assert "{家长} 不是可用的占位符" in messages[-1][2]
    tab.body.setPlainText("{监护人}：\n\n请于{返校期限}前送{姓名}返校。")
    assert tab.save_template() and tab.state.text() == "学校修改过的文字"
    assert notices.template_for(NoticeKind.RETURN).body.startswith("{监护人}：")
    tab.reset.click()
    assert tab.state.text() == "默认文字"
