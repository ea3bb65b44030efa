"""每日点名 → 出勤统计 tab: attendance rates by class (in the school's order, with a 全校 row) and by
student, and a student's month. The class table exports to .xlsx and prints (views.printing)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop.services import attendance
from kongchuo_desktop.services.attendance import statistics
from kongchuo_desktop.services.school_setup import the_school
from kongchuo_desktop.services.table_export import ShownTable
from kongchuo_desktop.views import messages, printing
from kongchuo_desktop.views.date_edit import date_edit
from kongchuo_desktop.views.headcount_models import MonthGridModel, RateModel, RateProxy
from kongchuo_desktop.views.page_layout import table_view
from kongchuo_desktop.views.save_dialog import export_shown_table
from kongchuo_desktop.views.window_fit import keep_columns_in_sight

TITLE = "出勤统计"


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
        self.export_button = QPushButton("导出Excel…", objectName="stats_export")
        self.print_button = QPushButton("打印…", objectName="stats_print")
        self.pdf_button = QPushButton("导出PDF…", objectName="stats_pdf")
        for button in (self.export_button, self.print_button, self.pdf_button):
            button.setToolTip("班级出勤统计表（含全校合计），按当前排序")
            bar.addWidget(button)
        self.class_model = RateModel("班级", self)
        self.class_proxy = RateProxy(self.class_model, self)
        self.class_view = table_view("stats_classes", self.class_proxy)
        self.student_model = RateModel("学生", self)
        self.student_proxy = RateProxy(self.student_model, self)
        self.student_view = table_view("stats_students", self.student_proxy)
        for v in (self.class_view, self.student_view):
            v.setSortingEnabled(True)
            # The school's order (一年级1班 first; students in register order) until the clerk
            # clicks another column: Qt's default would be the first column descending.
            v.sortByColumn(0, Qt.SortOrder.AscendingOrder)
            v.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.grid_model = MonthGridModel(self)
        self.grid_view = QTableView(objectName="stats_month_grid")
        self.grid_view.setModel(self.grid_model)
        self.grid_view.verticalHeader().setVisible(False)
        self.grid_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid_view.verticalHeader().setDefaultSectionSize(40)
        self.grid_view.horizontalHeader().setMinimumSectionSize(20)  # a week in a narrow pane
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
        legend.setWordWrap(True)
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
        self.export_button.clicked.connect(self.export_xlsx)
        self.print_button.clicked.connect(self.print_preview)
        self.pdf_button.clicked.connect(self.export_pdf)
        self.first = self.last = dt.date.today()

    def refresh(self) -> None:
        day = self.date_edit.date().toPython()
        self.first, self.last = attendance.period_range(self.kind.currentText(), day)
        self.range_label.setText(f"{self.first:%Y-%m-%d} 至 {self.last:%Y-%m-%d}")
        self.class_model.set_rows(statistics.class_rates_with_total(self.first, self.last))
        keep_columns_in_sight(self.class_view, 700)  # every reason's column on a 1024×768 screen
        self.student_model.set_rows([])

    def _class_selected(self, current, previous) -> None:
        if not current.isValid():
            return
        row = self.class_model.row(self.class_proxy.mapToSource(current).row())
        if row.is_total:  # 全校: no one class's students to list
            self.student_model.set_rows([])
            return
        self.student_model.set_rows(attendance.student_rates(row.key_id, self.first, self.last))

    # 导出与打印: the class table as shown (its sort order, 全校 last), under the school's name.

    def period_text(self) -> str:
        return statistics.period_title(self.kind.currentText(), self.first, self.last)

    def heading(self) -> tuple[str, str]:
        """(school, subtitle): the page header and the sheet's title carry both."""
        school = the_school()
        subtitle = self.period_text()
        if self.first != self.last:
            subtitle += f"（{self.first:%Y-%m-%d} 至 {self.last:%Y-%m-%d}）"
        return (school.name if school else ""), subtitle

    def file_stem(self) -> str:
        return f"{TITLE} {self.period_text()}"

    def shown_table(self) -> ShownTable:
        """The class table for an .xlsx: the columns as shown, numbers as numbers."""
        model, proxy = self.class_model, self.class_proxy
        rows, totals = [], set()
        for r in range(proxy.rowCount()):
            row = model.row(proxy.mapToSource(proxy.index(r, 0)).row())
            if row.is_total:
                totals.add(r)
            rows.append([model.value(row, c) for c in range(model.columnCount())])
        school, subtitle = self.heading()
        header = [model.columns[c][0] for c in range(model.columnCount())]
        return ShownTable(
            f"{school} {TITLE}".strip(),
            subtitle,
            header,
            rows,
            percent_columns={RateModel.RATE_COLUMN},
            total_rows=totals,
            sheet_name=self.file_stem(),
        )

    def print_table(self) -> printing.PrintTable:
        school, subtitle = self.heading()
        return printing.table_from_model(
            self.class_proxy, school=school, title=TITLE, subtitle=subtitle
        )

    def _nothing_to_show(self, action: str) -> bool:
        if self.class_model.rowCount() > 1:
            return False
        messages.info(self, action, "这一时段没有班级可统计")
        return True

    def export_xlsx(self) -> None:
        if self._nothing_to_show("导出Excel"):
            return
        export_shown_table(
            self, self.shown_table(), "导出出勤统计", self.file_stem(), personal=False
        )

    def print_preview(self) -> None:
        if not self._nothing_to_show("打印"):
            printing.preview(self, self.print_table(), self.file_stem())

    def export_pdf(self) -> None:
        if not self._nothing_to_show("导出PDF"):
            printing.save_pdf_as(self, self.print_table(), self.file_stem())

    def _student_selected(self, current, previous) -> None:
        if not current.isValid():
            return
        row = self.student_model.row(self.student_proxy.mapToSource(current).row())
        day = self.date_edit.date().toPython()
        self.grid_model.set_days(attendance.month_grid(row.key_id, day.year, day.month))
        self.grid_title.setText(f"{row.name}（{row.class_name}）{day:%Y年%m月}")
