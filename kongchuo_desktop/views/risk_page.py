"""易辍生预警: the children on the roll ranked by their at-risk score, with the reasons behind each
score in words and points; filters by grade, class and level (高/中/低); printed (views.printing)
and exported to .xlsx with the reasons. A double click opens the student page. The rules and
their weights are in 设置 → 易辍生预警规则."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QWidget,
)

from kongchuo_desktop.domain.grades import GRADE_NAMES
from kongchuo_desktop.domain.risk_rules import LEVEL_WORDS
from kongchuo_desktop.services import risk_score
from kongchuo_desktop.services.school_setup import the_school
from kongchuo_desktop.services.table_export import ShownTable
from kongchuo_desktop.views import messages, printing
from kongchuo_desktop.views.page_layout import table_view, titled_page
from kongchuo_desktop.views.risk_models import RiskModel, RiskProxy
from kongchuo_desktop.views.save_dialog import export_shown_table

TITLE = "易辍生预警"


class RiskPage(QWidget):
    def __init__(self, folder=None, parent: QWidget | None = None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.folder = folder
        self.today = today  # None: the real today at each refresh (tests pass a fixed day)
        self.day = today or dt.date.today()
        self.rows: list[risk_score.RiskRow] = []
        layout = titled_page(self, TITLE)
        self.grade = QComboBox(objectName="risk_grade")
        self.klass = QComboBox(objectName="risk_class")
        self.level = QComboBox(objectName="risk_level")
        self.level.addItem("全部等级", None)
        for word in LEVEL_WORDS:
            self.level.addItem(word, word)
        bar = QHBoxLayout()
        for label, box in (("年级", self.grade), ("班级", self.klass), ("等级", self.level)):
            bar.addWidget(QLabel(label))
            bar.addWidget(box)
        bar.addStretch(1)
        self.export_button = QPushButton("导出Excel…", objectName="risk_export")
        self.print_button = QPushButton("打印…", objectName="risk_print")
        self.pdf_button = QPushButton("导出PDF…", objectName="risk_pdf")
        for button in (self.export_button, self.print_button, self.pdf_button):
            button.setToolTip("按当前筛选和排序，含每名学生的原因")
            bar.addWidget(button)
        layout.addLayout(bar)
        self.summary = QLabel(objectName="risk_summary")
        layout.addWidget(self.summary)
        hint = QLabel(
            "得分由“设置 → 易辍生预警规则”中的规则相加得出；得分为0的学生不列出。双击打开学生档案。",
            objectName="risk_hint",
        )
        hint.setProperty("hint", True)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.model = RiskModel(self)
        self.proxy = RiskProxy(self.model, self)
        self.view = table_view("risk_table", self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.setWordWrap(True)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(RiskModel.REASONS_COLUMN, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.view, 1)
        self.grade.currentIndexChanged.connect(self._grade_changed)
        self.klass.currentIndexChanged.connect(self._filter)
        self.level.currentIndexChanged.connect(self._filter)
        self.view.doubleClicked.connect(self._open_student)
        self.export_button.clicked.connect(self.export_xlsx)
        self.print_button.clicked.connect(self.print_preview)
        self.pdf_button.clicked.connect(self.export_pdf)

    def refresh(self) -> None:
        self.day = self.today or dt.date.today()
        self.rows = risk_score.scores(self.day)
        self.model.set_rows(self.rows)
        self._fill_grades()
        self._filter()

    def _fill_grades(self) -> None:
        chosen = self.grade.currentData()
        self.grade.blockSignals(True)
        self.grade.clear()
        self.grade.addItem("全部年级", None)
        for g in sorted({r.grade for r in self.rows if r.grade}):
            self.grade.addItem(GRADE_NAMES[g], g)
        i = self.grade.findData(chosen)
        self.grade.setCurrentIndex(max(i, 0))
        self.grade.blockSignals(False)
        self._fill_classes()

    def _fill_classes(self) -> None:
        chosen = self.klass.currentText()
        grade = self.grade.currentData()
        self.klass.blockSignals(True)
        self.klass.clear()
        self.klass.addItem("全部班级", None)
        classes = sorted({(r.class_order, r.class_name) for r in self.rows if r.class_id})
        for _, name in classes:
            if grade is None or name.startswith(GRADE_NAMES[grade]):
                self.klass.addItem(name, name)
        i = self.klass.findText(chosen)
        self.klass.setCurrentIndex(max(i, 0))
        self.klass.blockSignals(False)

    def _grade_changed(self) -> None:
        self._fill_classes()
        self._filter()

    def _filter(self) -> None:
        self.proxy.set_filters(
            grade=self.grade.currentData(),
            class_name=self.klass.currentData(),
            level=self.level.currentData(),
        )
        shown = [
            self.model.row(self.proxy.mapToSource(self.proxy.index(r, 0)).row())
            for r in range(self.proxy.rowCount())
        ]
        counts = risk_score.level_counts(shown)
        helpers = sum(1 for r in shown if r.needs_helper)
        self.summary.setText(
            f"共 {len(shown)} 人：高 {counts['高']}，中 {counts['中']}，低 {counts['低']}"
            f"；需要一帮一帮扶 {helpers} 人"
        )

    def shown_rows(self) -> list[risk_score.RiskRow]:
        """The rows as the table shows them: filtered, in its sort order."""
        proxy = self.proxy
        return [
            self.model.row(proxy.mapToSource(proxy.index(r, 0)).row())
            for r in range(proxy.rowCount())
        ]

    def _open_student(self, index) -> None:
        row = self.model.row(self.proxy.mapToSource(index).row())
        window = self.window()
        if hasattr(window, "open_student"):
            window.open_student(row.student_id)

    # 导出与打印: the list as shown (filters and sort order), reasons included.

    def filter_text(self) -> str:
        parts = [
            box.currentText()
            for box in (self.grade, self.klass, self.level)
            if box.currentData() is not None
        ]
        level = self.level.currentData()
        if level is not None:
            parts[-1] = f"等级{level}"
        return "、".join(parts)

    def heading(self) -> tuple[str, str]:
        school = the_school()
        subtitle = f"{self.day.year}年{self.day.month}月{self.day.day}日"
        if self.filter_text():
            subtitle += f"（{self.filter_text()}）"
        return (school.name if school else ""), subtitle

    def file_stem(self) -> str:
        extra = f" {self.filter_text()}" if self.filter_text() else ""
        return f"{TITLE} {self.day:%Y-%m-%d}{extra}"

    def shown_table(self) -> ShownTable:
        model = self.model
        rows = [
            [model.value(row, c) for c in range(model.columnCount())] for row in self.shown_rows()
        ]
        school, subtitle = self.heading()
        return ShownTable(
            f"{school} {TITLE}".strip(),
            subtitle,
            [model.columns[c][0] for c in range(model.columnCount())],
            rows,
            sheet_name=TITLE,
        )

    def print_table(self) -> printing.PrintTable:
        school, subtitle = self.heading()
        table = printing.table_from_model(self.proxy, school=school, title=TITLE, subtitle=subtitle)
        return replace(table, children=len(table.rows))  # its PDF is an export of children

    def _nothing_to_show(self, action: str) -> bool:
        if self.proxy.rowCount() > 0:
            return False
        messages.info(self, action, "当前筛选下没有学生")
        return True

    def export_xlsx(self) -> None:
        if self._nothing_to_show("导出Excel"):
            return
        export_shown_table(self, self.shown_table(), "导出易辍生预警名单", self.file_stem())

    def print_preview(self) -> None:
        if not self._nothing_to_show("打印"):
            printing.preview(self, self.print_table(), self.file_stem())

    def export_pdf(self) -> None:
        if not self._nothing_to_show("导出PDF"):
            printing.save_pdf_as(self, self.print_table(), self.file_stem())
