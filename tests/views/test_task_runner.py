import threading

import pytest
import shiboken6

from kongchuo_desktop.db.models import School
from kongchuo_desktop.services import demo
from kongchuo_desktop.views.task_runner import run_and_wait, run_task


def test_work_runs_off_the_ui_thread_and_its_result_comes_back(qtbot):
    ui_thread = threading.get_ident()
    assert run_and_wait(None, "…", threading.get_ident) != ui_thread


def test_a_failure_in_the_worker_reaches_the_caller(qtbot):
    def fail():
        raise ValueError("坏了")

    with pytest.raises(ValueError, match="坏了"):
        run_and_wait(None, "…", fail)


def test_data_written_by_the_worker_is_seen_by_the_window(qtbot, folder, actor):
    run_and_wait(None, "…", lambda: demo.create_demo_school(actor, students=30))
    assert School.get().name == demo.DEMO_SCHOOL_NAME


def test_a_page_closed_while_its_work_runs_is_not_called_back(qtbot):
    """The clerk closes the window (or a test ends) while an export is being written: the work
    finishes, but nothing is shown on the deleted page (touching it would abort the program)."""
    import threading

    from PySide6.QtWidgets import QWidget

    page = QWidget()
    release, finished = threading.Event(), threading.Event()
    called = []

    def work(_progress):
        release.wait(5)
        finished.set()
        return "written"

    run_task(page, "正在导出…", work, called.append, called.append)
    page.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(page), timeout=2000)
    release.set()
    assert finished.wait(5)
    qtbot.wait(200)  # the finished signal is delivered
    assert called == []
