"""The window on a damaged data file: it offers 从备份恢复, keeps the damaged file aside (renamed,
never deleted) and opens the backup; a foreign file is refused without being touched."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QPushButton

from kongchuo_desktop import app
from kongchuo_desktop.db import backup
from kongchuo_desktop.db.models import Student
from tests.demo_school import copy_demo_folder
from tests.fault.test_damaged_data_file import GOOD_BACKUP, corrupt_page, random_bytes


@pytest.fixture
def school(tmp_path, tmp_path_factory):
    d = copy_demo_folder(tmp_path_factory, tmp_path / "school")
    backup.copy_database(d / "kongchuo.sqlite", d / "backups" / "daily" / GOOD_BACKUP)
    return d


def test_an_intact_folder_simply_opens(school):
    outcome = app.start_up(school)
    assert outcome.folder is not None and not outcome.refusal and outcome.damaged is None
    assert Student.select().count() == 1200
    outcome.folder.close()


def test_a_damaged_file_leads_to_the_restore_offer_with_the_newest_good_backup(school):
    corrupt_page(school / "kongchuo.sqlite")
    outcome = app.start_up(school)
    assert outcome.folder is None and not outcome.refusal
    assert outcome.damaged.newest_backup.path.name == GOOD_BACKUP
    assert "数据文件已损坏" in str(outcome.damaged)


def test_a_foreign_file_is_refused_and_not_touched(tmp_path):
    d = tmp_path / "other"
    d.mkdir()
    conn = sqlite3.connect(d / "kongchuo.sqlite")
    conn.execute("CREATE TABLE photo (name TEXT)")
    conn.commit()
    conn.close()
    before = (d / "kongchuo.sqlite").read_bytes()
    outcome = app.start_up(d)
    assert outcome.folder is None and "不是控辍保学工作台的数据文件" in outcome.refusal
    assert (d / "kongchuo.sqlite").read_bytes() == before
    assert sorted(p.name for p in d.iterdir()) == ["kongchuo.sqlite"]


def test_a_read_only_folder_is_said_plainly(school, monkeypatch):
    from kongchuo_desktop.db import health

    monkeypatch.setattr(health, "folder_writable", lambda path: False)
    outcome = app.start_up(school)
    assert outcome.folder is None and "只读" in outcome.refusal


def _click_when_shown(qtbot, name):
    def click():
        dialog = QApplication.activeModalWidget()
        assert dialog is not None and dialog.objectName() == "damaged_file_dialog"
        dialog.findChild(QPushButton, name).click()

    QTimer.singleShot(0, click)


def test_restore_offer_keeps_the_damaged_file_aside_and_opens_the_backup(school, qtbot, messages):
    db = school / "kongchuo.sqlite"
    random_bytes(db)
    damaged = db.read_bytes()
    _click_when_shown(qtbot, "restore_from_backup")
    folder = app.open_for_window(school)
    try:
        assert folder is not None
        assert Student.select().count() == 1200
        aside = [p for p in school.glob("kongchuo.sqlite.damaged-*") if p.name[-4] != "-"]
        assert len(aside) == 1 and aside[0].read_bytes() == damaged
        assert [m for m in messages if m[1] == "已从备份恢复" and aside[0].name in m[2]]
        assert not list(school.glob("*.restoring"))
    finally:
        folder.close()


def test_quitting_the_restore_offer_changes_nothing(school, qtbot, messages):
    db = school / "kongchuo.sqlite"
    corrupt_page(db)
    damaged = db.read_bytes()
    _click_when_shown(qtbot, "quit_program")
    assert app.open_for_window(school) is None
    assert db.read_bytes() == damaged
    assert not list(school.glob("kongchuo.sqlite.damaged-*"))


def test_a_bad_backup_chosen_is_refused_and_the_offer_stays(school, qtbot, messages):
    db = school / "kongchuo.sqlite"
    random_bytes(db)
    random_bytes(school / "backups" / "daily" / GOOD_BACKUP)  # the only backup is bad too
    clicks = iter(["restore_from_backup", "quit_program"])

    def click():
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.objectName() != "damaged_file_dialog":
            QTimer.singleShot(10, click)
            return
        name = next(clicks, None)
        if name:
            dialog.findChild(QPushButton, name).click()
            QTimer.singleShot(10, click)

    QTimer.singleShot(0, click)
    assert app.open_for_window(school) is None
    assert [m for m in messages if m[1] == "从备份恢复" and "不能用" in m[2]]
    assert not list(school.glob("kongchuo.sqlite.damaged-*"))


def test_a_damaged_file_can_be_restored_from_the_encrypted_usb_copy(school, tmp_path, monkeypatch):
    from kongchuo_desktop.db import encrypted_copy
    from kongchuo_desktop.db.store import open_data_folder
    from kongchuo_desktop.errors import UserError
    from kongchuo_desktop.views import password_dialog

    stick = tmp_path / "U盘" / "copy.kcenc"
    stick.parent.mkdir()
    encrypted_copy.copy_backup(
        school / "backups" / "daily" / GOOD_BACKUP, stick, school, "secret-pw"
    )
    db = school / "kongchuo.sqlite"
    random_bytes(db)
    damaged = db.read_bytes()
    monkeypatch.setattr(password_dialog, "answerer", lambda text, twice: "wrong-pw")
    with pytest.raises(UserError, match="密码不对"):
        app.restore_damaged_from(school, stick)
    assert db.read_bytes() == damaged and not list(school.glob("kongchuo.sqlite.damaged-*"))
    monkeypatch.setattr(password_dialog, "answerer", lambda text, twice: "secret-pw")
    replaced = app.restore_damaged_from(school, stick)
    assert replaced.aside.read_bytes() == damaged
    folder = open_data_folder(school, daily_backup=False)
    try:
        assert Student.select().count() == 1200
    finally:
        folder.close()
    assert not list(school.glob(".kongchuo-staging-*"))
