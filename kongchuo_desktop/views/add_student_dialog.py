"""新增学生: one child by hand — a 新生入学 (the default) or a 转入 from another school — with the
import's checks, the birth date (from the ID number when there is one) and a first guardian."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
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

from kongchuo_desktop.domain import id_number as idn
from kongchuo_desktop.domain import roster_values as rv
from kongchuo_desktop.domain.status_rules import NEW_STUDENT_STATUSES
from kongchuo_desktop.domain.student_status import StudentStatus
from kongchuo_desktop.services.new_student import FirstGuardian
from kongchuo_desktop.views.date_edit import date_edit

KIND_LABELS = {
    StudentStatus.IN_SCHOOL: "新生入学",
    StudentStatus.TRANSFERRED_IN: "转入（从其他学校转来）",
}
RELATIONS = ["", "父亲", "母亲", "祖父", "祖母", "外祖父", "外祖母", "其他亲属"]
NO_BIRTH_DATE = QDate(1990, 1, 1)  # shown as the special text: not filled


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
        for status in sorted(NEW_STUDENT_STATUSES, key=lambda s: s != StudentStatus.IN_SCHOOL):
            self.kind.addItem(KIND_LABELS[status], status.value)
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
        self.birth = date_edit(None, "add_student_birth")
        self.birth.setMinimumDate(NO_BIRTH_DATE)
        self.birth.setSpecialValueText("（从身份证件号读出，或在此填写）")
        self.birth.setDate(NO_BIRTH_DATE)
        self.phone = QLineEdit(objectName="add_student_phone")
        self.guardian_name = QLineEdit(objectName="add_student_guardian_name")
        self.guardian_relation = QComboBox(objectName="add_student_guardian_relation")
        self.guardian_relation.setEditable(True)
        self.guardian_relation.addItems(RELATIONS)
        self.guardian_phone = QLineEdit(objectName="add_student_guardian_phone")
        self.guardian_phone.setPlaceholderText("手机11位，或带区号的固定电话")
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
        form.addRow("出生日期", self.birth)
        form.addRow("班级", self.klass)
        form.addRow("联系电话", self.phone)
        form.addRow("监护人姓名", self.guardian_name)
        form.addRow("与学生关系", self.guardian_relation)
        form.addRow("监护人电话", self.guardian_phone)
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
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        self.id_number.textChanged.connect(self._read_id_number)

    def _kind_changed(self) -> None:
        for w in (self.from_school, self.date, self.reason):
            w.setEnabled(self.kind.currentData() == StudentStatus.TRANSFERRED_IN)

    def _read_id_number(self, text: str) -> None:
        """A valid ID number fills the birth date (and the sex when not chosen)."""
        try:
            number = rv.id_number(text)
        except ValueError:
            return
        if len(number) != 18 or idn.problem(number):
            return
        self.birth.setDate(idn.birth_date(number))
        if not self.sex.currentText():
            self.sex.setCurrentText(idn.sex(number))

    def birth_date(self) -> dt.date | None:
        day = self.birth.date()
        return None if day == NO_BIRTH_DATE else day.toPython()

    def save(self) -> None:
        from kongchuo_desktop.services.access import actor_name
        from kongchuo_desktop.services.roster_queries import RosterError, add_student

        if self.klass.currentData() is None:
            self.message.setText("本学年还没有班级")
            return
        try:
            self.student = add_student(
                actor_name(),
                name=self.name.text(),
                class_id=self.klass.currentData(),
                id_number=self.id_number.text(),
                student_number=self.student_number.text(),
                sex=self.sex.currentText(),
                phone=self.phone.text(),
                status=self.kind.currentData(),
                date=self.date.date().toPython(),
                reason=self.reason.text(),
                from_school=self.from_school.text(),
                birth_date=self.birth_date(),
                guardian=FirstGuardian(
                    self.guardian_name.text(),
                    self.guardian_relation.currentText(),
                    self.guardian_phone.text(),
                ),
            )
        except (RosterError, ValueError) as exc:
            self.message.setText(str(exc))
            return
        self.accept()
