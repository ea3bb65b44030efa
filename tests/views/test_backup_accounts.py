"""A school can never be locked out of its own backup: accounts live in the database, so a
restored backup brings its own accounts, and that backup's 管理员 password or its recovery code
opens it — after 设置 → 从备份恢复, and after the start-up 从备份恢复 of a damaged file, where the
login comes after the restore."""

from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QPushButton

from kongchuo_desktop import app
from kongchuo_desktop.db import backup
from kongchuo_desktop.db.models import Student
from kongchuo_desktop.services import access, account_recovery, accounts, backups
from kongchuo_desktop.services.account_demo import DEMO_PASSWORD
from kongchuo_desktop.views import login_dialog
from tests.demo_school import copy_demo_folder
from tests.fault.test_damaged_data_file import GOOD_BACKUP, random_bytes


def test_a_restored_backup_brings_its_accounts_and_its_recovery_code(folder, school, tmp_path):
    accounts.create_account("李主任", "old-password", ["管理员"])
    old_code = account_recovery.issue_code()
    copy = tmp_path / "backup.sqlite"
    backup.copy_database(folder.database_file, copy)
    # Later: the password changed, a new code issued, another account added.
    accounts.reset_password("李主任", "new-password")
    account_recovery.issue_code()
    accounts.create_account("张老师", "new-password", ["教务员"])
    restored, _safety = backups.restore(folder, copy, "测试员")
    try:
        assert accounts.names() == ["李主任"]  # the backup's accounts, not today's
        assert accounts.check_password("李主任", "old-password")
        # Its password forgotten too: the sheet printed when that backup was current opens it.
        account, _new = account_recovery.reset_with_code(old_code, "fresh-password")
        assert account.name == "李主任" and accounts.check_password("李主任", "fresh-password")
    finally:
        restored.close()


@pytest.fixture
def damaged_demo(tmp_path, tmp_path_factory):
    d = copy_demo_folder(tmp_path_factory, tmp_path / "school")
    backup.copy_database(d / "kongchuo.sqlite", d / "backups" / "daily" / GOOD_BACKUP)
    random_bytes(d / "kongchuo.sqlite")
    return d


class _NoLoop:
    """The QApplication, whose exec() returns at once."""

    def __init__(self, application):
        self.application = application

    def exec(self) -> int:
        return 0

    def __getattr__(self, name):
        return getattr(self.application, name)


def test_the_start_up_restore_of_a_damaged_file_comes_before_the_login(
    damaged_demo, qtbot, monkeypatch, messages
):
    """The damaged file's 从备份恢复 first, then the login — with the backup's own account — and
    the window opens on the restored data."""
    # app.exec() would end this test process's event loops for good once it quit (see
    # tests/test_single_instance.py): the window is built and shown, its loop not entered.
    real = app.make_application()
    monkeypatch.setattr(app, "make_application", lambda: _NoLoop(real))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_gui installs its own hooks
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    steps = []

    def click_restore():
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.objectName() != "damaged_file_dialog":
            QTimer.singleShot(10, click_restore)
            return
        steps.append("从备份恢复")
        dialog.findChild(QPushButton, "restore_from_backup").click()

    def sign_in(dialog):
        steps.append("登录")
        assert Student.select().count() == 1200  # the restored data is open already
        dialog.name.setCurrentText("管理员")
        dialog.password.setText(DEMO_PASSWORD)
        return dialog.account if dialog.try_sign_in() else None

    monkeypatch.setattr(login_dialog, "answerer", sign_in)
    QTimer.singleShot(0, click_restore)
    try:
        assert app.run_gui(str(damaged_demo)) == 0
    finally:
        signed = access.current()
        access.sign_out()
    assert steps == ["从备份恢复", "登录"]
    assert signed.name == "管理员" and "管理员" in signed.roles
    assert list(damaged_demo.glob("kongchuo.sqlite.damaged-*"))


def test_after_restoring_in_the_window_an_account_not_in_the_backup_signs_in_again(
    qtbot, folder, school, tmp_path, monkeypatch, messages
):
    from kongchuo_desktop.views.main_window import MainWindow

    accounts.create_account("李主任", "old-password", ["管理员"])
    copy = tmp_path / "backup.sqlite"
    backup.copy_database(folder.database_file, copy)
    accounts.create_account("张老师", "new-password", ["管理员", "教务员"])
    access.sign_in(accounts.to_actor(accounts.account_row("张老师")))
    window = MainWindow(folder)
    qtbot.addWidget(window)
    asked = []

    def sign_in(dialog):
        asked.append(window.session.is_locked())
        dialog.name.setCurrentText("李主任")
        dialog.password.setText("old-password")
        return dialog.account if dialog.try_sign_in() else None

    monkeypatch.setattr(login_dialog, "answerer", sign_in)
    try:
        restored, _safety = backups.restore(folder, copy, access.actor_name())
        window.replace_folder(restored)
        assert asked == [True]  # the content stayed hidden until the backup's account signed in
        assert access.current().name == "李主任" and not window.session.is_locked()
    finally:
        access.sign_out()
        window.folder.close()
