"""When the first window is on screen, and the hooks bench/ and installer/ time it by.

`when_painted(window, callback)` calls back once the window has been exposed and painted: the
moment a clerk who double-clicked sees it. The app builds its first page only then (app.py), and
the environment hooks below, all optional, report the moments:
  KONGCHUO_STARTUP_MARKER=FILE  gets "shown" once the window is painted;
  KONGCHUO_READY_MARKER=FILE    gets "ready" once the first page shows its data ("login" when
                                the first window is the login screen, its audit chain checked);
  KONGCHUO_QUIT_AFTER_MS=N      then closes the app cleanly N ms after "ready" (a killed onefile
                                exe would leave its unpacked copy in %TEMP%).
Imports nothing but PySide6, so bench/bare_window.py can use it too and is timed the same way.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget


class _FirstExpose(QObject):
    def __init__(self, callbacks: list[Callable[[], None]], parent: QObject):
        super().__init__(parent)
        self.callbacks = callbacks

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Expose and watched.isExposed():
            watched.removeEventFilter(self)
            # Qt paints and flushes the window while handling this expose; call back after that.
            for callback in self.callbacks:
                QTimer.singleShot(0, callback)
            self.callbacks = []
        return False


def when_painted(window: QWidget, *callbacks: Callable[[], None]) -> None:
    """Call `callbacks`, in order, once `window` (not yet shown) is first painted on screen."""
    window.winId()  # create the native window now, so its first expose cannot be missed
    handle = window.windowHandle()
    handle.installEventFilter(_FirstExpose(list(callbacks), handle))


def write_marker(variable: str, text: str) -> None:
    path = os.environ.get(variable)
    if path:
        Path(path).write_text(text + "\n", encoding="utf-8")


def shown() -> None:
    write_marker("KONGCHUO_STARTUP_MARKER", "shown")


def ready(text: str = "ready") -> None:
    """The first page holds its data: the READY marker (`text`), then the optional timed quit."""

    def report() -> None:  # after the page's own repaint has been handled
        write_marker("KONGCHUO_READY_MARKER", text)
        quit_after = os.environ.get("KONGCHUO_QUIT_AFTER_MS")
        if quit_after:
            QTimer.singleShot(int(quit_after), QApplication.quit)

    QTimer.singleShot(0, report)
