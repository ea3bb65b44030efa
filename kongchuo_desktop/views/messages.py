"""Every message box of the program goes through here: info, warn, confirm, ask_save, fail.

One place means one look (Chinese buttons, the window's icon) and one seam for tests: a test sets
`answerer` (see tests/views/conftest.py `messages`) and reads what would have been shown, instead
of patching Qt's QMessageBox everywhere. `inline` shows a message in a label instead of a box.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from kongchuo_desktop import logs
from kongchuo_desktop.errors import UserError, user_text

# The answers ask_save can give.
SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


@dataclass(frozen=True)
class Shown:
    """A message as it would reach the clerk: kind is info | warn | error | confirm | ask_save."""

    kind: str
    title: str
    text: str


# When set (tests), called instead of a real box; its return value is the answer to confirm
# (True/False) and ask_save (SAVE/DISCARD/CANCEL); ignored for the others.
answerer: Callable[[Shown], object] | None = None


def _show(parent: QWidget | None, shown: Shown, default: object = None) -> object:
    if answerer is not None:
        answer = answerer(shown)
        return default if answer is None else answer
    return None


def info(parent: QWidget | None, title: str, text: str) -> None:
    if answerer is not None:
        _show(parent, Shown("info", title, text))
        return
    QMessageBox.information(parent, title, text)


def warn(parent: QWidget | None, title: str, text: str) -> None:
    if answerer is not None:
        _show(parent, Shown("warn", title, text))
        return
    QMessageBox.warning(parent, title, text)


def fail(parent: QWidget | None, title: str, exc: BaseException, *, after: str = "") -> None:
    """An operation failed: a UserError says its own text; anything else is logged with its
    traceback and the clerk reads where the log is (errors.user_text). `after` is a line added
    below, such as “没有写入任何数据。”."""
    if not isinstance(exc, UserError):
        logs.logger.error("%s: %r", title, exc, exc_info=exc)
    text = user_text(exc, logs.log_file())
    if after:
        text = f"{text}\n{after}"
    if answerer is not None:
        _show(parent, Shown("error", title, text))
        return
    QMessageBox.warning(parent, title, text)


def confirm(parent: QWidget | None, title: str, text: str, *, yes: str = "", no: str = "") -> bool:
    """A yes/no question; True only for yes. `yes`/`no` rename the buttons (e.g. 恢复/取消)."""
    if answerer is not None:
        return bool(_show(parent, Shown("confirm", title, text), default=False))
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    yes_button = box.addButton(QMessageBox.StandardButton.Yes)
    no_button = box.addButton(QMessageBox.StandardButton.No)
    if yes:
        yes_button.setText(yes)
    if no:
        no_button.setText(no)
    box.setDefaultButton(no_button)
    box.exec()
    return box.clickedButton() is yes_button


def ask_save(parent: QWidget | None, title: str, text: str) -> str:
    """Unsaved work: SAVE, DISCARD or CANCEL."""
    if answerer is not None:
        return str(_show(parent, Shown("ask_save", title, text), default=CANCEL))
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel,
    )
    if answer == QMessageBox.StandardButton.Save:
        return SAVE
    if answer == QMessageBox.StandardButton.Discard:
        return DISCARD
    return CANCEL


def inline(label: QLabel, text: str, tone: str = "") -> None:
    """A message in a label beside the work (tone: ok | warn | error, styled in style.qss)."""
    label.setText(text)
    label.setProperty("tone", tone)
    label.style().unpolish(label)
    label.style().polish(label)
    label.setVisible(bool(text))


def copy_to_clipboard(text: str) -> None:
    QApplication.clipboard().setText(text)
