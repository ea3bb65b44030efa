"""Moving children to another class from a day on: 调班 (one child) and 合并班级 (a whole class).
One form — the class to go to and the day it takes effect (the head-count counts the children in
the old class before that day and in the new one from it) — under a line saying who moves."""

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


class ClassAndDayDialog(QDialog):
    """Which class, from which day (not after today: a move is recorded once it happened)."""

    def __init__(
        self,
        name: str,
        title: str,
        intro: str,
        classes: list[tuple[int, str]],
        labels: tuple[str, str],
        ok_text: str = "",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName(f"{name}_dialog")
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        note = QLabel(intro, objectName=f"{name}_note")
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        self.target = QComboBox(objectName=f"{name}_target")
        for class_id, class_name in classes:
            self.target.addItem(class_name, class_id)
        self.date = date_edit(None, f"{name}_date")
        self.date.setMaximumDate(QDate(dt.date.today()))
        form.addRow(labels[0], self.target)
        form.addRow(labels[1], self.date)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.setObjectName(f"{name}_buttons")
        if ok_text:
            buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
            buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def class_id(self) -> int:
        return self.target.currentData()

    def day(self) -> dt.date:
        return self.date.date().toPython()


class ClassMoveDialog(ClassAndDayDialog):
    """调班: one child to another class of this year."""

    def __init__(
        self,
        student_name: str,
        current_class: str,
        classes: list[tuple[int, str]],
        parent: QWidget | None = None,
    ):
        super().__init__(
            "class_move",
            "调班",
            f"{student_name} 现在在 {current_class}。",
            classes,
            ("调到", "生效日期"),
            parent=parent,
        )


class ClassMergeDialog(ClassAndDayDialog):
    """合并班级: every child still at school goes to the chosen class; the old one is closed."""

    def __init__(
        self,
        class_name: str,
        students: int,
        classes: list[tuple[int, str]],
        parent: QWidget | None = None,
    ):
        super().__init__(
            "class_merge",
            f"合并班级：{class_name}",
            f"{class_name}的 {students} 名学生将从合并日期起调到所选班级（已转出等离校的学生留在"
            f"原班记录中），之后{class_name}不再使用，也不再需要点名；它以往的记录都保留。",
            classes,
            ("并入", "合并日期"),
            ok_text="合并",
            parent=parent,
        )
