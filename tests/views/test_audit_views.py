"""审计日志 page and the encrypted USB copy in 设置 → 备份与恢复, as a clerk uses them."""

import datetime as dt

import pytest
from PySide6.QtWidgets import QAbstractItemView

from kongchuo_desktop.db.models import Student
from kongchuo_desktop.services import audit, demo
from kongchuo_desktop.views import password_dialog
from kongchuo_desktop.views.audit_page import AuditPage
from kongchuo_desktop.views.main_window import MainWindow
from kongchuo_desktop.views.password_dialog import PasswordDialog

PASSWORD = "abc12345"


@pytest.fixture
def page(qtbot, folder, actor):
    demo.create_demo_school(actor, students=54)
    child = Student.select().order_by(Student.id).first()
    audit.update(child, "校长", name="王小改")
    page = AuditPage(folder, today=dt.date.today())
    qtbot.addWidget(page)
    page.refresh()
    return page


def test_the_page_shows_who_changed_what_in_words_and_cannot_edit(page, qtmodeltester):
    qtmodeltester.check(page.model)
    newest = page.model.row(0)
    assert (newest.actor, newest.action_text, newest.table_text) == ("校长", "修改", "学生")
    assert newest.student == "王小改"
    assert newest.changes.startswith("姓名：") and newest.changes.endswith("→ 王小改")
    assert page.view.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert "防篡改校验通过" in page.chain.text()
    assert "不能修改或删除" in page.count.text()


def test_filters_by_user_record_and_student(page):
    page.user.setCurrentIndex(page.user.findData("校长"))
    assert [r.actor for r in page.model.rows] == ["校长"]
    page.user.setCurrentIndex(0)
    page.table_box.setCurrentIndex(page.table_box.findData("student"))
    assert page.model.rows and {r.table for r in page.model.rows} == {"student"}
    page.table_box.setCurrentIndex(0)
    page.student.setText("王小改")
    page.reload()
    assert page.model.rows and {r.student for r in page.model.rows} == {"王小改"}


def test_the_date_range_leaves_out_older_lines(page):
    page.until.setDate(dt.date.today() - dt.timedelta(days=400))
    assert page.model.rowCount() == 0


def test_the_audit_page_sits_before_settings(qtbot, folder, actor):
    demo.create_demo_school(actor, students=54)
    window = MainWindow(folder)
    qtbot.addWidget(window)
    titles = window.page_titles()
    assert titles.index("审计日志") == titles.index("设置") - 1
    window.show_page("audit")
    assert window.stack.currentWidget().objectName() == "page_audit"


def test_the_password_dialog_wants_the_same_password_twice(qtbot):
    dialog = PasswordDialog(None, "设密码", twice=True)
    qtbot.addWidget(dialog)
    dialog.first.setText("abc")
    assert not dialog.ok_button.isEnabled() and "至少" in dialog.note.text()
    dialog.first.setText(PASSWORD)
    dialog.second.setText(PASSWORD + "x")
    assert not dialog.ok_button.isEnabled() and "不一样" in dialog.note.text()
    dialog.second.setText(PASSWORD)
    assert dialog.ok_button.isEnabled() and dialog.password() == PASSWORD


def test_usb_copy_is_encrypted_and_restores_only_with_its_password(
    qtbot, folder, actor, messages, tmp_path, monkeypatch
):
    demo.create_demo_school(actor, students=54)
    window = MainWindow(folder)
    qtbot.addWidget(window)
    window.show_page("settings")
    tab = window.page("settings").backup_tab
    tab.make_backup()
    asked = []

    def answer(text, twice):
        asked.append(twice)
        return PASSWORD if twice else answer.restore_with

    monkeypatch.setattr(password_dialog, "answerer", answer)
    stick = tmp_path / "U盘"
    stick.mkdir()
    written = tab.copy_encrypted(tab._files[0], stick)
    assert written is not None and written.suffix == ".kcenc" and asked == [True]
    assert b"SQLite format 3" not in written.read_bytes()
    Student.delete().where(Student.id > 10).execute()
    answer.restore_with = "wrong-password"
    assert tab.restore(written) is False
    assert "密码不对" in messages[-1][2]
    assert Student.select().count() == 10
    answer.restore_with = PASSWORD
    assert tab.restore(written) is True
    assert Student.select().count() == 54
    window.folder.close()


def test_the_start_up_check_warns_once_in_chinese_and_keeps_the_data_open(
    qtbot, folder, actor, messages
):
    import sqlite3

    from kongchuo_desktop.app import _audit_check

    demo.create_demo_school(actor, students=54)
    window = MainWindow(folder)
    qtbot.addWidget(window)
    _audit_check(window, folder)
    assert list(messages) == []  # clean: nothing said
    conn = sqlite3.connect(folder.database_file)
    last = conn.execute("SELECT MAX(id) FROM audit_log").fetchone()[0]
    conn.execute("UPDATE audit_log SET actor = '外人' WHERE id = ?", (last,))
    conn.commit()
    conn.close()
    _audit_check(window, folder)
    assert len(messages) == 1 and messages[0][0] == "warning"
    assert f"第 {last} 行审计记录" in messages[0][2] and "数据照常可以使用" in messages[0][2]
    assert Student.select().count() == 54
