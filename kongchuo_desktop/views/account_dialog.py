"""添加账号 / 修改账号 (设置 → 账号): name, roles (several), the linked teacher, the classes of a
班主任, and — for a new account — its password, typed twice."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop.domain.permissions import ACCOUNT_ROLES
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import accounts
from kongchuo_desktop.services.accounts import AccountRow
from kongchuo_desktop.views import messages
from kongchuo_desktop.views.form_parts import button_row, note_line, password_pair

ROLE_HINTS = {
    "管理员": "账号、设置、备份与恢复",
    "教务员": "教务处日常：花名册、点名、请假、劝返、月报、导出",
    "校长": "查看全部；超限请假审批；月报签字；考核锁定",
    "班主任": "本班：点名、请假、联系与劝返",
    "教师": "自己包保的学生：联系与家访",
    "只读": "只能查看，身份证号不完整显示",
}


class AccountDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, row: AccountRow | None = None):
        super().__init__(parent)
        self.row = row
        self.setObjectName("account_dialog")
        self.setWindowTitle("修改账号" if row else "添加账号")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit(row.name if row else "", objectName="account_name")
        self.name.setReadOnly(row is not None)
        form.addRow("账号名称：", self.name)
        roles = QGridLayout()
        self.role_boxes: dict[str, QCheckBox] = {}
        for i, role in enumerate(ACCOUNT_ROLES):
            box = QCheckBox(role, objectName=f"account_role_{i}")
            box.setToolTip(ROLE_HINTS[role])
            box.setChecked(row is not None and role in row.roles)
            self.role_boxes[role] = box
            roles.addWidget(box, i // 3, i % 3)
        form.addRow("角色：", roles)
        self.teacher = QComboBox(objectName="account_teacher")
        self.teacher.addItem("（不关联）", None)
        for choice in accounts.teacher_choices():
            self.teacher.addItem(choice.name, choice.id)
        if row and row.teacher_id is not None:
            self.teacher.setCurrentIndex(max(0, self.teacher.findData(row.teacher_id)))
        self.teacher.setToolTip("关联后，这位教师任班主任的班级和包保的学生都归这个账号")
        form.addRow("关联教师：", self.teacher)
        self.classes = QListWidget(objectName="account_classes")
        self.classes.setMaximumHeight(120)
        for choice in accounts.class_choices():
            item = QListWidgetItem(choice.name)
            item.setData(Qt.ItemDataRole.UserRole, choice.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            held = row is not None and choice.id in row.class_ids
            item.setCheckState(Qt.CheckState.Checked if held else Qt.CheckState.Unchecked)
            self.classes.addItem(item)
        form.addRow("另外负责的班级：", self.classes)
        self.first, self.second = password_pair("account")
        if row is None:
            form.addRow("密码：", self.first)
            form.addRow("再输入一次：", self.second)
        layout.addLayout(form)
        self.note = note_line(layout, "account_note")
        cancel, self.ok_button = button_row(layout, "account", "取消", "保存")
        cancel.clicked.connect(self.reject)
        self.ok_button.clicked.connect(self.save)

    def chosen_roles(self) -> list[str]:
        return [r for r, box in self.role_boxes.items() if box.isChecked()]

    def chosen_classes(self) -> list[int]:
        return [
            self.classes.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.classes.count())
            if self.classes.item(i).checkState() == Qt.CheckState.Checked
        ]

    def save(self) -> bool:
        try:
            if self.row is None:
                if self.first.text() != self.second.text():
                    raise UserError("两次输入的密码不一样。")
                accounts.create_account(
                    self.name.text(),
                    self.first.text(),
                    self.chosen_roles(),
                    teacher_id=self.teacher.currentData(),
                    class_ids=self.chosen_classes(),
                )
            else:
                accounts.edit_account(
                    self.row.name,
                    roles=self.chosen_roles(),
                    teacher_id=self.teacher.currentData(),
                    class_ids=self.chosen_classes(),
                )
        except UserError as exc:
            messages.inline(self.note, str(exc), "error")
            return False
        self.accept()
        return True
