"""The first start (and the first start after upgrading a data folder that has no accounts):
create the 管理员 account with a password, then the one-time recovery code sheet."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop import settings
from kongchuo_desktop.account_setting_specs import MIN_PASSWORD_LENGTH
from kongchuo_desktop.domain.permissions import ADMIN, CLERK
from kongchuo_desktop.services import account_recovery, accounts
from kongchuo_desktop.services.accounts import AccountError
from kongchuo_desktop.views import messages
from kongchuo_desktop.views.form_parts import button_row, note_line, password_pair


class FirstAdminDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, *, school: str = "", upgraded: bool = False):
        super().__init__(parent)
        self.setObjectName("first_admin_dialog")
        self.setWindowTitle("建立管理员账号")
        self.setMinimumWidth(520)
        self.school = school
        self.account = None
        self.code = ""
        layout = QVBoxLayout(self)
        why = (
            "本程序现在要求登录：不同的人用各自的账号，谁做了什么都记在审计日志里。"
            if upgraded
            else "第一次使用，请为负责本程序的老师建立管理员账号。"
        )
        self.intro = intro = QLabel(
            f"{why}\n管理员可以添加其他账号（教务员、校长、班主任、教师、只读）、修改设置、备份和恢复。"
            "这个账号同时有“教务员”角色，可以做教务处的日常工作。\n"
            f"密码至少 {settings.get(MIN_PASSWORD_LENGTH.key)} 位。建好后会给出一个恢复码，"
            "忘记密码时凭它重设，请打印保管。"
        )
        intro.setObjectName("first_admin_intro")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.name = QLineEdit("管理员", objectName="first_admin_name")
        self.first, self.second = password_pair("first_admin")
        form.addRow("账号名称：", self.name)
        form.addRow("密码：", self.first)
        form.addRow("再输入一次：", self.second)
        layout.addLayout(form)
        self.note = note_line(layout, "first_admin_note")
        cancel, self.ok_button = button_row(layout, "first_admin", "退出", "建立账号")
        self.ok_button.setDefault(True)
        cancel.clicked.connect(self.reject)
        self.ok_button.clicked.connect(self.create)
        self.first.setFocus()

    def create(self) -> bool:
        from kongchuo_desktop.views.recovery_sheet import show_sheet

        if self.first.text() != self.second.text():
            messages.inline(self.note, "两次输入的密码不一样。", "error")
            return False
        try:
            self.account = accounts.create_account(
                self.name.text(), self.first.text(), [ADMIN, CLERK]
            )
        except AccountError as exc:
            messages.inline(self.note, str(exc), "error")
            return False
        self.code = account_recovery.issue_code()
        show_sheet(self, account_recovery.sheet(self.code, self.school))
        self.accept()
        return True


# Tests set this to answer instead of showing the dialog: (dialog) -> account or None.
answerer = None


def ask_first_admin(parent: QWidget | None, *, school: str, upgraded: bool):
    dialog = FirstAdminDialog(parent, school=school, upgraded=upgraded)
    if answerer is not None:
        return answerer(dialog)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.account
