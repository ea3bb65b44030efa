"""Wiring for the window: QApplication, data folder, database, first-run wizard, main window."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kongchuo_desktop import APP_NAME, __version__, logs
from kongchuo_desktop.errors import UserError, user_text
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
    from kongchuo_desktop import single_instance, startup_hooks
    from kongchuo_desktop.services.school_setup import the_school
    from kongchuo_desktop.views.main_window import MainWindow
    from kongchuo_desktop.views.window_fit import fit_to_screen

    app = make_application()
    path = resolve_data_dir(data_dir)
    instance = single_instance.guard_for(path)
    if not instance.acquire():  # this folder is open in another window: it came forward instead
        return 0
    install_error_hook(path)
    # The daily backup waits until the window is on screen (_daily_backup). The folder holds the
    # data folder's shared lock until window.folder.close() below: while the window is open,
    # restore / 清空数据 / an upgrade from another program are refused (db/folder_lock).
    folder = open_for_window(path)
    if folder is None:
        return 2
    new_school = the_school() is None
    if new_school:
        from kongchuo_desktop.views.first_run_wizard import FirstRunWizard
        from kongchuo_desktop.views.page_state import welcome_text

        wizard = FirstRunWizard(welcome=welcome_text())
        if wizard.exec() != FirstRunWizard.DialogCode.Accepted or the_school() is None:
            folder.close()
            return 0
    # Who is working, before the window (issue 17). The login screen is what start-up shows
    # first: it is timed as the window was (startup_hooks), and the audit chain is checked while
    # it waits for the password; what the check found is said once the window is up.
    from kongchuo_desktop.views.sign_in import sign_in_for_window

    chain: dict = {}

    def at_login_screen(dialog) -> None:
        def check() -> None:
            chain["verdict"] = _chain_verdict(folder)

        startup_hooks.when_painted(
            dialog,
            startup_hooks.shown,
            check,
            lambda: startup_hooks.ready("login"),
            lambda: _timed_quit(dialog),
        )

    if not sign_in_for_window(upgraded=not new_school, prepare=at_login_screen):
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
        _audit_check(window, folder, chain.get("verdict"))

    startup_hooks.when_painted(window, startup_hooks.shown, load)
    # Office PCs are mostly 1366×768: use the whole screen from the start. Restored, the window
    # keeps inside the screen too (views/window_fit).
    fit_to_screen(window)
    window.showMaximized()
    code = app.exec()
    instance.release()
    window.folder.close()
    return code


def _timed_quit(dialog) -> None:
    """KONGCHUO_QUIT_AFTER_MS (startup_hooks) at the login screen: the application's quit does not
    reach a dialog's own event loop before app.exec runs, so the dialog is closed instead."""
    import os

    from PySide6.QtCore import QTimer

    quit_after = os.environ.get("KONGCHUO_QUIT_AFTER_MS")
    if quit_after:
        QTimer.singleShot(int(quit_after), dialog.reject)


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
        logs.logger.warning("daily backup failed: %r", exc)
        messages.warn(
            window,
            APP_NAME,
            f"今天的自动备份没有成功：{user_text(exc, logs.log_file())}\n\n"
            "请检查数据文件夹所在的磁盘是否已满，"
            "然后在“设置 → 备份与恢复”中点“立即备份”。",
        )


def _chain_verdict(folder):
    """The audit trail's tamper-evident chain, from the last verified line on (a few ms: bench/
    bench_audit_chain.py); None when it could not be read."""
    import sqlite3

    from kongchuo_desktop.services import audit_trail

    try:
        return audit_trail.check_chain(folder.database_file, full=False, read_only=folder.read_only)
    except (OSError, sqlite3.Error) as exc:
        logs.logger.warning("audit chain check failed: %r", exc)
        return None


def _audit_check(window, folder, verdict=None) -> None:
    """A break in the audit chain (checked now unless the login screen did) is said once, in
    Chinese, and the data stays open."""
    from kongchuo_desktop.services import audit_trail
    from kongchuo_desktop.views import messages

    verdict = verdict or _chain_verdict(folder)
    if verdict is None:
        return
    if not verdict.ok:
        logs.logger.warning("audit chain broken: %s", verdict.text)
        messages.warn(window, APP_NAME, audit_trail.warning_text(verdict))


_error_reporter = None


def install_error_hook(data_dir: Path) -> None:
    """From now on an unhandled error, in the UI thread or any other, is logged to
    <data>/logs/kongchuo.log and shown as a dialog with 复制错误信息 — never a traceback."""
    import threading

    from kongchuo_desktop.views.error_dialog import ErrorReporter

    global _error_reporter
    logs.start_logging(data_dir)
    _error_reporter = ErrorReporter()
    sys.excepthook = _error_reporter.hook
    threading.excepthook = _error_reporter.thread_hook


