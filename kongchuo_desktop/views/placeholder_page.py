"""A page that says plainly what it will hold, until its feature lands."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from kongchuo_desktop.views.page_layout import titled_page


class PlaceholderPage(QWidget):
    def __init__(self, title: str, description: str, parent: QWidget | None = None):
        super().__init__(parent)
        layout = titled_page(self, title)
        body = QLabel(description)
        body.setWordWrap(True)
        body.setTextFormat(Qt.TextFormat.PlainText)
        body.setObjectName("placeholder_text")
        note = QLabel("此功能正在开发中，将在后续版本提供。")
        note.setObjectName("placeholder_note")
        layout.addSpacing(8)
        layout.addWidget(body)
        layout.addSpacing(12)
        layout.addWidget(note)
        layout.addStretch(1)
