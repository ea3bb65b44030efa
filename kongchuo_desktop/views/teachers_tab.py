"""花名册 → 教师: every teacher, in post or 离校; details corrected, 离校 from a day (their
classes then show the gap), or back in post."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop.domain.masking import mask_phone
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.icons import icon
from kongchuo_desktop.services.teachers import left_text
from kongchuo_desktop.views import messages
from kongchuo_desktop.views.roster_table import roster_table
from kongchuo_desktop.views.simple_table_model import SimpleTableModel
from kongchuo_desktop.views.teacher_dialog import TeacherDialog, TeacherLeftDialog


class TeachersTab(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.add = QPushButton(icon("add"), "新增教师…", objectName="teachers_add")
        self.edit = QPushButton("编辑…", objectName="teachers_edit")
        self.left = QPushButton("离校…", objectName="teachers_left")
        self.left.setToolTip("教师调走或退休：保留记录，不删除")
        self.back = QPushButton("恢复在职", objectName="teachers_back")
        row.addStretch(1)
        for b in (self.edit, self.left, self.back, self.add):
            row.addWidget(b)
        layout.addLayout(row)
        self.model = SimpleTableModel(
            ["姓名", "性别", "职务", "任教学科", "担任班主任", "联系电话", "状态"]
        )
        self.view = roster_table("teachers_table")
        self.view.setModel(self.model)
        for col, w in enumerate((90, 50, 200, 100, 160, 120)):
            self.view.setColumnWidth(col, w)
        layout.addWidget(self.view, 1)
        self.add.clicked.connect(self.add_teacher)
        self.edit.clicked.connect(self.edit_teacher)
        self.left.clicked.connect(self.mark_left)
        self.back.clicked.connect(self.mark_back)
        self.view.doubleClicked.connect(lambda _i: self.edit_teacher())
        self.rows = []

    def refresh(self) -> None:
        from kongchuo_desktop.services.roster_queries import teacher_rows

        self.rows = teacher_rows()
        self.model.set_rows(
            [
                [
                    t.name,
                    t.sex,
                    t.roles,
                    t.subject,
                    t.classes,
                    mask_phone(t.phone),
                    "在职" if t.active else left_text(t.left_on),
                ]
                for t in self.rows
            ]
        )

    def _selected(self, title: str):
        index = self.view.currentIndex()
        if not index.isValid():
            messages.info(self, title, "请先选中一位教师")
            return None
        return self.rows[index.row()]

    def edit_teacher(self) -> None:
        from kongchuo_desktop.services.access import actor_name

        teacher = self._selected("编辑教师")
        if teacher is None:
            return
        if TeacherDialog(teacher, actor_name(), self).exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def mark_left(self) -> None:
        from kongchuo_desktop.services.access import actor_name
        from kongchuo_desktop.services.teachers import headed_classes, mark_left

        teacher = self._selected("教师离校")
        if teacher is None:
            return
        if not teacher.active:
            messages.info(self, "教师离校", f"{teacher.name}已经登记为离校")
            return
        classes = [c.name for c in headed_classes(teacher.id)]
        dialog = TeacherLeftDialog(teacher.name, classes, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            mark_left(actor_name(), teacher.id, dialog.day())
        except UserError as exc:
            messages.fail(self, "教师离校", exc)
            return
        self.refresh()

    def mark_back(self) -> None:
        from kongchuo_desktop.services.access import actor_name
        from kongchuo_desktop.services.teachers import mark_back

        teacher = self._selected("恢复在职")
        if teacher is None:
            return
        if not messages.confirm(
            self,
            "恢复在职",
            f"把{teacher.name}恢复为在职？原来任班主任的班级不会自动恢复，需要时请重新设置。",
            yes="恢复在职",
        ):
            return
        try:
            mark_back(actor_name(), teacher.id)
        except UserError as exc:
            messages.fail(self, "恢复在职", exc)
            return
        self.refresh()

    def add_teacher(self) -> None:
        from kongchuo_desktop.services.access import actor_name
        from kongchuo_desktop.services.roster_queries import RosterError, add_teacher

        name, ok = QInputDialog.getText(self, "新增教师", "教师姓名：")
        if not ok:
            return
        subject, ok = QInputDialog.getText(self, "新增教师", "任教学科（可不填）：")
        if not ok:
            return
        try:
            add_teacher(actor_name(), name, subject=subject)
        except RosterError as exc:
            messages.fail(self, "新增教师", exc)
            return
        self.refresh()
