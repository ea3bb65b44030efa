"""The frame every page of the navigation shares: the same margins and a title (styled by
`#page_title` in resources/style.qss), so pages line up when the clerk moves between them."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


def titled_page(page: QWidget, title: str) -> QVBoxLayout:
    """Give `page` its layout with the title on top; the caller adds the rest below it."""
    layout = QVBoxLayout(page)
    layout.setContentsMargins(24, 12, 24, 12)
    heading = QLabel(title, objectName="page_title")
    layout.addWidget(heading)
    return layout
