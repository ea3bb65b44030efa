"""Slow work off the UI thread: a QRunnable in the global pool, results back as signals, a
QProgressDialog meanwhile. The window stays responsive.

    run_task(parent, "正在导入…", work, on_done, on_error)

`work(progress)` runs in the pool; it may call `progress(done, total)`. It uses its own database
connection (connections are per thread); services.session closes it when the work ends.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from kongchuo_desktop import logs
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services.session import close_thread_connection


class _Signals(QObject):
    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object, str)


class Task(QRunnable):
    def __init__(self, work: Callable[[Callable[[int, int], None]], Any]):
        super().__init__()
        self.setAutoDelete(False)
        self.work = work
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.work(lambda done, total: self.signals.progressed.emit(done, total))
        except Exception as exc:
            self.signals.failed.emit(exc, traceback.format_exc())
        else:
            self.signals.finished.emit(result)
        finally:
            close_thread_connection()  # this thread's connection only


_running: set[Task] = set()


def run_task(
    parent: QWidget | None,
    label: str,
    work: Callable[[Callable[[int, int], None]], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None],
) -> Task:
    dialog = QProgressDialog(label, "", 0, 0, parent)
    dialog.setObjectName("task_progress")
    dialog.setWindowTitle("请稍候")
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setValue(0)  # starts the timer that shows the dialog once the work takes 300 ms
    task = Task(work)
    _running.add(task)

    def progressed(done: int, total: int) -> None:
        if total > 0 and shiboken6.isValid(dialog):
            dialog.setMaximum(total)
            dialog.setValue(done)

    def finish() -> bool:
        """Close the progress; False when the page that asked is gone (closed while the work
        ran): its callbacks would touch deleted widgets, and there is nobody left to tell."""
        _running.discard(task)
        if not shiboken6.isValid(dialog):  # deleted with its parent
            return False
        dialog.close()
        dialog.deleteLater()
        return parent is None or shiboken6.isValid(parent)

    def done(result: Any) -> None:
        if finish():
            on_done(result)

    def failed(exc: Exception, trace: str) -> None:
        alive = finish()
        # Logged before the clerk sees anything: the message box may only say "see the log".
        if isinstance(exc, UserError):
            logs.logger.info("%s: %s", label, exc)
        else:
            logs.logger.error("%s failed:\n%s", label, trace)
        if alive:
            on_error(exc)

    task.signals.progressed.connect(progressed)
    task.signals.finished.connect(done)
    task.signals.failed.connect(failed)
    QThreadPool.globalInstance().start(task)
    return task


def run_and_wait(parent: QWidget | None, label: str, work: Callable[[], Any]) -> Any:
    """The same, for a caller that needs the result before going on (a wizard's 完成): waits in
    a local event loop, so the window keeps repainting; returns the result or raises."""
    loop = QEventLoop()
    outcome: dict[str, Any] = {}

    def done(result: Any) -> None:
        outcome["result"] = result
        loop.quit()

    def failed(exc: Exception) -> None:
        outcome["error"] = exc
        loop.quit()

    run_task(parent, label, lambda progress: work(), done, failed)
    loop.exec()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]
