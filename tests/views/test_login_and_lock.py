"""Signing in, locking and switching, as the office meets them: the first 管理员 and its recovery
sheet, the login with a wrong then a right password, 忘记密码 with the recovery code, the demo
school's hint, the idle lock over a half-filled head-count (nothing lost), 切换用户."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from kongchuo_desktop.db.models import Absence
from kongchuo_desktop.services import access, account_recovery, accounts
from kongchuo_desktop.services.account_demo import DEMO_PASSWORD
from kongchuo_desktop.views import first_admin_dialog, login_dialog, recovery_sheet
from kongchuo_desktop.views.first_admin_dialog import FirstAdminDialog
from kongchuo_desktop.views.login_dialog import ForgotPasswordDialog, LoginDialog
from kongchuo_desktop.views.main_window import MainWindow
from tests.views.test_headcount_views import CTRL, FRIDAY, entry_widgets, mark

PASSWORD = "qingshan2026"


@pytest.fixture
def sheets(monkeypatch):
    shown = []
    monkeypatch.setattr(recovery_sheet, "answerer", shown.append)
    return shown


@pytest.fixture
def admin(school):
    return accounts.create_account("李主任", PASSWORD, ["管理员", "教务员"])


@pytest.fixture
def signed_in():
    yield access.sign_in
    access.sign_out()


def test_first_start_creates_the_admin_and_shows_the_recovery_sheet(qtbot, school, sheets):
    dialog = FirstAdminDialog(school="测试学校", upgraded=True)
    qtbot.addWidget(dialog)
    assert "现在要求登录" in dialog.intro.text()  # an upgraded folder: why it asks now
    dialog.first.setText(PASSWORD)
    dialog.second.setText("typo" + PASSWORD)
    assert not dialog.create() and "不一样" in dialog.note.text()
    dialog.second.setText(PASSWORD)
    assert dialog.create()
    assert accounts.account_row("管理员").roles == ("管理员", "教务员")
    (sheet,) = sheets
    assert sheet.code == dialog.code and sheet.admin_names == ("管理员",)
    assert account_recovery.reset_with_code(sheet.code, "another-pw-1")[0].name == "管理员"


def test_a_wrong_password_says_so_and_the_right_one_signs_in(qtbot, admin):
    dialog = LoginDialog(school="测试学校")
    qtbot.addWidget(dialog)
    dialog.name.setCurrentText("李主任")
    qtbot.keyClicks(dialog.password, "wrong")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert "账号或密码不对" in dialog.note.text() and dialog.account is None
    dialog.password.setText(PASSWORD)
    dialog.ok_button.click()
    assert dialog.account.name == "李主任" and dialog.result() == LoginDialog.DialogCode.Accepted


def test_forgot_password_resets_the_admin_with_the_recovery_code(qtbot, admin, sheets):
    code = account_recovery.issue_code()
    dialog = ForgotPasswordDialog(school="测试学校")
    qtbot.addWidget(dialog)
    assert dialog.admin.currentText() == "李主任"
    dialog.code.setText(code.lower())
    dialog.first.setText("brand-new-pw")
    dialog.second.setText("brand-new-pw")
    assert dialog.reset()
    assert accounts.check_password("李主任", "brand-new-pw")
    assert sheets[0].code != code  # the used code is replaced, and its new sheet shown
    dialog = ForgotPasswordDialog(school="测试学校")
    qtbot.addWidget(dialog)
    dialog.code.setText(code)
    dialog.first.setText("brand-new-pw2")
    dialog.second.setText("brand-new-pw2")
    assert not dialog.reset() and "恢复码不对" in dialog.note.text()


def test_the_demo_school_login_shows_its_accounts_and_password(qtbot, demo):
    dialog = LoginDialog(school="演示", demo=True)
    qtbot.addWidget(dialog)
    hint = dialog.findChild(type(dialog.note), "login_demo_hint").text()
    assert DEMO_PASSWORD in hint and "班主任" in hint and "只读" in hint
    assert [dialog.name.itemText(i) for i in range(dialog.name.count())][:2] == ["管理员", "教务员"]


def test_the_recovery_sheet_prints_to_one_pdf_page(qtbot, admin, tmp_path):
    from kongchuo_desktop.views.printing import write_pdf

    sheet = account_recovery.sheet(account_recovery.issue_code(), "测试学校", dt.date(2026, 11, 30))
    dialog = recovery_sheet.RecoverySheetDialog(sheet)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.findChild(type(dialog.code_label), "recovery_code").text() == sheet.code
    assert not dialog.done_button.isEnabled()
    dialog.reject()  # Esc before the code is kept: still open
    assert dialog.isVisible()
    dialog.kept.setChecked(True)
    dialog.done_button.click()
    assert not dialog.isVisible()
    path, pages = write_pdf(recovery_sheet.sheet_document(sheet), tmp_path / "恢复码.pdf")
    assert pages == 1
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert sheet.code in text and "测试学校" in text


def test_idle_lock_over_a_half_filled_headcount_loses_nothing(
    qtbot, school, folder, admin, signed_in, messages
):
    """Login, a head-count half filled, the window locks itself, a wrong then the right password,
    then 保存: every mark typed before the lock is saved."""
    login = LoginDialog(school="测试学校")
    qtbot.addWidget(login)
    login.name.setCurrentText("李主任")
    login.password.setText(PASSWORD)
    assert login.try_sign_in()
    signed_in(accounts.to_actor(login.account))
    window = MainWindow(folder)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # the page's shortcuts (Ctrl+1…6, Ctrl+S) need it
    session = window.session
    assert session.user_label.text().startswith("李主任")
    window.show_page("headcount")
    page = window.page("headcount")
    page.entry.date_edit.setDate(FRIDAY)
    page.refresh()
    w = entry_widgets(page)
    mark(qtbot, w, "zs", (Qt.Key.Key_3, CTRL))  # 张三 旷课
    mark(qtbot, w, "lisi", (Qt.Key.Key_1, CTRL))  # 李四 病假
    assert page.entry.dirty and len(page.entry.entries) == 2

    session.idle.start(0.002)  # 0.12 s stands in for the set 10 minutes
    qtbot.waitUntil(session.is_locked, timeout=3000)
    assert not page.isVisible() and session.lock_screen.isVisible()  # the content is hidden
    qtbot.keyClicks(session.lock_screen.password, "wrong")
    qtbot.keyClick(session.lock_screen.password, Qt.Key.Key_Return)
    assert session.is_locked() and "账号或密码不对" in session.lock_screen.note.text()
    session.lock_screen.password.setText(PASSWORD)
    session.lock_screen.unlock_button.click()
    assert not session.is_locked() and page.isVisible()
    assert page.entry.dirty and len(page.entry.entries) == 2  # nothing lost
    qtbot.keyClick(w.search, Qt.Key.Key_S, CTRL)  # 保存本班
    got = {(a.student.name, a.reason) for a in Absence.select()}
    assert got == {("张三", "旷课"), ("李四", "病假")}


def test_switch_user_signs_another_account_in_without_closing(
    qtbot, school, folder, admin, signed_in, monkeypatch, messages
):
    accounts.create_account("王老师", PASSWORD, ["班主任"], teacher_id=school["head"].id)
    signed_in(accounts.to_actor(admin))
    window = MainWindow(folder)
    qtbot.addWidget(window)
    window.show()
    seen = []

    def answer(dialog):
        seen.append(dialog.windowTitle())
        assert window.session.is_locked()  # the content is hidden while the dialog asks
        dialog.name.setCurrentText("王老师")
        dialog.password.setText(PASSWORD)
        return dialog.account if dialog.try_sign_in() else None

    monkeypatch.setattr(login_dialog, "answerer", answer)
    window.session.switch_button.click()
    assert seen and seen[0].startswith("切换用户")
    actor = access.current()
    assert actor.name == "王老师" and actor.class_ids == {school["c1"].id}
    assert window.session.user_label.text().startswith("王老师") and not window.session.is_locked()
    assert window.isVisible()
    monkeypatch.setattr(login_dialog, "answerer", lambda dialog: None)  # cancelled: unchanged
    window.session.switch_button.click()
    assert access.current().name == "王老师" and not window.session.is_locked()


def test_the_first_admin_dialog_is_asked_when_the_data_has_no_account(qtbot, school, monkeypatch):
    from kongchuo_desktop.views import sign_in

    asked = []
    monkeypatch.setattr(first_admin_dialog, "answerer", lambda d: asked.append(d) or None)
    assert not sign_in.sign_in_for_window(upgraded=True)
    assert asked and "现在要求登录" in asked[0].intro.text()


def test_a_modal_dialog_open_at_the_lock_is_covered_and_takes_the_password(
    qtbot, school, folder, admin, signed_in
):
    """A dialog that blocks the window (a student's page) is covered with its fields disabled,
    their contents kept, and the password is typed on its cover."""
    from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout

    signed_in(accounts.to_actor(admin))
    window = MainWindow(folder)
    qtbot.addWidget(window)
    window.show()
    dialog = QDialog(window)
    field = QLineEdit("半句备注", dialog)
    QVBoxLayout(dialog).addWidget(field)
    dialog.setModal(True)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is dialog)
    window.session.lock()
    cover = dialog.findChild(QWidget, "lock_cover")
    assert cover is not None and cover.isVisible() and not field.isEnabled()
    cover.password.setText("wrong")
    cover.findChild(QPushButton, "lock_cover_unlock").click()
    assert window.session.is_locked() and "账号或密码不对" in cover.note.text()
    cover.password.setText(PASSWORD)
    cover.findChild(QPushButton, "lock_cover_unlock").click()
    assert not window.session.is_locked()
    assert field.isEnabled() and field.text() == "半句备注" and dialog.isVisible()
