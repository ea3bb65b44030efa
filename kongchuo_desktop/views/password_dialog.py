"""The password of an encrypted USB copy: typed twice for a new copy (a typo must not lock the
school out of it), once to open one."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop.views import messages

MIN_LENGTH = 6  # as db/encrypted_copy.check_password


class PasswordDialog(QDialog):
    def __init__(self, parent: QWidget | None, text: str, *, twice: bool, title: str = "备份密码"):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.twice = twice
        layout = QVBoxLayout(self)
        intro = QLabel(text)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.first = QLineEdit(objectName="password_first")
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("密码：", self.first)
        self.second = QLineEdit(objectName="password_second")
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        if twice:
            form.addRow("再输入一次：", self.second)
        layout.addLayout(form)
        self.note = QLabel(objectName="password_note")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.setObjectName("password_buttons")
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("password_ok")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.first.textChanged.connect(self._update)
        self.second.textChanged.connect(self._update)
        self._update()

    def problem(self) -> str:
        first = self.first.text()
        if not first:
            return ""
        if self.twice and len(first) < MIN_LENGTH:
            return f"密码至少要 {MIN_LENGTH} 位。"
        if self.twice and self.second.text() and self.second.text() != first:
            return "两次输入的密码不一样。"
        return ""

    def _update(self) -> None:
        problem = self.problem()
        messages.inline(self.note, problem, "warn" if problem else "")
        complete = bool(self.first.text()) and (
            not self.twice or self.second.text() == self.first.text()
        )
        self.ok_button.setEnabled(complete and not problem)

    def password(self) -> str:
        return self.first.text()


# Tests set this to answer instead of showing the dialog: (text, twice) -> password or None.
answerer = None


def ask_password(
    parent: QWidget | None, text: str, *, twice: bool, title: str = "备份密码"
) -> str | None:
    """The password typed (twice when `twice`), or None when the clerk cancelled."""
    if answerer is not None:
        return answerer(text, twice)
    dialog = PasswordDialog(parent, text, twice=twice, title=title)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.password()
