"""教师: correct a teacher's name, phone, subject and roles; 离校 from a day."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop.domain.roles import TEACHER_ROLES
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.views import messages
from kongchuo_desktop.views.date_edit import date_edit


def _buttons(dialog: QDialog, name: str, ok: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.setObjectName(name)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    buttons.rejected.connect(dialog.reject)
    return buttons


class TeacherDialog(QDialog):
    """编辑教师: the fields of one teacher (a `TeacherRow`), saved by services.teachers."""

    def __init__(self, teacher, actor: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("teacher_dialog")
        self.setWindowTitle(f"编辑教师：{teacher.name}")
        self.setMinimumWidth(420)
        self.teacher_id = teacher.id
        self.actor = actor
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit(teacher.name, objectName="teacher_name")
        self.phone = QLineEdit(teacher.phone, objectName="teacher_phone")
        self.phone.setPlaceholderText("11位手机号，或带区号的固定电话，如 0851-8123456")
        self.subject = QLineEdit(teacher.subject, objectName="teacher_subject")
        roles = QHBoxLayout()
        held = set(teacher.roles.split("、"))
        self.roles: dict[str, QCheckBox] = {}
        for i, role in enumerate(TEACHER_ROLES):
            box = QCheckBox(role, objectName=f"teacher_role_{i}")
            box.setChecked(role in held)
            roles.addWidget(box)
            self.roles[role] = box
        form.addRow("姓名", self.name)
        form.addRow("联系电话", self.phone)
        form.addRow("任教学科", self.subject)
        form.addRow("职务", roles)
        layout.addLayout(form)
        self.message = QLabel(objectName="teacher_message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = _buttons(self, "teacher_buttons", "保存")
        buttons.accepted.connect(self.save)
        layout.addWidget(buttons)

    def save(self) -> None:
        from kongchuo_desktop.services.teachers import edit_teacher

        try:
            edit_teacher(
                self.actor,
                self.teacher_id,
                name=self.name.text(),
                phone=self.phone.text(),
                subject=self.subject.text(),
                roles=[r for r, box in self.roles.items() if box.isChecked()],
            )
        except UserError as exc:
            messages.inline(self.message, str(exc), "error")
            return
        self.accept()


class TeacherLeftDialog(QDialog):
    """离校: the day the teacher left; the classes they led are named, as they will need a head."""

    def __init__(self, name: str, classes: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("teacher_left_dialog")
        self.setWindowTitle(f"离校：{name}")
        layout = QVBoxLayout(self)
        text = f"{name}离校后仍保留在记录中（以往的点名、请假和处理记录不变），不再出现在可选的教师里。"
        if classes:
            text += (
                f"\n从离校日期起，{'、'.join(classes)}没有班主任，"
                "班级列表中显示“（已离校）”，请尽快设置新的班主任。"
            )
        note = QLabel(text, objectName="teacher_left_note")
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        self.date = date_edit(None, "teacher_left_date")
        self.date.setMaximumDate(QDate(dt.date.today()))
        form.addRow("离校日期", self.date)
        layout.addLayout(form)
        buttons = _buttons(self, "teacher_left_buttons", "登记离校")
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    def day(self) -> dt.date:
        return self.date.date().toPython()
