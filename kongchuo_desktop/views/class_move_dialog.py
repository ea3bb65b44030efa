"""调班: which class the child moves to, and the day the move takes effect (the head-count counts
the child in the old class before that day and in the new one from it)."""

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


class ClassMoveDialog(QDialog):
    def __init__(
        self,
        student_name: str,
        current_class: str,
        classes: list[tuple[int, str]],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("class_move_dialog")
        self.setWindowTitle("调班")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{student_name} 现在在 {current_class}。"))
        form = QFormLayout()
        self.target = QComboBox(objectName="class_move_target")
        for class_id, name in classes:
            self.target.addItem(name, class_id)
        self.date = date_edit(None, "class_move_date")
        self.date.setMaximumDate(QDate(dt.date.today()))  # a move is recorded once it happened
        form.addRow("调到", self.target)
        form.addRow("生效日期", self.date)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.setObjectName("class_move_buttons")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def class_id(self) -> int:
        return self.target.currentData()

    def day(self) -> dt.date:
        return self.date.date().toPython()
