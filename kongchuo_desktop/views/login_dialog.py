"""登录: the window asks who is working before it opens (and at 切换用户). 「忘记密码」 sets a new
管理员 password with the recovery code, then shows the new code's sheet. On the demo school the
accounts' names and their common password are written under the form."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop import APP_NAME
from kongchuo_desktop.domain.permissions import ADMIN
from kongchuo_desktop.services import account_recovery, accounts
from kongchuo_desktop.services.account_demo import DEMO_PASSWORD
from kongchuo_desktop.services.accounts import AccountError
from kongchuo_desktop.views import messages
from kongchuo_desktop.views.form_parts import button_row, note_line, password_box, password_pair


class LoginDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        school: str = "",
        demo: bool = False,
        title: str = "登录",
    ):
        super().__init__(parent)
        self.setObjectName("login_dialog")
        self.setWindowTitle(f"{title} — {APP_NAME}")
        self.setMinimumWidth(460)
        self.school = school
        self.account = None
        layout = QVBoxLayout(self)
        heading = QLabel(school or APP_NAME, objectName="login_school")
        font = heading.font()
        font.setPointSize(font.pointSize() + 4)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        layout.addWidget(QLabel(f"{APP_NAME}　请用自己的账号{title}"))
        form = QFormLayout()
        self.name = QComboBox(objectName="login_name")
        self.name.setEditable(True)
        self.name.addItems(accounts.names())
        form.addRow("账号：", self.name)
        self.password = password_box("login_password")
        form.addRow("密码：", self.password)
        layout.addLayout(form)
        self.note = QLabel(objectName="login_note")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        if demo:
            hint = QLabel(
                "这是演示学校，每个角色有一个账号：" + "、".join(accounts.names())
                + f"。密码都是 {DEMO_PASSWORD}",
                objectName="login_demo_hint",
            )  # fmt: skip
            hint.setWordWrap(True)
            hint.setProperty("tone", "info")
            layout.addWidget(hint)
        row = QHBoxLayout()
        self.forgot_button = QPushButton("忘记密码…", objectName="login_forgot")
        self.forgot_button.setFlat(True)
        row.addWidget(self.forgot_button)
        row.addStretch(1)
        self.cancel_button = QPushButton("取消" if title != "登录" else "退出")
        self.cancel_button.setObjectName("login_cancel")
        self.ok_button = QPushButton("登录", objectName="login_ok")
        self.ok_button.setDefault(True)
        row.addWidget(self.cancel_button)
        row.addWidget(self.ok_button)
        layout.addLayout(row)
        self.ok_button.clicked.connect(self.try_sign_in)
        self.cancel_button.clicked.connect(self.reject)
        self.forgot_button.clicked.connect(self.forgot)
        self.password.returnPressed.connect(self.try_sign_in)
        self.password.setFocus()

    def try_sign_in(self) -> bool:
        try:
            self.account = accounts.verify(self.name.currentText(), self.password.text())
        except AccountError as exc:
            messages.inline(self.note, str(exc), "error")
            self.password.selectAll()
            self.password.setFocus()
            return False
        self.accept()
        return True

    def forgot(self) -> None:
        dialog = ForgotPasswordDialog(self, school=self.school)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.account is not None:
            self.name.setCurrentText(dialog.account.name)
            self.password.clear()
            messages.inline(self.note, "管理员密码已重设，请用新密码登录。", "ok")


class ForgotPasswordDialog(QDialog):
    """The recovery code and a new password for a 管理员; then the new code's sheet."""

    def __init__(self, parent: QWidget | None = None, *, school: str = ""):
        super().__init__(parent)
        self.setObjectName("forgot_dialog")
        self.setWindowTitle("忘记密码")
        self.setMinimumWidth(480)
        self.school = school
        self.account = None
        layout = QVBoxLayout(self)
        intro = QLabel(
            "输入打印的恢复码（在校长办公室保管），为管理员设新密码。"
            "恢复码用过一次就作废，程序会给出新的恢复码，请重新打印保存。\n"
            "其他账号忘记密码，请管理员在“设置 → 账号”里重设。"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.admin = QComboBox(objectName="forgot_admin")
        self.admin.addItems([r.name for r in accounts.list_accounts() if ADMIN in r.roles])
        form.addRow("管理员账号：", self.admin)
        self.code = QLineEdit(objectName="forgot_code")
        self.code.setPlaceholderText("例如 7KQM-2XHD-…")
        form.addRow("恢复码：", self.code)
        self.first, self.second = password_pair("forgot")
        form.addRow("新密码：", self.first)
        form.addRow("再输入一次：", self.second)
        layout.addLayout(form)
        self.note = note_line(layout, "forgot_note")
        cancel, self.ok_button = button_row(layout, "forgot", "取消", "重设密码")
        cancel.clicked.connect(self.reject)
        self.ok_button.clicked.connect(self.reset)

    def reset(self) -> bool:
        from kongchuo_desktop.views.recovery_sheet import show_sheet

        if self.first.text() != self.second.text():
            messages.inline(self.note, "两次输入的新密码不一样。", "error")
            return False
        try:
            self.account, code = account_recovery.reset_with_code(
                self.code.text(), self.first.text(), self.admin.currentText() or None
            )
        except AccountError as exc:
            messages.inline(self.note, str(exc), "error")
            return False
        show_sheet(self, account_recovery.sheet(code, self.school))
        self.accept()
        return True


# Tests set this to answer instead of showing the dialog: (dialog) -> account or None.
answerer = None


def ask_sign_in(
    parent: QWidget | None, *, school: str, demo: bool, title: str = "登录", prepare=None
):
    """The account that signed in, or None when the clerk closed the dialog. `prepare(dialog)`
    runs before it is shown (start-up's timing hooks)."""
    dialog = LoginDialog(parent, school=school, demo=demo, title=title)
    if answerer is not None:
        return answerer(dialog)
    if prepare is not None:
        prepare(dialog)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.account
