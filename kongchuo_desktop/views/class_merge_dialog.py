"""合并班级: which class the children go to, and from which day (the head-count counts them in
the old class before that day and in the new one from it)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop.views.date_edit import date_edit


class ClassMergeDialog(QDialog):
    def __init__(
        self,
        class_name: str,
        students: int,
        classes: list[tuple[int, str]],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("class_merge_dialog")
        self.setWindowTitle(f"合并班级：{class_name}")
        layout = QVBoxLayout(self)
        note = QLabel(
            f"{class_name}的 {students} 名学生将从合并日期起调到所选班级（已转出等离校的学生留在原班记录中），"
            f"之后{class_name}不再使用，也不再需要点名；它以往的记录都保留。",
            objectName="class_merge_note",
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        self.target = QComboBox(objectName="class_merge_target")
        for class_id, name in classes:
            self.target.addItem(name, class_id)
        self.date = date_edit(None, "class_merge_date")
        self.date.setMaximumDate(QDate(dt.date.today()))
        form.addRow("并入", self.target)
        form.addRow("合并日期", self.date)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.setObjectName("class_merge_buttons")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("合并")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def class_id(self) -> int:
        return self.target.currentData()

    def day(self) -> dt.date:
        return self.date.date().toPython()
