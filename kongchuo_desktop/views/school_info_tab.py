"""学校信息 settings tab."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop.domain.grades import SCHOOL_TYPES
from kongchuo_desktop.services.access import actor_name
from kongchuo_desktop.services.school_setup import SetupError, the_school, update_school
from kongchuo_desktop.views import messages


class SchoolInfoTab(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        form_box = QWidget()
        form_box.setMaximumWidth(640)  # a short form reads better than one stretched across
        form = QFormLayout(form_box)
        self.name = QLineEdit(objectName="school_name")
        self.county = QLineEdit(objectName="school_county")
        self.township = QLineEdit(objectName="school_township")
        self.school_type = QComboBox(objectName="school_type")
        self.school_type.addItems(SCHOOL_TYPES)
        self.address = QLineEdit(objectName="school_address")
        self.phone = QLineEdit(objectName="school_phone")
        form.addRow("学校名称：", self.name)
        form.addRow("所在县（区）：", self.county)
        form.addRow("所在乡镇：", self.township)
        form.addRow("学校类型：", self.school_type)
        form.addRow("地址：", self.address)
        form.addRow("电话：", self.phone)
        save = QPushButton("保存学校信息", objectName="school_save")
        save.clicked.connect(self.save)
        form.addRow("", save)
        layout.addWidget(form_box)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        school = the_school()
        if school is None:
            return
        self.name.setText(school.name)
        self.county.setText(school.county)
        self.township.setText(school.township)
        self.school_type.setCurrentText(school.school_type)
        self.address.setText(school.address)
        self.phone.setText(school.phone)

    def save(self) -> None:
        try:
            update_school(
                actor_name(),
                name=self.name.text().strip(),
                county=self.county.text().strip(),
                township=self.township.text().strip(),
                school_type=self.school_type.currentText(),
                address=self.address.text().strip(),
                phone=self.phone.text().strip(),
            )
        except SetupError as exc:
            messages.fail(self, "无法保存", exc)
            return
        messages.info(self, "已保存", "学校信息已保存。")
