"""教师考核 page: the teachers with their totals, the selected teacher's entries naming the child,
the lock (after which the buttons that change the term are off), one teacher's printed sheet, and
设置 → 教师考核规则 saving a rule (audited) that the open year follows at once."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from kongchuo_desktop.db.models import AuditLog
from kongchuo_desktop.services import assessment_report as rep
from kongchuo_desktop.services import struggling
from kongchuo_desktop.views.assessment_page import AssessmentPage, UnlockDialog
from kongchuo_desktop.views.assessment_rules_tab import AssessmentRulesTab
from kongchuo_desktop.views.assessment_sheet import teacher_sheet
from kongchuo_desktop.views.printing import write_pdf
from kongchuo_desktop.views.struggling_dialog import StrugglingDialog
from tests.services.test_assessment import NOW, _dropout, _return, make_staff


@pytest.fixture
def staff(school, actor):
    return make_staff(school, actor)


@pytest.fixture
def page(qtbot, folder, monkeypatch):
    monkeypatch.setattr(AssessmentPage, "clock", staticmethod(lambda: NOW))
    p = AssessmentPage(folder)
    qtbot.addWidget(p)
    return p


def _select(page, name):
    for i in range(page.teacher_model.rowCount()):
        if page.teacher_model.row(i).name == name:
            page.teacher_view.selectRow(i)
            return
    raise AssertionError(f"{name} not listed")


def test_a_teacher_s_entries_explain_each_point_and_the_lock_freezes_the_page(
    school, staff, actor, page, messages, qtmodeltester, tmp_path
):
    _return(actor, school, staff)
    _dropout(actor, school, staff)
    page.refresh()
    assert page.period.currentData() == "2026-2027-1"
    qtmodeltester.check(page.teacher_model)
    _select(page, "陈老师")
    qtmodeltester.check(page.entry_model)
    texts = [page.entry_model.row(i).text for i in range(page.entry_model.rowCount())]
    assert any("张三" in t and "平分" in t for t in texts)
    assert "+6分" in page.teacher_title.text()  # half the return, and the planned visit done
    _select(page, "李老师")
    assert "一票否决" in page.teacher_title.text()
    path, pages = write_pdf(
        teacher_sheet(page.report, staff["李老师"].id, "测试学校"), tmp_path / "a.pdf"
    )
    assert pages == 1 and path.stat().st_size > 0
    messages.answers["confirm"] = True
    page.lock()
    assert "锁定" in page.state.text() and not page.adjust_button.isEnabled()
    assert page.lock_button.text() == "解锁本期…"
    assert rep.is_locked("2026-2027-1")


def test_the_principal_unlocks_a_term_with_a_reason_that_the_audit_trail_keeps(
    school, staff, actor, page, messages, monkeypatch
):
    _dropout(actor, school, staff)
    page.refresh()
    messages.answers["confirm"] = True
    page.lock()
    assert rep.is_locked("2026-2027-1")

    def answer(dialog):
        dialog.reason.setText("漏记一次家访，重新核算")
        return UnlockDialog.DialogCode.Accepted

    monkeypatch.setattr(UnlockDialog, "exec", answer)
    page.lock()
    assert not rep.is_locked("2026-2027-1") and "未锁定" in page.state.text()
    assert page.adjust_button.isEnabled() and page.lock_button.text() == "锁定本期"
    line = AuditLog.select().where(AuditLog.action == "unlock").get()
    assert "漏记一次家访" in str(line.after)


def test_a_rule_saved_on_the_settings_tab_is_audited_and_changes_the_open_year(
    school, staff, actor, qtbot, messages
):
    _return(actor, school, staff)
    tab = AssessmentRulesTab()
    qtbot.addWidget(tab)
    assert tab.amount["return"].value() == 300
    tab.amount["return"].setValue(600)
    assert tab.save()
    assert AuditLog.select().where(AuditLog.row_key == "assessment.rules").exists()
    year = rep.report("2026-2027", today=dt.date(2026, 12, 10))
    assert next(t for t in year.teachers if t.name == "陈老师").amount == 300
    tab.show_defaults()
    assert tab.amount["return"].value() == 300


def test_the_struggling_dialog_names_the_bottom_fifth_and_marks_who_moved_up(
    school, actor, qtbot, messages
):
    dialog = StrugglingDialog("2026-2027-1", dt.date(2027, 1, 15))
    qtbot.addWidget(dialog)
    assert dialog.classes.currentText() == "七年级1班" and dialog.named.count() == 10
    for i in range(3):
        dialog.named.item(i).setCheckState(Qt.CheckState.Checked)
    dialog.save_named()
    assert "后20%最多2人" in messages[-1][2]
    dialog.named.item(2).setCheckState(Qt.CheckState.Unchecked)
    dialog.save_named()
    assert dialog.moved.count() == 2  # the two named children
    dialog.moved.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.save_moved()
    rows = struggling.class_rows(school["c1"].id, "2026-2027-1")
    assert [r.name for r in rows if r.moved_up] == ["张三"]
    assert [r.name for r in rows if r.named] == ["李四"]


def test_a_clerk_sees_the_lock_off_and_a_principal_on(school, staff, actor, page):
    from kongchuo_desktop.services import access

    clerk = access.Actor(name="钱干事", roles=frozenset({"教务员"}))
    with access.acting_as(clerk):
        page.refresh()
        assert not page.lock_button.isEnabled() and page.adjust_button.isEnabled()
        assert "只有校长" in page.lock_button.toolTip()
    with access.acting_as(access.Actor(name="张校长", roles=frozenset({"校长"}))):
        page.refresh()
        assert page.lock_button.isEnabled()
