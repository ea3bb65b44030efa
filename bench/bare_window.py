"""Start-up baseline: the barest PySide6 window, built and timed exactly like the app.
Writes KONGCHUO_STARTUP_MARKER once shown and quits after KONGCHUO_QUIT_AFTER_MS, as app.py does."""

import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


def main() -> int:
    app = QApplication(sys.argv[:1])
    win = QMainWindow()
    win.setWindowTitle("bare window")
    win.setCentralWidget(QLabel("bare PySide6 window"))
    win.resize(400, 200)
    win.show()
    marker = os.environ.get("KONGCHUO_STARTUP_MARKER")
    if marker:
        QTimer.singleShot(0, lambda: Path(marker).write_text("shown\n", encoding="utf-8"))
    quit_after = os.environ.get("KONGCHUO_QUIT_AFTER_MS")
    if quit_after:
        QTimer.singleShot(int(quit_after), app.quit)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
