"""设置 → 账号 (管理员): the accounts with their roles, classes, linked teacher, whether in use and
when they last signed in; 添加, 修改, 重设密码, 停用/启用, a new recovery code; and the sign-in
settings (password length, wrong tries, lock and idle minutes)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop.account_setting_specs import ACCOUNTS
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import account_recovery, accounts
from kongchuo_desktop.services.school_setup import the_school
from kongchuo_desktop.views import messages
from kongchuo_desktop.views.account_dialog import AccountDialog
from kongchuo_desktop.views.row_table_model import RowTableModel
from kongchuo_desktop.views.rules_tab import RulesTab

COLUMNS = [
    ("账号", lambda r: r.name),
    ("角色", lambda r: "、".join(r.roles)),
    ("关联教师", lambda r: r.teacher_name),
    ("另外负责的班级", lambda r: "、".join(r.class_names)),
    ("状态", lambda r: "在用" if r.active else "已停用"),
    ("最近登录", lambda r: f"{r.last_login:%Y-%m-%d %H:%M}" if r.last_login else "从未登录"),
]


class AccountsTab(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("accounts_tab")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "每位老师用自己的账号登录，审计日志记下每个账号做了什么。"
            "一个账号可以有几个角色（教务员通常同时是管理员）。"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.model = RowTableModel(COLUMNS, self)
        self.table = QTableView(objectName="accounts_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.buttons = {}
        for key, text, slot in (
            ("add", "添加账号…", self.add),
            ("edit", "修改角色和班级…", self.edit),
            ("password", "重设密码…", self.reset_password),
            ("disable", "停用", self.disable),
            ("enable", "启用", self.enable),
            ("code", "重新生成恢复码…", self.new_code),
        ):
            button = QPushButton(text, objectName=f"accounts_{key}")
            button.clicked.connect(slot)
            row.addWidget(button)
            self.buttons[key] = button
        row.addStretch(1)
        layout.addLayout(row)
        self.rules = RulesTab(ACCOUNTS)
        layout.addWidget(self.rules)
        self.table.doubleClicked.connect(self.edit)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(accounts.list_accounts())
        self.table.resizeColumnsToContents()
        self.rules.refresh()

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            messages.info(self, "账号", "请先在表中选中一个账号。")
            return None
        return self.model.row(rows[0])

    def add(self) -> None:
        if AccountDialog(self).exec():
            self.refresh()

    def edit(self, *_args) -> None:
        row = self.selected()
        if row is not None and AccountDialog(self, row).exec():
            self.refresh()

    def _run(self, title: str, work) -> bool:
        try:
            work()
        except UserError as exc:
            messages.fail(self, title, exc)
            return False
        self.refresh()
        return True

    def reset_password(self) -> None:
        row = self.selected()
        if row is None:
            return
        password, ok = QInputDialog.getText(
            self,
            "重设密码",
            f"为“{row.name}”设新密码（请当面告诉本人，登录后可自己再改）：",
            QLineEdit.EchoMode.Password,
        )
        if ok and self._run("重设密码", lambda: accounts.reset_password(row.name, password)):
            messages.info(self, "重设密码", f"“{row.name}”的密码已重设，锁定也已解除。")

    def disable(self) -> None:
        row = self.selected()
        if row is not None and messages.confirm(
            self, "停用账号", f"停用后“{row.name}”不能再登录，它的记录都保留。确定停用吗？"
        ):
            self._run("停用账号", lambda: accounts.disable(row.name))

    def enable(self) -> None:
        row = self.selected()
        if row is not None:
            self._run("启用账号", lambda: accounts.enable(row.name))

    def new_code(self) -> None:
        from kongchuo_desktop.views.recovery_sheet import show_sheet

        if not messages.confirm(
            self,
            "重新生成恢复码",
            "生成新的恢复码后，以前打印的恢复码就作废了。请准备好打印新的一张。确定吗？",
        ):
            return
        try:
            code = account_recovery.issue_code()
        except UserError as exc:
            messages.fail(self, "重新生成恢复码", exc)
            return
        school = the_school()
        show_sheet(self, account_recovery.sheet(code, school.name if school else ""))
