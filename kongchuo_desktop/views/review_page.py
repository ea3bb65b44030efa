"""The 校长审阅 page: a report month against the months before it in its school year — attendance
by class, absences by reason, open cases and overdue steps, new at-risk children, 三包 coverage,
送教上门 on plan — as charts, a few sentences, then the principal's signature (only a 校长 account
may sign, services/report_filing.sign) and the review printed on A4 or saved as a PDF.

The figures are counted off the UI thread (services/month_review.review through run_task)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QWidget,
)

from kongchuo_desktop import settings
from kongchuo_desktop.domain.month_period import recent_months
from kongchuo_desktop.domain.month_review import Review
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import access, month_review
from kongchuo_desktop.views import messages
from kongchuo_desktop.views.date_edit import date_edit
from kongchuo_desktop.views.page_layout import titled_page
from kongchuo_desktop.views.printing import preview, save_pdf_as
from kongchuo_desktop.views.review_charts import ChartWidget
from kongchuo_desktop.views.review_print import review_document, review_title
from kongchuo_desktop.views.task_runner import run_task


class ReviewPage(QWidget):
    clock = staticmethod(dt.date.today)  # tests set a fixed day
    loaded = Signal()

    def __init__(self, folder: object = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.folder = folder
        self.review: Review | None = None
        self.charts: list[ChartWidget] = []
        layout = titled_page(self, "校长审阅")
        row = QHBoxLayout()
        row.addWidget(QLabel("报告月份："))
        self.month = QComboBox(objectName="review_month")
        today = self.clock()
        for year, month in recent_months(today):
            self.month.addItem(f"{year}年{month}月", (year, month))
        if today.day < settings.get("report.cutoff_day"):  # as on the 月报 page
            self.month.setCurrentIndex(1)
        row.addWidget(self.month)
        self.print_button = QPushButton("打印预览…", objectName="review_print")
        self.pdf_button = QPushButton("导出PDF…", objectName="review_pdf")
        row.addWidget(self.print_button)
        row.addWidget(self.pdf_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.summary = QLabel(objectName="review_summary", wordWrap=True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.summary)

        self.grid_host = QWidget(objectName="review_charts")
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(8)
        scroll = QScrollArea(objectName="review_scroll")
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_host)
        layout.addWidget(scroll, 1)

        sign = QGroupBox("校长签字")
        box = QHBoxLayout(sign)
        box.addWidget(QLabel("签字人："))
        self.signer = QLineEdit(objectName="review_signer", placeholderText="校长姓名")
        self.signer.setMaximumWidth(160)
        box.addWidget(self.signer)
        self.signed_on = date_edit(today, "review_signed_on")
        box.addWidget(self.signed_on)
        self.sign_button = QPushButton("审阅完毕，签字", objectName="review_sign")
        box.addWidget(self.sign_button)
        self.state = QLabel(objectName="review_state", wordWrap=True)
        box.addWidget(self.state, 1)
        layout.addWidget(sign)

        self.month.currentIndexChanged.connect(self.refresh)
        self.sign_button.clicked.connect(self.sign)
        self.print_button.clicked.connect(self.print_preview)
        self.pdf_button.clicked.connect(self.save_pdf)

    # ---- state --------------------------------------------------------------------------------

    def year_month(self) -> tuple[int, int]:
        return self.month.currentData()

    def key(self) -> str:
        year, month = self.year_month()
        return f"{year:04d}-{month:02d}"

    def refresh(self) -> None:
        """Count the chosen month and the months before it, off the UI thread."""
        year, month = self.year_month()
        today = self.clock()
        self.summary.setText(f"正在统计{year}年{month}月及以前各月……")

        def work(progress):
            return month_review.review(year, month, today)

        def done(review: Review) -> None:
            if review.key == self.key():  # the month was not changed meanwhile
                self.show_review(review)

        def failed(exc) -> None:
            self.summary.setText("")
            messages.fail(self, "校长审阅", exc)

        run_task(self, "正在统计各月数字…", work, done, failed)

    def show_review(self, review: Review) -> None:
        self.review = review
        self.summary.setText("\n".join(review.lines))
        for widget in self.charts:
            widget.setParent(None)
            widget.deleteLater()
        self.charts = [ChartWidget(chart, self.grid_host) for chart in review.charts]
        first, *rest = self.charts
        first.setMinimumHeight(260)
        self.grid.addWidget(first, 0, 0, 1, 2)
        for i, widget in enumerate(rest):
            widget.setMinimumHeight(220)
            self.grid.addWidget(widget, 1 + i // 2, i % 2)
        self.show_signature()
        self.loaded.emit()

    def show_signature(self) -> None:
        row = month_review.signature(self.key())
        if row is not None:
            self.signer.setText(row.signed_by)
            state = "已上报" if row.state == "已上报" else "待教务处标记为已上报"
            messages.inline(
                self.state,
                f"第{row.version}版已由{row.signed_by}于{row.signed_on}签字，{state}。",
                "ok",
            )
        else:
            if not self.signer.text():
                self.signer.setText(month_review.principal_name())
            messages.inline(self.state, "本月尚未签字：看完以上各图后签字。", "warn")

    # ---- actions ------------------------------------------------------------------------------

    def sign(self) -> None:
        year, month = self.year_month()
        try:
            month_review.sign(
                year,
                month,
                self.signer.text(),
                self.signed_on.date().toPython(),
                access.actor_name(),
            )
        except UserError as exc:
            messages.fail(self, "校长签字", exc)
            return
        if self.review is not None:
            self.review = month_review.restate(self.review)
        self.show_signature()

    def document(self):
        if self.review is None:
            return None
        row = month_review.signature(self.key())
        return review_document(
            self.review,
            month_review.school_name(),
            row.signed_by if row else "",
            row.signed_on if row else None,
            self.clock(),
        )

    def print_preview(self) -> None:
        document = self.document()
        if document is not None:
            preview(self, document, review_title(self.review))

    def save_pdf(self) -> None:
        document = self.document()
        if document is not None:
            save_pdf_as(self, document, review_title(self.review))
