"""送教上门's two dialogs: the plan of a child (teachers, visits a month, lessons a visit) and a
visit record (day, teachers, lessons, content, the parent's signature, photos)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop import settings
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import home_teaching
from kongchuo_desktop.services.roster_queries import teacher_rows
from kongchuo_desktop.views import messages
from kongchuo_desktop.views.date_edit import date_edit


def teacher_list(name: str, checked: tuple[int, ...] = ()) -> QListWidget:
    """The school's active teachers with a box each; `checked` ticked and listed first."""
    box = QListWidget(objectName=name)
    teachers = [t for t in teacher_rows() if t.active]
    teachers.sort(
        key=lambda t: (t.id not in checked, checked.index(t.id) if t.id in checked else 0)
    )
    for t in teachers:
        item = QListWidgetItem(f"{t.name}（{t.roles}）" if t.roles else t.name)
        item.setData(Qt.ItemDataRole.UserRole, t.id)
        item.setCheckState(Qt.CheckState.Checked if t.id in checked else Qt.CheckState.Unchecked)
        box.addItem(item)
    box.setMinimumHeight(140)
    return box


def checked_ids(box: QListWidget) -> list[int]:
    return [
        box.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(box.count())
        if box.item(i).checkState() == Qt.CheckState.Checked
    ]


def check_teacher(box: QListWidget, teacher_id: int) -> None:
    for i in range(box.count()):
        if box.item(i).data(Qt.ItemDataRole.UserRole) == teacher_id:
            box.item(i).setCheckState(Qt.CheckState.Checked)


class PlanDialog(QDialog):
    def __init__(self, actor: str, row: home_teaching.HomeTeachingRow, today: dt.date, parent=None):
        super().__init__(parent)
        self.setObjectName("home_teaching_plan_dialog")
        self.setWindowTitle(f"送教计划 — {row.name}（{row.class_name}）")
        self.actor, self.row = actor, row
        plan = row.plan
        form = QFormLayout(self)
        self.teachers = teacher_list("plan_teachers", plan.teacher_ids if plan else ())
        self.per_month = QSpinBox(objectName="plan_per_month")
        self.per_month.setRange(1, 31)
        self.per_month.setValue(
            plan.visits_per_month if plan else settings.get("home_teaching.visits_per_month")
        )
        self.lessons = QSpinBox(objectName="plan_min_lessons")
        self.lessons.setRange(1, 12)
        self.lessons.setValue(
            plan.min_lessons if plan else settings.get("home_teaching.min_lessons")
        )
        self.start = date_edit(plan.start_date if plan else today, "plan_start")
        self.note = QLineEdit(plan.note if plan else "", objectName="plan_note")
        self.note.setPlaceholderText("如：以生活自理和识字为主，每次先做康复训练")
        form.addRow("送教教师（第一位为负责人）：", self.teachers)
        form.addRow("每月送教次数：", self.per_month)
        form.addRow("每次至少课时：", self.lessons)
        form.addRow("计划开始日期：", self.start)
        form.addRow("说明：", self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.setObjectName("plan_buttons")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        try:
            home_teaching.save_plan(
                self.actor,
                self.row.student_id,
                checked_ids(self.teachers),
                start_date=self.start.date().toPython(),
                visits_per_month=self.per_month.value(),
                min_lessons=self.lessons.value(),
                note=self.note.text(),
            )
        except UserError as exc:
            messages.fail(self, "不能保存送教计划", exc)
            return
        self.accept()


class VisitDialog(QDialog):
    def __init__(self, actor: str, row: home_teaching.HomeTeachingRow, today: dt.date, parent=None):
        super().__init__(parent)
        self.setObjectName("home_teaching_visit_dialog")
        self.setWindowTitle(f"记录送教 — {row.name}（{row.class_name}）")
        self.actor, self.row, self.today = actor, row, today
        self.photos: list[Path] = []
        form = QFormLayout(self)
        self.day = date_edit(today, "visit_date")
        self.teachers = teacher_list("visit_teachers", row.plan.teacher_ids if row.plan else ())
        self.lessons = QSpinBox(objectName="visit_lessons")
        self.lessons.setRange(1, 12)
        self.lessons.setValue(row.plan.min_lessons if row.plan else 2)
        self.content = QPlainTextEdit(objectName="visit_content")
        self.content.setPlaceholderText("送教内容：如 认识颜色、数数1到10、康复训练（抓握）")
        self.content.setFixedHeight(70)
        self.signed = QCheckBox("家长已在送教记录上签字", objectName="visit_signed")
        self.signed_by = QLineEdit(objectName="visit_signed_by")
        self.signed_by.setPlaceholderText("签字人，如：母亲 王某")
        self.photo_list = QListWidget(objectName="visit_photos")
        self.photo_list.setFixedHeight(60)
        add_photo = QPushButton("添加照片…", objectName="visit_add_photo")
        add_photo.clicked.connect(self.pick_photos)
        photos = QWidget()
        photo_row = QHBoxLayout(photos)
        photo_row.setContentsMargins(0, 0, 0, 0)
        photo_row.addWidget(self.photo_list, 1)
        photo_row.addWidget(add_photo, 0, Qt.AlignmentFlag.AlignTop)
        form.addRow("送教日期：", self.day)
        form.addRow("送教教师：", self.teachers)
        form.addRow("课时数：", self.lessons)
        form.addRow("送教内容：", self.content)
        signed = QWidget()
        signed_row = QVBoxLayout(signed)
        signed_row.setContentsMargins(0, 0, 0, 0)
        signed_row.addWidget(self.signed)
        signed_row.addWidget(self.signed_by)
        form.addRow("家长签字：", signed)
        form.addRow("照片：", photos)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.setObjectName("visit_buttons")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def add_photo(self, path: Path) -> None:
        self.photos.append(Path(path))
        self.photo_list.addItem(Path(path).name)

    def pick_photos(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, "选择照片", "", "图片 (*.jpg *.jpeg *.png *.bmp *.gif *.webp *.tif *.tiff)"
        )
        for p in paths:
            self.add_photo(Path(p))

    def save(self) -> None:
        try:
            home_teaching.record_visit(
                self.actor,
                self.row.student_id,
                self.day.date().toPython(),
                checked_ids(self.teachers),
                self.lessons.value(),
                self.content.toPlainText(),
                parent_signed=self.signed.isChecked(),
                signed_by=self.signed_by.text(),
                photos=self.photos,
                today=self.today,
            )
        except UserError as exc:
            messages.fail(self, "不能保存送教记录", exc, after="\n没有保存这次送教。")
            return
        self.accept()
