"""An error nobody expected reaches the clerk as a dialog with 复制错误信息 and the log's path,
and the log has the traceback — never a traceback on screen, never a child's ID number copied."""

from __future__ import annotations

import logging
import sys
import threading

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from kongchuo_desktop import __version__, app, logs
from kongchuo_desktop.views.error_dialog import ErrorDialog, ErrorReporter
from kongchuo_desktop.views.task_runner import run_and_wait

ID = "520999201401011234"


@pytest.fixture
def log(tmp_path):
    path = logs.start_logging(tmp_path)
    yield path
    logs.stop_logging()


def raised(exc):
    try:
        raise exc
    except Exception as caught:
        return caught


def shown_dialogs():
    return [
        w
        for w in QApplication.topLevelWidgets()
        if w.objectName() == "error_dialog" and w.isVisible()
    ]


def test_an_unexpected_error_shows_the_dialog_and_copies_masked_details(qtbot, log):
    reporter = ErrorReporter()
    exc = raised(KeyError(f"学生 {ID}"))
    reporter.hook(type(exc), exc, exc.__traceback__)
    qtbot.waitUntil(lambda: len(shown_dialogs()) == 1)
    dialog = shown_dialogs()[0]
    assert isinstance(dialog, ErrorDialog)
    text = dialog.findChild(QLabel, "error_text").text()
    assert text.startswith("程序出错") and "Traceback" not in text
    assert str(log) in dialog.findChild(QLabel, "error_log_path").text()
    dialog.findChild(QPushButton, "copy_error_details").click()
    copied = QApplication.clipboard().text()
    assert __version__ in copied and "Traceback" in copied and "KeyError" in copied
    assert ID not in copied and "5209**********" in copied
    logged = log.read_text(encoding="utf-8")
    assert "Traceback" in logged and "KeyError" in logged and ID not in logged
    dialog.findChild(QPushButton, "close_error").click()
    qtbot.waitUntil(lambda: not shown_dialogs())


def test_an_error_in_a_worker_thread_is_shown_on_the_ui_thread(qtbot, log, monkeypatch):
    reporter = ErrorReporter()
    monkeypatch.setattr(threading, "excepthook", reporter.thread_hook)

    def work():
        raise RuntimeError("线程里坏了")

    t = threading.Thread(target=work)
    t.start()
    t.join()
    qtbot.waitUntil(lambda: len(shown_dialogs()) == 1)
    shown_dialogs()[0].close()
    assert "线程里坏了" in log.read_text(encoding="utf-8")


def test_the_window_installs_one_hook_for_both_kinds_of_error(tmp_path, qtbot, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    try:
        app.install_error_hook(tmp_path)
        assert sys.excepthook == app._error_reporter.hook
        assert threading.excepthook == app._error_reporter.thread_hook
        assert logs.log_file() == tmp_path / "logs" / "kongchuo.log"
    finally:
        logs.stop_logging()


def test_a_failed_task_is_logged_before_the_clerk_sees_a_message(qtbot, caplog):
    def fail():
        raise ValueError("坏了")

    with caplog.at_level(logging.ERROR, logger="kongchuo"), pytest.raises(ValueError):
        run_and_wait(None, "正在导入…", fail)
    assert any("正在导入" in r.getMessage() and "坏了" in r.getMessage() for r in caplog.records)
