"""Wiring for the window: QApplication, data folder, database, first-run wizard, main window."""

from __future__ import annotations

import sys

from kongchuo_desktop import APP_NAME, __version__
from kongchuo_desktop.paths import resolve_data_dir, resource_path

FONT_FAMILIES = [
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "Noto Sans CJK SC",
    "PingFang SC",
    "WenQuanYi Micro Hei",
]


def use_chinese(app) -> None:
    """Chinese month and weekday names in calendars, and Qt's own buttons (是/否) in Chinese."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(), "qtbase", "_", folder):
        app.installTranslator(translator)
        app._kongchuo_translator = translator  # keep it alive with the app


def make_application(argv: list[str] | None = None):
    from PySide6.QtGui import QFont, QIcon
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    use_chinese(app)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSize(10)
    app.setFont(font)
    icon_file = resource_path("icons", "app.png")
    if icon_file.exists():
        app.setWindowIcon(QIcon(str(icon_file)))
    qss = resource_path("style.qss")
    if qss.exists():
        app.setStyleSheet(qss.read_text(encoding="utf-8"))
    return app


def run_gui(data_dir: str | None = None) -> int:
    from PySide6.QtWidgets import QMessageBox

    from kongchuo_desktop import single_instance, startup_hooks
    from kongchuo_desktop.db.migrations import SchemaError
    from kongchuo_desktop.db.store import open_data_folder
    from kongchuo_desktop.services.school_setup import the_school
    from kongchuo_desktop.views.main_window import MainWindow

    app = make_application()
    path = resolve_data_dir(data_dir)
    instance = single_instance.guard_for(path)
    if not instance.acquire():  # this folder is open in another window: it came forward instead
        return 0
    try:
        # The daily backup waits until the window is on screen (_daily_backup).
        folder = open_data_folder(path, daily_backup=False)
    except SchemaError as exc:
        QMessageBox.critical(None, APP_NAME, f"无法打开数据文件夹 {path}：\n{exc}")
        return 2
    except OSError as exc:
        QMessageBox.critical(None, APP_NAME, f"无法使用数据文件夹 {path}：\n{exc}")
        return 2
    if the_school() is None:
        from kongchuo_desktop.views.first_run_wizard import FirstRunWizard

        wizard = FirstRunWizard()
        if wizard.exec() != FirstRunWizard.DialogCode.Accepted or the_school() is None:
            folder.close()
            return 0
    # The window first, its first page once the window is on screen: the clerk sees the app
    # open at once, then 首页 fills in (it loads today's head-count work).
    window = MainWindow(folder, defer_first_page=True)
    instance.activation_requested.connect(lambda: single_instance.bring_to_front(window))

    def load() -> None:
        _daily_backup(window, folder)
        window.load_first_page()
        startup_hooks.ready()

    startup_hooks.when_painted(window, startup_hooks.shown, load)
    # Office PCs are mostly 1366×768: use the whole screen from the start.
    window.showMaximized()
    code = app.exec()
    instance.release()
    window.folder.close()
    return code


def _daily_backup(window, folder) -> None:
    """Today's automatic copy, once the window is on screen: copying a school's years of data can
    take a second or two on an old PC (64 MB: 0.8 s under Wine here), and the clerk should see the
    app open meanwhile. Nothing can have changed yet: 首页 is built after it. A failure warns and
    lets the day's work go on."""
    import sqlite3

    from kongchuo_desktop.views import messages

    if not folder.daily_backup_due():
        return
    window.say_while_loading("正在做今天的自动备份…")
    try:
        folder.daily_backup()
    except (OSError, sqlite3.Error) as exc:
        messages.warn(
            window,
            APP_NAME,
            f"今天的自动备份没有成功：{exc}\n\n"
            "请检查数据文件夹所在的磁盘是否已满，"
            "然后在“设置 → 备份与恢复”中点“立即备份”。",
        )
