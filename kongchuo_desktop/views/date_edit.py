"""The one way the app asks for a date: 2026-09-01 as the office writes it, with a calendar popup.

Read the value back with `edit.date().toPython()`; `mark_days` shows days that need attention in
the popup (the 点名 date picker's 漏报 days).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from PySide6.QtCore import QDate
from PySide6.QtGui import QBrush, QColor, QTextCharFormat
from PySide6.QtWidgets import QDateEdit, QWidget

# A calendar's day format takes colours, not a style sheet: the warning red and its light ground.
WARN_TEXT = "#c0392b"
WARN_GROUND = "#fdebd0"


def date_edit(day: dt.date | None, object_name: str, parent: QWidget | None = None) -> QDateEdit:
    edit = QDateEdit(QDate(day or dt.date.today()), parent, objectName=object_name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def mark_days(edit: QDateEdit, days: Iterable[dt.date]) -> None:
    """Show `days` in the warning colour in `edit`'s calendar popup; days marked before and not
    in `days` go back to normal."""
    calendar = edit.calendarWidget()
    calendar.setDateTextFormat(QDate(), QTextCharFormat())  # a null date clears every day
    warn = QTextCharFormat()
    warn.setForeground(QBrush(QColor(WARN_TEXT)))
    warn.setBackground(QBrush(QColor(WARN_GROUND)))
    warn.setFontWeight(700)
    for day in days:
        calendar.setDateTextFormat(QDate(day), warn)
