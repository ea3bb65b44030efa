"""An error nobody expected: logged, then shown as Chinese text with 复制错误信息 and the log
file's path — never a traceback on screen (the exe has no console to print one to).

app.py installs `ErrorReporter.hook` as sys.excepthook and threading.excepthook when the window
starts; an error in a worker thread is shown on the UI thread.
"""

from __future__ import annotations

import datetime as dt
import platform
import traceback
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop import APP_NAME, __version__, logs
from kongchuo_desktop.errors import UserError, user_text
from kongchuo_desktop.views import messages


def error_details(exc: BaseException, when: dt.datetime | None = None) -> str:
    """What 复制错误信息 copies: version, time, system and the traceback, ID numbers masked
    (the text is pasted into WeChat groups)."""
    when = when or dt.datetime.now()
    trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return logs.mask_ids(
        f"{APP_NAME} {__version__}\n时间：{when:%Y-%m-%d %H:%M:%S}\n"
        f"系统：{platform.platform()}\n\n{trace}"
    )


class ErrorDialog(QDialog):
    def __init__(
        self, text: str, details: str, log_path: Path | None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("error_dialog")
        self.setWindowTitle(f"{APP_NAME} — 出错了")
        self.details = details
        layout = QVBoxLayout(self)
        message = QLabel(text)
        message.setObjectName("error_text")
        message.setWordWrap(True)
        layout.addWidget(message)
        where = f"日志文件：{log_path}" if log_path else "日志文件：无（数据文件夹不能写入）"
        log_label = QLabel(where)
        log_label.setObjectName("error_log_path")
        log_label.setWordWrap(True)
        log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(log_label)
        layout.addWidget(QLabel("请点“复制错误信息”，把复制的内容连同截图发给负责电脑的老师。"))
        buttons = QDialogButtonBox()
        self.copy_button = QPushButton("复制错误信息")
        self.copy_button.setObjectName("copy_error_details")
        self.copy_button.clicked.connect(self.copy_details)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.AcceptRole)
        close.setObjectName("close_error")
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    def copy_details(self) -> None:
        QApplication.clipboard().setText(self.details)
        self.copy_button.setText("已复制")


class ErrorReporter(QObject):
    """Logs an unhandled error and shows it in an ErrorDialog on the UI thread."""

    reported = Signal(object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.dialogs: list[ErrorDialog] = []
        self.reported.connect(self._show)  # queued when emitted from another thread

    def hook(self, exc_type, exc, tb) -> None:
        """For sys.excepthook: (type, value, traceback)."""
        if exc is None:
            exc = exc_type()
        if tb is not None and exc.__traceback__ is None:
            exc = exc.with_traceback(tb)
        logs.logger.error("未处理的错误", exc_info=(type(exc), exc, exc.__traceback__))
        self.reported.emit(exc)

    def thread_hook(self, args) -> None:
        """For threading.excepthook."""
        if args.exc_type is SystemExit:
            return
        self.hook(args.exc_type, args.exc_value, args.exc_traceback)

    def _show(self, exc: BaseException) -> None:
        try:
            parent = QApplication.activeWindow()
            if isinstance(exc, UserError):
                # A refusal a slot did not catch (say, an account's missing right): the clerk
                # reads it as the refusal it is, not as a program error.
                messages.warn(parent, "不能这样做", user_text(exc))
                return
            dialog = ErrorDialog(user_text(exc), error_details(exc), logs.log_file(), parent)
            dialog.finished.connect(lambda _=0, d=dialog: self._forget(d))
            self.dialogs.append(dialog)
            dialog.show()
        except Exception:  # the dialog itself failed: the log still has the error
            logs.logger.exception("could not show the error dialog")

    def _forget(self, dialog: ErrorDialog) -> None:
        if dialog in self.dialogs:
            self.dialogs.remove(dialog)
        dialog.deleteLater()
