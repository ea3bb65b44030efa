"""每日点名 → 出勤统计 tab: attendance rates by class and by student, and a student's month."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop.services import attendance
from kongchuo_desktop.views.date_edit import date_edit
from kongchuo_desktop.views.headcount_models import (
    MonthGridModel,
    RateModel,
    sorting_proxy,
)
from kongchuo_desktop.views.page_layout import table_view


class StatsTab(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.kind = QComboBox(objectName="stats_period")
        self.kind.addItems(list(attendance.PERIOD_KINDS))
        self.kind.setCurrentText("月")
        self.date_edit = date_edit(None, "stats_date")
        self.range_label = QLabel(objectName="stats_range")
        bar = QHBoxLayout()
        bar.addWidget(QLabel("统计"))
        bar.addWidget(self.kind)
        bar.addWidget(QLabel("包含日期"))
        bar.addWidget(self.date_edit)
        bar.addWidget(self.range_label)
        bar.addStretch(1)
        self.class_model = RateModel("班级", self)
        self.class_proxy = sorting_proxy(self.class_model, self)
        self.class_view = table_view("stats_classes", self.class_proxy)
        self.class_view.setSortingEnabled(True)
        self.student_model = RateModel("学生", self)
        self.student_proxy = sorting_proxy(self.student_model, self)
        self.student_view = table_view("stats_students", self.student_proxy)
        self.student_view.setSortingEnabled(True)
        for v in (self.class_view, self.student_view):
            v.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.grid_model = MonthGridModel(self)
        self.grid_view = QTableView(objectName="stats_month_grid")
        self.grid_view.setModel(self.grid_model)
        self.grid_view.verticalHeader().setVisible(False)
        self.grid_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid_view.verticalHeader().setDefaultSectionSize(40)
        self.grid_title = QLabel(
            "选中一名学生，查看当月出勤（颜色表示缺勤原因）", objectName="stats_grid_title"
        )
        self.grid_title.setWordWrap(True)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.class_view)
        left.addWidget(self.student_view)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.grid_title)
        rl.addWidget(self.grid_view, 1)
        legend = QLabel(
            "<span style='background:#f9e79f'>　病假　</span> "
            "<span style='background:#aed6f1'>　事假　</span> "
            "<span style='background:#f5b7b1'>　旷课　</span> "
            "<span style='background:#d7bde2'>　迟到/早退　</span> "
            "<span style='background:#eeeeee'>　非上学日　</span>"
        )
        rl.addWidget(legend)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([760, 420])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        self.kind.currentIndexChanged.connect(self.refresh)
        self.date_edit.dateChanged.connect(self.refresh)
        self.class_view.selectionModel().currentRowChanged.connect(self._class_selected)
        self.student_view.selectionModel().currentRowChanged.connect(self._student_selected)
        self.first = self.last = dt.date.today()

    def refresh(self) -> None:
        day = self.date_edit.date().toPython()
        self.first, self.last = attendance.period_range(self.kind.currentText(), day)
        self.range_label.setText(f"{self.first:%Y-%m-%d} 至 {self.last:%Y-%m-%d}")
        self.class_model.set_rows(attendance.class_rates(self.first, self.last))
        self.student_model.set_rows([])

    def _class_selected(self, current, previous) -> None:
        if not current.isValid():
            return
        row = self.class_model.row(self.class_proxy.mapToSource(current).row())
        self.student_model.set_rows(attendance.student_rates(row.key_id, self.first, self.last))

    def _student_selected(self, current, previous) -> None:
        if not current.isValid():
            return
        row = self.student_model.row(self.student_proxy.mapToSource(current).row())
        day = self.date_edit.date().toPython()
        self.grid_model.set_days(attendance.month_grid(row.key_id, day.year, day.month))
        self.grid_title.setText(f"{row.name}（{row.class_name}）{day:%Y年%m月}")
