"""The read-only, one-row-at-a-time table the 花名册 tabs show their lists in."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QTableView


def roster_table(name: str) -> QTableView:
    v = QTableView(objectName=name)
    v.verticalHeader().setVisible(False)
    v.verticalHeader().setDefaultSectionSize(28)
    v.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    v.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    v.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    v.setAlternatingRowColors(True)
    v.horizontalHeader().setStretchLastSection(True)
    v.setWordWrap(False)
    return v
