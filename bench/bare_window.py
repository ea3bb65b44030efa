"""Start-up baseline: the barest PySide6 window, built and timed exactly like the app.
Marks "shown" and "ready" once painted and quits after KONGCHUO_QUIT_AFTER_MS, as app.py does
(kongchuo_desktop/startup_hooks.py, which imports nothing but PySide6)."""

import sys

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from kongchuo_desktop import startup_hooks


def main() -> int:
    app = QApplication(sys.argv[:1])
    win = QMainWindow()
    win.setWindowTitle("bare window")
    win.setCentralWidget(QLabel("bare PySide6 window"))
    win.resize(400, 200)
    startup_hooks.when_painted(win, startup_hooks.shown, startup_hooks.ready)
    win.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
