"""Small pieces the account dialogs share (login, 忘记密码, the first 管理员, 设置 → 账号): a
password box, a password typed twice, the note line under a form, and the 取消/OK row. Object
names follow one pattern (`<prefix>_password`, `<prefix>_ok` …) so tests find them."""

from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton


def password_box(name: str) -> QLineEdit:
    box = QLineEdit(objectName=name)
    box.setEchoMode(QLineEdit.EchoMode.Password)
    return box


def password_pair(prefix: str) -> tuple[QLineEdit, QLineEdit]:
    """The password and its repetition: a typo must not set a password nobody knows."""
    return password_box(f"{prefix}_password"), password_box(f"{prefix}_password_again")


def note_line(layout: QBoxLayout, name: str) -> QLabel:
    """The line under a form that says what is wrong (messages.inline writes it)."""
    note = QLabel(objectName=name)
    note.setWordWrap(True)
    layout.addWidget(note)
    return note


def button_row(
    layout: QBoxLayout, prefix: str, cancel_text: str, ok_text: str
) -> tuple[QPushButton, QPushButton]:
    """取消 and the dialog's own OK at the right, as `<prefix>_cancel` / `<prefix>_ok`."""
    row = QHBoxLayout()
    row.addStretch(1)
    cancel = QPushButton(cancel_text, objectName=f"{prefix}_cancel")
    ok = QPushButton(ok_text, objectName=f"{prefix}_ok")
    row.addWidget(cancel)
    row.addWidget(ok)
    layout.addLayout(row)
    return cancel, ok
