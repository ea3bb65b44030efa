"""A read-only table of text rows (problem lists, previews), each row optionally coloured:
the shared RowTableModel over (values, colour) pairs. Never a QTableWidget filled cell by cell,
because a bad file can list thousands of problems."""

from __future__ import annotations

from PySide6.QtGui import QColor

from kongchuo_desktop.views.row_table_model import RowTableModel


def _cell(i: int):
    return lambda row: row[0][i] if i < len(row[0]) else ""


class SimpleTableModel(RowTableModel):
    def __init__(self, headers: list[str], rows: list[list[object]] | None = None, parent=None):
        super().__init__([(h, _cell(i)) for i, h in enumerate(headers)], parent)
        if rows:
            self.set_rows(rows)

    def set_rows(self, rows: list[list[object]], colors: list[str | None] | None = None) -> None:
        colors = list(colors) if colors else [None] * len(rows)
        super().set_rows([(list(r), c) for r, c in zip(rows, colors, strict=True)])

    def foreground(self, row, column: int):
        return QColor(row[1]) if row[1] else None
