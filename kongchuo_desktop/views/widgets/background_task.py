"""Run slow work off the UI thread behind a progress dialog, and wait for it.

The work runs in QThreadPool; peewee gives that thread its own SQLite connection (WAL lets the
two coexist), which is closed when the work ends.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget


class _Signals(QObject):
    finished = Signal(object, object)  # (result, exception)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any]):
        super().__init__()
        self.fn = fn
        self.signals = _Signals()

    def run(self) -> None:
        from kongchuo_desktop.db.connection import database

        result, error = None, None
        try:
            result = self.fn()
        except Exception as exc:  # handed to the UI thread, which re-raises it
            error = exc
        finally:
            if database.obj is not None and not database.obj.is_closed():
                database.obj.close()  # this thread's connection only
        self.signals.finished.emit(result, error)


def run_in_background(parent: QWidget | None, label: str, fn: Callable[[], Any]) -> Any:
    """Run `fn()` in a worker thread while a busy dialog shows `label`; return its result or
    raise its exception. The window keeps repainting meanwhile."""
    dialog = QProgressDialog(label, "", 0, 0, parent)
    dialog.setObjectName("background_task_dialog")
    dialog.setWindowTitle("请稍候")
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setValue(0)  # starts the timer that shows the dialog once the work takes 300 ms
    job = _Job(fn)
    outcome: dict[str, Any] = {}
    loop = QEventLoop()

    def done(result, error):
        outcome["result"], outcome["error"] = result, error
        loop.quit()

    job.signals.finished.connect(done, Qt.ConnectionType.QueuedConnection)
    QThreadPool.globalInstance().start(job)
    loop.exec()
    dialog.close()
    if outcome["error"] is not None:
        raise outcome["error"]
    return outcome["result"]
