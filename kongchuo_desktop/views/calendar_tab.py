"""校历 settings tab: a term's dates (today's term, or the one just saved) and the days that break
the weekday rule. Saving a term never changes which term today belongs to."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtGui import QBrush, QColor, QTextCharFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.domain.school_calendar import DayKind
from kongchuo_desktop.domain.school_year import school_year_of
from kongchuo_desktop.icons import icon
from kongchuo_desktop.services import calendar_service
from kongchuo_desktop.services.access import actor_name
from kongchuo_desktop.views import messages, role_marks
from kongchuo_desktop.views.date_edit import date_edit

KIND_COLORS = {
    DayKind.HOLIDAY: "#c0392b",
    DayKind.VACATION: "#7f8c8d",
    DayKind.MAKEUP_WORKDAY: "#2471a3",
}


class CalendarTab(QWidget):
    clock = staticmethod(dt.date.today)  # tests set a fixed day

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        outer = QHBoxLayout(self)

        left = QVBoxLayout()
        self.shown_term = None  # the term being edited; None: the term today belongs to
        term_box = QGroupBox("学期")
        term_form = QFormLayout(term_box)
        self.semester = QComboBox(objectName="term_semester")
        self.semester.addItems(["第一学期（秋季）", "第二学期（春季）"])
        self.term_start = date_edit(None, "term_start")
        self.term_end = date_edit(None, "term_end")
        self.term_summary = QLabel(objectName="term_summary")
        save_term = QPushButton("保存学期", objectName="term_save")
        save_term.clicked.connect(self.save_term)
        term_form.addRow("学期：", self.semester)
        term_form.addRow("开学日期：", self.term_start)
        term_form.addRow("结束日期：", self.term_end)
        term_form.addRow(self.term_summary)
        term_form.addRow(save_term)
        left.addWidget(term_box)

        day_box = QGroupBox("设置放假或调休上班")
        day_form = QFormLayout(day_box)
        self.day_first = date_edit(None, "day_first")
        self.day_last = date_edit(None, "day_last")
        self.day_kind = QComboBox(objectName="day_kind")
        for kind in DayKind:
            self.day_kind.addItem(kind.value, kind)
        self.day_kind.addItem("恢复为普通日", None)
        self.day_name = QLineEdit(
            objectName="day_name", placeholderText="例如：国庆节、寒假、运动会补课"
        )
        apply_days = QPushButton("保存这些日子", objectName="day_apply")
        apply_days.clicked.connect(self.apply_days)
        day_form.addRow("从：", self.day_first)
        day_form.addRow("到：", self.day_last)
        day_form.addRow("类型：", self.day_kind)
        day_form.addRow("名称：", self.day_name)
        day_form.addRow(apply_days)
        left.addWidget(day_box)

        holiday_row = QHBoxLayout()
        self.holiday_year = QSpinBox(objectName="holiday_year", minimum=2020, maximum=2100)
        self.holiday_year.setValue(dt.date.today().year)
        load = QPushButton(icon("calendar"), "载入该年国家法定节假日", objectName="holiday_load")
        load.clicked.connect(self.load_holidays)
        for b in (save_term, apply_days, load):
            role_marks.needs(b, Action.EDIT_SCHOOL)
        holiday_row.addWidget(self.holiday_year)
        holiday_row.addWidget(load)
        left.addLayout(holiday_row)
        hint = QLabel(
            "法定节假日以国务院每年公布的安排为准，载入后请逐条核对，不一致的可在上面修改。"
        )
        hint.setWordWrap(True)
        hint.setProperty("hint", True)
        left.addWidget(hint)
        left.addStretch(1)

        right = QVBoxLayout()
        self.calendar = QCalendarWidget(objectName="calendar_view")
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.currentPageChanged.connect(lambda *_: self._paint_calendar())
        right.addWidget(self.calendar)
        legend = QLabel(
            "<span style='color:#c0392b'>■ 节假日</span>　<span style='color:#7f8c8d'>■ 寒暑假</span>"
            "　<span style='color:#2471a3'>■ 调休上班</span>　黑色：上学日　灰色：学期外"
        )
        right.addWidget(legend)
        self.days_table = QTableWidget(0, 3, objectName="special_days_table")
        self.days_table.setHorizontalHeaderLabels(["日期", "类型", "名称"])
        self.days_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.days_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.days_table.verticalHeader().setVisible(False)
        right.addWidget(self.days_table, 1)

        outer.addLayout(left, 2)
        outer.addLayout(right, 3)
        self.refresh()

    def refresh(self) -> None:
        this_term = calendar_service.term_containing(self.clock())
        term = self.shown_term or this_term
        if term:
            self.semester.setCurrentIndex(term.semester - 1)
            self.term_start.setDate(QDate(term.start_date))
            self.term_end.setDate(QDate(term.end_date))
            cal = calendar_service.load_calendar()
            n = cal.count_school_days(term.start_date, term.end_date)
            later = (
                f"（本学期仍是{this_term.label}）" if this_term and this_term.id != term.id else ""
            )
            self.term_summary.setText(f"{term.label}，共 {n} 个上学日{later}")
            days = calendar_service.special_days(term.start_date, term.end_date)
        else:
            self.term_summary.setText("还没有设置学期")
            days = []
        self.days_table.setRowCount(len(days))
        for row, d in enumerate(days):
            for col, text in enumerate((d.date.isoformat(), d.kind, d.name)):
                item = QTableWidgetItem(text)
                if col == 1:
                    item.setForeground(QBrush(QColor(KIND_COLORS.get(DayKind(d.kind), "#000"))))
                self.days_table.setItem(row, col, item)
        self._paint_calendar()

    def _paint_calendar(self) -> None:
        cal = calendar_service.load_calendar()
        year, month = self.calendar.yearShown(), self.calendar.monthShown()
        first = dt.date(year, month, 1) - dt.timedelta(days=7)
        for i in range(45):
            day = first + dt.timedelta(days=i)
            fmt = QTextCharFormat()
            kind = cal.special_days.get(day)
            if kind is not None:
                fmt.setForeground(QBrush(QColor(KIND_COLORS[kind])))
                fmt.setFontWeight(700)
            elif not cal.is_school_day(day):
                fmt.setForeground(QBrush(QColor("#b0b0b0")))
            self.calendar.setDateTextFormat(QDate(day), fmt)

    def save_term(self) -> None:
        start, end = self.term_start.date().toPython(), self.term_end.date().toPython()
        semester = self.semester.currentIndex() + 1
        year = school_year_of(start)
        try:
            self.shown_term = calendar_service.save_term(actor_name(), year, semester, start, end)
        except calendar_service.CalendarError as exc:
            messages.fail(self, "无法保存学期", exc)
            return
        self.refresh()

    def apply_days(self) -> None:
        kind = self.day_kind.currentData()
        first, last = self.day_first.date().toPython(), self.day_last.date().toPython()
        if kind in (DayKind.HOLIDAY, DayKind.VACATION) and first <= last:
            reported = calendar_service.reported_days(first, last)
            if reported:
                days = "、".join(f"{d:%m月%d日}（{n}个班）" for d, n in list(reported.items())[:5])
                more = f"等{len(reported)}天" if len(reported) > 5 else ""
                if not messages.confirm(
                    self,
                    "这些日子已经点过名",
                    f"{days}{more}已有点名记录。改为{kind}后，这些天不再算上学日，"
                    "缺勤上报和长期缺勤预警不再计算这些天的缺勤"
                    "（点名记录保留，改回上学日即恢复）。确定要改吗？",
                ):
                    return
        try:
            calendar_service.set_range(
                actor_name(), first, last, kind, self.day_name.text().strip()
            )
        except calendar_service.CalendarError as exc:
            messages.fail(self, "无法保存", exc)
            return
        self.refresh()

    def load_holidays(self) -> None:
        year = self.holiday_year.value()
        added = calendar_service.load_national_holidays(actor_name(), year)
        if added == 0:
            messages.info(
                self, "法定节假日", f"{year}年的法定节假日已全部在校历中，或程序尚未收录该年安排。"
            )
        self.refresh()
