"""首页: the school at a glance. (The daily dashboard of alerts joins it with the head-count.)"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from kongchuo_desktop.services.overview import overview

WEEKDAYS = "一二三四五六日"


class StatCard(QFrame):
    def __init__(self, title: str, name: str):
        super().__init__()
        self.setObjectName(name)
        self.setProperty("card", True)
        layout = QVBoxLayout(self)
        self.value = QLabel("—")
        self.value.setObjectName(f"{name}_value")
        self.value.setProperty("cardValue", True)
        caption = QLabel(title)
        caption.setProperty("cardCaption", True)
        layout.addWidget(self.value)
        layout.addWidget(caption)


class HomePage(QWidget):
    def __init__(self, folder, parent: QWidget | None = None):
        super().__init__(parent)
        self.folder = folder
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        title = QLabel("首页")
        title.setObjectName("page_title")
        layout.addWidget(title)
        self.today_label = QLabel()
        self.today_label.setObjectName("home_today")
        layout.addWidget(self.today_label)
        grid = QGridLayout()
        grid.setSpacing(16)
        self.cards = {
            "students": StatCard("在校学生", "home_students"),
            "classes": StatCard("本学年班级", "home_classes"),
            "teachers": StatCard("教师", "home_teachers"),
            "days": StatCard("本学期已上学日", "home_school_days"),
        }
        for i, card in enumerate(self.cards.values()):
            grid.addWidget(card, 0, i)
        layout.addLayout(grid)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        today = dt.date.today()
        o = overview(today)
        day_text = "上学日" if o.is_school_day else "非上学日"
        nxt = (
            f"；下一个上学日：{o.next_school_day:%m月%d日} 星期{WEEKDAYS[o.next_school_day.weekday()]}"
            if o.next_school_day
            else ""
        )
        self.today_label.setText(f"今天是{today:%Y年%m月%d日}，{day_text}{nxt}")
        self.cards["students"].value.setText(str(o.students_in_school))
        self.cards["classes"].value.setText(str(o.classes))
        self.cards["teachers"].value.setText(str(o.teachers))
        self.cards["days"].value.setText(f"{o.term_school_days_done} / {o.term_school_days_total}")
