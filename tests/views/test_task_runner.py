import threading

import pytest

from kongchuo_desktop.db.models import School
from kongchuo_desktop.services import demo
from kongchuo_desktop.views.task_runner import run_and_wait


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
