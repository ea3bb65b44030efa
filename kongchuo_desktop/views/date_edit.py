"""The one way the app asks for a date: 2026-09-01 as the office writes it, with a calendar popup.

Read the value back with `edit.date().toPython()`.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QWidget


def date_edit(day: dt.date | None, object_name: str, parent: QWidget | None = None) -> QDateEdit:
    edit = QDateEdit(QDate(day or dt.date.today()), parent, objectName=object_name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit
