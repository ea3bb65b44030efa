"""The 开学未返校 tab of the 人籍比对 page (services.not_returned)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import census_export, not_returned
from kongchuo_desktop.services.calendar_service import term_containing
from kongchuo_desktop.views import messages
from kongchuo_desktop.views.census_models import NotReturnedModel
from kongchuo_desktop.views.page_layout import table_view
from kongchuo_desktop.views.save_dialog import export_shown_table


class NotReturnedTab(QWidget):
    def __init__(self, parent: QWidget | None = None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.today = today
        self.report: not_returned.NotReturnedReport | None = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.term = QComboBox(objectName="not_returned_term")
        bar.addWidget(QLabel("学期"))
        bar.addWidget(self.term)
        bar.addStretch(1)
        self.export_button = QPushButton("导出Excel…", objectName="not_returned_export")
        bar.addWidget(self.export_button)
        layout.addLayout(bar)
        self.summary = QLabel(objectName="not_returned_summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.model = NotReturnedModel(self)
        self.view = table_view("not_returned_table", self.model)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.view, 1)
        hint = QLabel(
            "开学以来每个上学日都没有到校的在册学生（已毕业、转出、死亡的不计）。"
            "班级当天没有报点名的记为“未上报”，不当作缺勤；已批准请假的照样列出并注明。"
        )
        hint.setProperty("hint", True)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.term.currentIndexChanged.connect(self._load)
        self.export_button.clicked.connect(self.export)

    def refresh(self) -> None:
        chosen = self.term.currentData()
        self.term.blockSignals(True)
        self.term.clear()
        terms = not_returned.terms()
        for code, label in terms:
            self.term.addItem(label, code)
        now = term_containing(self.today or dt.date.today())
        default = chosen or (not_returned.term_code(now) if now else None)
        self.term.setCurrentIndex(max(self.term.findData(default), 0))
        self.term.blockSignals(False)
        self._load()

    def _load(self) -> None:
        code = self.term.currentData()
        if code is None:
            self.report = None
            self.model.set_rows([])
            self.summary.setText("校历中还没有学期。")
            return
        try:
            self.report = not_returned.not_returned(
                not_returned.find_term(code), today=self.today or dt.date.today()
            )
        except UserError as exc:
            self.report = None
            self.model.set_rows([])
            messages.inline(self.summary, str(exc), "error")
            return
        r = self.report
        self.model.set_rows(r.rows)
        if not r.started:
            messages.inline(
                self.summary, f"{r.term_label}从{r.first_day:%Y-%m-%d}开始，还没有上学日。"
            )
            return
        leave = sum(1 for x in r.rows if x.on_leave)
        messages.inline(
            self.summary,
            f"开学（{r.first_day:%m月%d日}）至{r.as_of:%m月%d日}共{len(r.school_days)}个上学日，"
            f"在册{r.expected}人中{len(r.rows)}人一天也没有到校（其中已请假{leave}人）；"
            f"上报截止 {r.deadline:%Y年%m月%d日}。",
            "warn" if r.rows else "ok",
        )

    def export(self) -> None:
        if self.report is None or not self.report.rows:
            messages.info(self, "导出", "没有未返校的学生")
            return
        table = census_export.not_returned_table(self.report)
        what = f"{self.report.term_label} {census_export.NOT_RETURNED}"
        export_shown_table(self, table, "导出未返校名单", what)
