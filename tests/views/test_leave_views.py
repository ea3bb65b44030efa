"""新建请假 and the leave list as a clerk uses them: 到 follows 从, and 撤销 before the start."""

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QInputDialog

from kongchuo_desktop.db.models import LeaveRequest
from kongchuo_desktop.services import attendance as att
from kongchuo_desktop.views.headcount_dialogs import LeaveDialog
from kongchuo_desktop.views.headcount_leave_tab import LeaveTab

D = dt.date


def test_the_end_date_follows_the_start_date(qtbot, school):
    dialog = LeaveDialog()
    qtbot.addWidget(dialog)
    dialog.start.setDate(QDate(2026, 12, 3))
    assert dialog.end.date().toPython() == D(2026, 12, 3)  # a one-day leave stays one day
    dialog.end.setDate(QDate(2026, 12, 8))
    dialog.start.setDate(QDate(2026, 12, 4))
    assert dialog.end.date().toPython() == D(2026, 12, 8)  # a chosen end is kept …
    dialog.start.setDate(QDate(2026, 12, 10))
    assert dialog.end.date().toPython() == D(2026, 12, 10)  # … until 从 passes it
    assert "共 1 个上学日" in dialog.summary.text()


def _tab_with_one_leave(qtbot, school, actor, monkeypatch, today):
    leave = att.request_leave(
        actor, school["s"]["张三"].id, D(2026, 12, 3), D(2026, 12, 4), "事假", "走亲戚", "父亲"
    )
    att.approve_leave(actor, leave.id, "班主任")
    monkeypatch.setattr(LeaveTab, "clock", staticmethod(lambda: today))
    tab = LeaveTab()
    qtbot.addWidget(tab)
    tab.refresh()
    tab.view.selectRow(0)
    return tab, leave


def test_an_approved_leave_is_cancelled_before_it_starts_after_a_question(
    qtbot, school, actor, messages, monkeypatch
):
    tab, leave = _tab_with_one_leave(qtbot, school, actor, monkeypatch, D(2026, 12, 1))
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("重复登记", True)))
    messages.answers["confirm"] = False
    tab.cancel_button.click()
    assert LeaveRequest.get_by_id(leave.id).state == "已批准"  # said no: nothing changed
    messages.answers["confirm"] = True
    tab.cancel_button.click()
    _kind, title, text = messages[-1]
    assert title == "撤销请假" and "不再按请假计" in text
    assert LeaveRequest.get_by_id(leave.id).state == "已撤销"
    assert tab.model.rows[0].state == "已撤销"


def test_a_leave_under_way_is_not_cancelled_and_the_clerk_is_told_why(
    qtbot, school, actor, messages, monkeypatch
):
    tab, leave = _tab_with_one_leave(qtbot, school, actor, monkeypatch, D(2026, 12, 3))
    tab.cancel_button.click()
    assert "销假" in messages[-1][2]
    assert LeaveRequest.get_by_id(leave.id).state == "已批准"
