"""`selftest`: the frozen exe's smoke test — a temporary database and the main window, offscreen."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kongchuo_desktop.cli import Context


def register(sub, common) -> None:
    p = sub.add_parser("selftest", parents=[common], help="自检：临时数据库 + 主窗口（不显示）")
    p.set_defaults(handler=cmd_selftest)


def cmd_selftest(ctx: Context) -> int:
    if "QT_QPA_PLATFORM" not in os.environ:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    from kongchuo_desktop.db.store import open_data_folder
    from kongchuo_desktop.services import demo
    from kongchuo_desktop.views.main_window import MainWindow

    with tempfile.TemporaryDirectory(prefix="kongchuo-selftest-") as tmp:
        folder = open_data_folder(Path(tmp), daily_backup=True)
        try:
            demo.create_demo_school(ctx.actor, students=60)
            app = QApplication.instance() or QApplication([])
            window = MainWindow(folder)
            window.show()
            app.processEvents()
            pages = window.page_titles()
            window.close()
            app.processEvents()
        finally:
            folder.close()
    ctx.emit({"ok": True, "pages": pages}, "SELFTEST OK")
    return 0
