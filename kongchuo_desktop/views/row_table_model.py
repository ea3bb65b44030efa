"""The app's read-only table model: a list of row objects shown through (header, getter)
columns. Every list that only shows rows uses it (never a QTableWidget filled cell by cell)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt


class RowTableModel(QAbstractTableModel):
    """A read-only table over a list of row objects; columns are (header, getter) pairs.
    Sorting uses the raw value (UserRole), display the text."""

    def __init__(self, columns: Sequence[tuple[str, Callable[[Any], Any]]], parent=None):
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row(self, index: QModelIndex | int) -> Any:
        i = index if isinstance(index, int) else index.row()
        return self.rows[i]

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(self.columns):
            return self.columns[section][0]
        return None

    def value(self, row: Any, column: int) -> Any:
        return self.columns[column][1](row)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            v = self.value(row, index.column())
            if v is None:
                return ""
            if isinstance(v, float):
                return f"{v:g}"
            if isinstance(v, dt.date):
                return f"{v:%m-%d}"
            return str(v)
        if role == Qt.ItemDataRole.UserRole:
            v = self.value(row, index.column())
            return v.isoformat() if isinstance(v, dt.date) else v
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(row, index.column())
        if role == Qt.ItemDataRole.BackgroundRole:
            return self.background(row, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            v = self.value(row, index.column())
            if isinstance(v, int | float):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def foreground(self, row: Any, column: int):
        return None

    def background(self, row: Any, column: int):
        return None
