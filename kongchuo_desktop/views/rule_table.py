"""The scaffolding both rule editors in 设置 share (易辍生预警规则, 教师考核规则): a table of one
rule a row with its editors in cells, and the 恢复默认值 / 保存 row under it."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QWidget,
)

from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.views import role_marks


def rule_table(rows: int, headers: Sequence[str], name: str) -> QTableWidget:
    """Rows of rules; the second column (the rule's name) takes the spare width."""
    table = QTableWidget(rows, len(headers), objectName=name)
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().setVisible(False)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    return table


def padded(widget: QWidget) -> QWidget:
    """A cell holding `widget` with a little room at its sides (a check box off the border)."""
    cell = QWidget()
    box = QHBoxLayout(cell)
    box.setContentsMargins(8, 0, 8, 0)
    box.addWidget(widget)
    return cell


def defaults_and_save(prefix: str, on_defaults: Callable, on_save: Callable) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addStretch(1)
    defaults = QPushButton("恢复默认值", objectName=f"{prefix}_defaults")
    save = QPushButton("保存", objectName=f"{prefix}_save")
    row.addWidget(defaults)
    row.addWidget(save)
    role_marks.needs(defaults, Action.EDIT_SETTINGS)
    role_marks.needs(save, Action.EDIT_SETTINGS)
    defaults.clicked.connect(on_defaults)
    save.clicked.connect(on_save)
    return row
