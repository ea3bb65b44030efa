"""A read-only table of text rows (problem lists, previews): a QAbstractTableModel, never a
QTableWidget filled cell by cell, because a bad file can list thousands of problems."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

AnyIndex = QModelIndex | QPersistentModelIndex


class SimpleTableModel(QAbstractTableModel):
    def __init__(self, headers: list[str], rows: list[list[object]] | None = None, parent=None):
        super().__init__(parent)
        self.headers = list(headers)
        self._rows: list[list[object]] = []
        self._colors: list[str | None] = []
        if rows:
            self.set_rows(rows)

    def set_rows(self, rows: list[list[object]], colors: list[str | None] | None = None) -> None:
        self.beginResetModel()
        self._rows = [list(r) for r in rows]
        self._colors = list(colors) if colors else [None] * len(self._rows)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(self.headers):
            return self.headers[section]
        return None

    def data(self, index: AnyIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            row = self._rows[index.row()]
            value = row[index.column()] if index.column() < len(row) else ""
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.ForegroundRole and self._colors[index.row()]:
            return QColor(self._colors[index.row()])
        return None
