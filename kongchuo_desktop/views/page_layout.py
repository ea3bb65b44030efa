"""The frame every page of the navigation shares: the same margins and a title (styled by
`#page_title` in resources/style.qss), so pages line up when the clerk moves between them; and
the pages' one look of a row table (table_view)."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableView, QVBoxLayout, QWidget


def titled_page(page: QWidget, title: str) -> QVBoxLayout:
    """Give `page` its layout with the title on top; the caller adds the rest below it."""
    layout = QVBoxLayout(page)
    layout.setContentsMargins(24, 12, 24, 12)
    heading = QLabel(title, objectName="page_title")
    layout.addWidget(heading)
    return layout


def table_view(name: str, model) -> QTableView:
    """A table of rows: whole rows selected one at a time, no row numbers, alternating colours."""
    view = QTableView(objectName=name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(26)
    view.setAlternatingRowColors(True)
    return view
