"""新增学生: one child by hand — usually a 转入 from another school — with the import's checks."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop.domain.status_rules import NEW_STUDENT_STATUSES
from kongchuo_desktop.domain.student_status import StudentStatus
from kongchuo_desktop.views.date_edit import date_edit


class AddStudentDialog(QDialog):
    def __init__(self, classes, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("add_student_dialog")
        self.setWindowTitle("新增学生")
        self.setMinimumWidth(460)
        self.student = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.kind = QComboBox(objectName="add_student_kind")
        self.kind.addItems([s.value for s in NEW_STUDENT_STATUSES])
        self.name = QLineEdit(objectName="add_student_name")
        self.sex = QComboBox(objectName="add_student_sex")
        self.sex.addItems(["", "男", "女"])
        self.id_number = QLineEdit(objectName="add_student_id_number")
        self.id_number.setPlaceholderText("18位；没有身份证的可只填学籍号")
        self.student_number = QLineEdit(objectName="add_student_number")
        self.klass = QComboBox(objectName="add_student_class")
        for c in classes:
            if not c.archived:
                self.klass.addItem(c.name, c.id)
        self.phone = QLineEdit(objectName="add_student_phone")
        self.from_school = QLineEdit(objectName="add_student_from_school")
        today = dt.date.today()
        self.date = date_edit(today, "add_student_date")
        self.reason = QLineEdit(objectName="add_student_reason")
        self.reason.setPlaceholderText("例如：随父母返乡")
        form.addRow("类型", self.kind)
        form.addRow("姓名", self.name)
        form.addRow("性别", self.sex)
        form.addRow("身份证件号", self.id_number)
        form.addRow("学籍号", self.student_number)
        form.addRow("班级", self.klass)
        form.addRow("联系电话", self.phone)
        form.addRow("原学校", self.from_school)
        form.addRow("转入日期", self.date)
        form.addRow("转入原因", self.reason)
        layout.addLayout(form)
        self.message = QLabel(objectName="add_student_message")
        self.message.setStyleSheet("color: #c0392b;")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.setObjectName("add_student_buttons")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.kind.currentTextChanged.connect(self._kind_changed)
        self._kind_changed(self.kind.currentText())

    def _kind_changed(self, kind: str) -> None:
        for w in (self.from_school, self.date, self.reason):
            w.setEnabled(kind == StudentStatus.TRANSFERRED_IN)

    def save(self) -> None:
        from kongchuo_desktop.services.audit import os_user
        from kongchuo_desktop.services.roster_queries import RosterError, add_student

        if self.klass.currentData() is None:
            self.message.setText("本学年还没有班级")
            return
        try:
            self.student = add_student(
                os_user(),
                name=self.name.text(),
                class_id=self.klass.currentData(),
                id_number=self.id_number.text(),
                student_number=self.student_number.text(),
                sex=self.sex.currentText(),
                phone=self.phone.text(),
                status=self.kind.currentText(),
                date=self.date.date().toPython(),
                reason=self.reason.text(),
                from_school=self.from_school.text(),
            )
        except (RosterError, ValueError) as exc:
            self.message.setText(str(exc))
            return
        self.accept()
