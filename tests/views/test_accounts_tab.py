"""设置 → 账号, for a 管理员: add a 班主任 with a linked teacher and a class, change roles, reset a
password, disable; other roles do not see the tab."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kongchuo_desktop.services import access, accounts
from kongchuo_desktop.views.account_dialog import AccountDialog
from kongchuo_desktop.views.accounts_tab import AccountsTab
from kongchuo_desktop.views.settings_page import SettingsPage

PASSWORD = "qingshan2026"


def test_an_admin_adds_a_class_head_linked_to_a_teacher(qtbot, school, qtmodeltester, messages):
    accounts.create_account("李主任", PASSWORD, ["管理员"])
    with access.acting_as(accounts.to_actor(accounts.account_row("李主任"))):
        tab = AccountsTab()
        qtbot.addWidget(tab)
        qtmodeltester.check(tab.model)
        dialog = AccountDialog(tab)
        qtbot.addWidget(dialog)
        dialog.name.setText("王老师")
        dialog.role_boxes["班主任"].setChecked(True)
        dialog.teacher.setCurrentIndex(dialog.teacher.findText("王老师"))
        dialog.classes.item(1).setCheckState(Qt.CheckState.Checked)  # 七年级2班
        dialog.first.setText(PASSWORD)
        dialog.second.setText("other")
        assert not dialog.save() and "不一样" in dialog.note.text()
        dialog.second.setText(PASSWORD)
        assert dialog.save()
        tab.refresh()
        assert [tab.model.index(r, 0).data() for r in range(2)] == ["李主任", "王老师"]
        assert tab.model.index(1, 3).data() == "七年级2班"
        assert tab.model.index(1, 5).data() == "从未登录"
        edit = AccountDialog(tab, accounts.account_row("王老师"))
        qtbot.addWidget(edit)
        assert edit.name.isReadOnly() and edit.teacher.currentText() == "王老师"
        edit.role_boxes["教师"].setChecked(True)
        assert edit.save()
        assert accounts.account_row("王老师").roles == ("班主任", "教师")
        tab.refresh()
        tab.table.selectRow(1)
        tab.disable()  # confirmed (the messages fixture answers yes)
        assert tab.model.index(1, 4).data() == "已停用"


def test_only_an_admin_sees_the_accounts_tab(qtbot, school, folder):
    accounts.create_account("李主任", PASSWORD, ["管理员"])
    accounts.create_account("王老师", PASSWORD, ["班主任", "教务员"])
    for name, shown in (("李主任", True), ("王老师", False)):
        with access.acting_as(accounts.to_actor(accounts.account_row(name))):
            page = SettingsPage(folder)
            qtbot.addWidget(page)
            titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
            assert ("账号" in titles) is shown, name
