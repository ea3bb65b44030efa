"""每日点名: the page and its three tabs — 点名 (headcount_entry_tab), 请假 (headcount_leave_tab)
and 出勤统计 (headcount_stats_tab)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QPushButton, QTabWidget, QWidget

from kongchuo_desktop.services.attendance import class_choices
from kongchuo_desktop.views.headcount_entry_tab import EntryTab
from kongchuo_desktop.views.headcount_leave_tab import LeaveTab
from kongchuo_desktop.views.headcount_stats_tab import StatsTab
from kongchuo_desktop.views.page_layout import titled_page

__all__ = ["EntryTab", "HeadcountPage", "LeaveTab", "StatsTab"]


class HeadcountPage(QWidget):
    def __init__(self, folder, parent=None):
        super().__init__(parent)
        self.folder = folder
        layout = titled_page(self, "每日点名")
        self.tabs = QTabWidget(objectName="headcount_tabs")
        self.entry = EntryTab()
        self.leave = LeaveTab()
        self.stats = StatsTab()
        self.tabs.addTab(self.entry, "点名")
        self.tabs.addTab(self.leave, "请假")
        self.tabs.addTab(self.stats, "出勤统计")
        layout.addWidget(self.tabs, 1)
        self.print_button = QPushButton("打印点名表…", objectName="headcount_print_register")
        self.print_button.setToolTip("打印空白的每周点名表，供班主任在纸上点名")
        self.print_button.clicked.connect(self.print_register)
        self.tabs.setCornerWidget(self.print_button)
        self.tabs.currentChanged.connect(lambda _: self.refresh())
        self.entry.start_on_latest_school_day()

    def refresh(self) -> None:
        tab = self.tabs.currentWidget()
        if tab is self.entry and self.entry.dirty:
            return  # keep unsaved work as it is
        tab.refresh()

    def print_register(self) -> None:
        # Imported here: start-up time (printing reads the event record).
        from kongchuo_desktop.views.print_actions import print_weekly_register

        day = self.entry.day
        classes = [(c.id, c.name) for c in class_choices(day)]
        print_weekly_register(self, classes, day, self.entry.class_id)

    def confirm_close(self) -> bool:
        """Before the window closes: True when nothing unsaved is lost (saved, discarded, or
        there was nothing); False when the clerk cancels."""
        return self.entry._confirm_leave_class()

    def show_class(self, class_id: int) -> None:
        self.tabs.setCurrentWidget(self.entry)
        self.entry.select_class(class_id)
        self.entry.search.setFocus()

    def show_day(self, day: dt.date, class_id: int | None = None) -> bool:
        """点名 on `day` (a 漏报 day from 首页), on `class_id` if given. False when the clerk kept
        unsaved marks of the day being entered instead."""
        self.tabs.setCurrentWidget(self.entry)
        self.entry.date_edit.setDate(QDate(day))
        if self.entry.day != day:
            return False
        if class_id is not None:
            self.entry.select_class(class_id)
        self.entry.search.setFocus()
        return True
