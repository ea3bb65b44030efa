"""首页's line on the month report: from the notice day (a setting, the 20th) it says the month's
report is due, until it is marked 已上报; a month left unfiled stays on it, overdue."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLabel, QWidget

from kongchuo_desktop.services.report_filing import due_text


class ReportDueNote(QLabel):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, objectName="home_report_due", wordWrap=True)
        self.setProperty("tone", "warn")
        self.setVisible(False)

    def refresh(self, today: dt.date) -> None:
        text = due_text(today) or ""
        self.setText(text)
        self.setVisible(bool(text))