@dataclass
class StartUp:
    """What the window does with the data folder: open it, offer to restore the damaged file
    (`damaged`), or say why it cannot (`refusal`) and stop."""

    folder: Any = None
    damaged: Any = None  # health.DamagedDataFile
    refusal: str = ""


def start_up(path: Path) -> StartUp:
    """Open the data folder for the window, deciding what to do when it cannot be (no Qt)."""
    import sqlite3

    from kongchuo_desktop.db import health
    from kongchuo_desktop.db.migrations import SchemaError
    from kongchuo_desktop.db.store import open_data_folder

    try:
        return StartUp(folder=open_data_folder(path, daily_backup=False))
    except health.DamagedDataFile as exc:
        logs.logger.warning("damaged data file: %s", exc.diagnosis)
        return StartUp(damaged=exc)
    except SchemaError as exc:
        return StartUp(refusal=f"无法打开数据文件夹 {path}：\n{exc}")
    except (UserError, OSError, sqlite3.Error) as exc:
        logs.logger.warning("cannot open the data folder: %r", exc)
        return StartUp(refusal=f"无法使用数据文件夹 {path}：\n{user_text(exc, logs.log_file())}")


def open_for_window(path: Path):
    """The opened DataFolder, or None when the window should not start (the clerk was told)."""
    from kongchuo_desktop.views import messages

    outcome = start_up(path)
    if outcome.refusal:
        messages.warn(None, APP_NAME, outcome.refusal)
        return None
    if outcome.damaged is not None:
        return offer_restore(path, outcome.damaged)
    return outcome.folder


_BACKUP_KINDS = {"daily": "每日自动备份", "monthly": "每月自动备份", "events": "操作前的备份"}


def backup_choices(path: Path, newest_good) -> tuple[list, int]:
    """Every backup, newest first, as the damaged-file dialog lists them, and which to preselect
    (the newest good one: checked, holding data)."""
    import datetime as dt

    from kongchuo_desktop.db import backup, health
    from kongchuo_desktop.paths import backups_dir
    from kongchuo_desktop.views.damaged_file_dialog import BackupChoice

    choices, preselect = [], 0
    root = backups_dir(path)
    for i, f in enumerate(backup.list_backups(root) if root.is_dir() else []):
        when = dt.datetime.fromtimestamp(f.stat().st_mtime)
        label = f"{when:%Y-%m-%d %H:%M}　{_BACKUP_KINDS.get(f.parent.name, f.parent.name)}"
        if newest_good is not None and f == newest_good.path:
            label += f"（最新的完好备份：{health.describe_backup(newest_good)}）"
            preselect = i
        choices.append(BackupChoice(f, label))
    return choices, preselect


def restore_damaged_from(path: Path, source: Path, parent=None):
    """Put `source` in place of the damaged data file (health.restore_damaged). An encrypted USB
    copy asks for its password first and is decrypted privately in the data folder; None when
    the clerk cancels the password. A wrong password raises a UserError, nothing changed."""
    from kongchuo_desktop.db import encrypted_copy, health
    from kongchuo_desktop.paths import database_path
    from kongchuo_desktop.views.password_dialog import ask_password

    if not encrypted_copy.is_encrypted(source):
        return health.restore_damaged(database_path(path), source)
    password = ask_password(
        parent, f"{source.name} 是加密的备份，请输入复制时设的密码：", twice=False
    )
    if password is None:
        return None
    with encrypted_copy.opened(source, path, password) as database:
        return health.restore_damaged(database_path(path), database)


def offer_restore(path: Path, damaged):
    """The damaged-file dialog until the clerk restores a good backup (the damaged file is set
    aside, renamed) or quits. Returns the opened DataFolder, or None."""
    import sqlite3

    from kongchuo_desktop.db import health
    from kongchuo_desktop.db.migrations import SchemaError
    from kongchuo_desktop.db.store import open_data_folder
    from kongchuo_desktop.views import messages
    from kongchuo_desktop.views.damaged_file_dialog import DamagedFileDialog

    choices, preselect = backup_choices(path, damaged.newest_backup)
    text = health.damaged_message(damaged.diagnosis, damaged.newest_backup, advice=False)
    dialog = DamagedFileDialog(text, choices, preselect)
    while dialog.exec() == DamagedFileDialog.DialogCode.Accepted:
        source = dialog.chosen()
        if source is None:
            continue
        try:
            replaced = restore_damaged_from(path, source, dialog)
            if replaced is None:  # an encrypted copy whose password was not given
                continue
            folder = open_data_folder(path, daily_backup=False)
        except (UserError, SchemaError, OSError, sqlite3.Error) as exc:
            messages.fail(dialog, "从备份恢复", exc)
            continue
        logs.logger.warning("restored from %s; damaged file kept as %s", source, replaced.aside)
        messages.info(
            None,
            "已从备份恢复",
            f"已用备份恢复数据：{source}\n损坏的数据文件已改名保留：{replaced.aside}",
        )
        return folder
    return None
