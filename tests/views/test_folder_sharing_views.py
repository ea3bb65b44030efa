"""The window beside other programs: a script's change shows on the next visit to a page, and
restore / 清空数据 are refused while another program has the folder open."""

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog

from kongchuo_desktop.db import backup
from kongchuo_desktop.db.models import Student
from kongchuo_desktop.services import demo
from kongchuo_desktop.views.main_window import MainWindow
from tests.fault.test_two_writers import WINDOW, _env

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX helper process")


def test_a_change_made_by_a_script_shows_on_the_next_visit(qtbot, folder, actor):
    demo.create_demo_school(actor, students=54)
    window = MainWindow(folder)
    qtbot.addWidget(window)
    window.show_page("roster")
    rows = window.page("roster").students.model.rows
    child = next(r for r in rows if r.status == "在校")

    script = sqlite3.connect(folder.database_file)  # another process's connection
    with script:
        script.execute("UPDATE student SET status = '疑似辍学' WHERE id = ?", (child.id,))
    script.close()

    window.show_page("home")
    window.show_page("roster")
    rows = window.page("roster").students.model.rows
    assert next(r for r in rows if r.id == child.id).status == "疑似辍学"


@pytest.fixture
def other_window(folder):
    proc = subprocess.Popen(
        [sys.executable, "-c", WINDOW, str(folder.path)], stdout=subprocess.PIPE, env=_env()
    )
    try:
        assert proc.stdout.readline().strip() == b"ready"
        yield proc
    finally:
        proc.kill()
        proc.wait()


def test_restore_and_start_over_are_refused_while_another_window_is_open(
    qtbot, folder, actor, messages, monkeypatch, other_window, tmp_path: Path
):
    demo.create_demo_school(actor, students=54)
    copy = backup.backup_to(folder.raw_connection(), tmp_path / "copy.sqlite")
    window = MainWindow(folder)
    qtbot.addWidget(window)
    window.show_page("settings")
    tab = window.page("settings").backup_tab

    assert tab.restore(copy, confirm=False) is False
    assert "请先关闭程序窗口" in messages[-1][2]

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("清空", True))
    assert tab.ask_start_over() is False
    assert "请先关闭程序窗口" in messages[-1][2]
    assert Student.select().count() == 54
