"""The 月报 page's month work: choose the month, preview and save it into the template, the
principal's signature, 标记为已上报, the report history (every version with its file) and what
changed since the month was filed. Asks services/month_report and services/report_filing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop import settings
from kongchuo_desktop.domain.month_period import recent_months
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import access, export_record, month_report, report_filing
from kongchuo_desktop.services.roster_export import data_folder
from kongchuo_desktop.views import messages
from kongchuo_desktop.views.date_edit import date_edit
from kongchuo_desktop.views.page_layout import table_view
from kongchuo_desktop.views.row_table_model import RowTableModel
from kongchuo_desktop.views.save_dialog import XLSX_FILTER, ask_save_path


class MonthReportPanel(QWidget):
    clock = staticmethod(dt.date.today)  # tests set a fixed day

    def __init__(self, template_of: Callable[[], Path], parent: QWidget | None = None):
        super().__init__(parent)
        self.template_of = template_of
        self.saved: dict[str, Path] = {}  # month → the workbook saved from the preview
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel("报告月份："))
        self.month = QComboBox(objectName="report_month")
        for year, month in recent_months(self.clock()):
            self.month.addItem(f"{year}年{month}月", f"{year:04d}-{month:02d}")
        # Before this month's cut-off day the month to report is the last one.
        if self.clock().day < settings.get("report.cutoff_day"):
            self.month.setCurrentIndex(1)
        row.addWidget(self.month)
        self.preview_button = QPushButton("预览并保存月报…", objectName="preview_month")
        row.addWidget(self.preview_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.period = QLabel(objectName="report_period", wordWrap=True)
        self.period.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.period)

        lock = QGroupBox("校长签字与上报")
        grid = QGridLayout(lock)
        self.signer = QLineEdit(objectName="report_signer", placeholderText="校长姓名")
        self.signed_on = date_edit(self.clock(), "report_signed_on")
        self.sign_button = QPushButton("校长签字", objectName="report_sign")
        self.reason = QLineEdit(objectName="report_reason", placeholderText="重新上报时填写原因")
        self.file_button = QPushButton("标记为已上报", objectName="report_file")
        grid.addWidget(QLabel("签字人："), 0, 0)
        grid.addWidget(self.signer, 0, 1)
        grid.addWidget(self.signed_on, 0, 2)
        grid.addWidget(self.sign_button, 0, 3)
        grid.addWidget(QLabel("原因："), 1, 0)
        grid.addWidget(self.reason, 1, 1, 1, 2)
        grid.addWidget(self.file_button, 1, 3)
        self.state = QLabel(objectName="report_state", wordWrap=True)
        grid.addWidget(self.state, 2, 0, 1, 4)
        layout.addWidget(lock)

        self.history_model = RowTableModel(
            [
                ("月份", lambda r: r.month),
                ("版本", report_filing.version_title),
                ("状态", lambda r: r.state),
                ("签字", lambda r: f"{r.signed_by}（{r.signed_on or ''}）"),
                ("上报时间", lambda r: str(r.filed_at or "")[:16]),
                ("原因", lambda r: r.reason),
                ("文件", lambda r: r.file_name),
            ],
            self,
        )
        self.history = table_view("report_history", self.history_model)
        self.history_file = QPushButton("另存选中版本的文件…", objectName="report_history_file")
        self.compare_model = RowTableModel(
            [
                ("类别", lambda d: d.where),
                ("项目", lambda d: d.what),
                ("上报时", lambda d: "" if d.filed is None else d.filed),
                ("现在", lambda d: "" if d.now is None else d.now),
            ],
            self,
        )
        self.compare = table_view("report_compare", self.compare_model)
        self.compare_label = QLabel(objectName="report_compare_label", wordWrap=True)
        tables = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(QLabel("上报记录"))
        left.addWidget(self.history, 1)
        left.addWidget(self.history_file)
        right = QVBoxLayout()
        right.addWidget(self.compare_label)
        right.addWidget(self.compare, 1)
        tables.addLayout(left, 3)
        tables.addLayout(right, 2)
        layout.addLayout(tables, 1)

        self.month.currentIndexChanged.connect(self.refresh)
        self.preview_button.clicked.connect(self.preview)
        self.sign_button.clicked.connect(self.sign)
        self.file_button.clicked.connect(self.mark_filed)
        self.history_file.clicked.connect(self.save_history_file)

    # ---- state --------------------------------------------------------------------------------

    def key(self) -> str:
        return self.month.currentData()

    def year_month(self) -> tuple[int, int]:
        year, month = self.key().split("-")
        return int(year), int(month)

    def build(self) -> month_report.MonthReport:
        return month_report.build(*self.year_month(), today=self.clock())

    def refresh(self) -> None:
        key = self.key()
        period = month_report.period(*self.year_month())
        self.period.setText(period.describe())
        filed = report_filing.latest_filed(key)
        pending = report_filing.pending(key)
        parts = []
        if filed is not None:
            parts.append(f"已上报{report_filing.version_title(filed)}（{filed.filed_at}）。")
        else:
            parts.append("本月尚未上报。")
        if pending is not None:
            parts.append(
                f"{report_filing.version_title(pending)}已由{pending.signed_by}签字，待标记为已上报。"
            )
        if key in self.saved:
            parts.append(f"已保存：{self.saved[key]}")
        messages.inline(self.state, " ".join(parts), "ok" if filed and not pending else "warn")
        self.history_model.set_rows(report_filing.history())
        self.history.resizeColumnsToContents()
        self.show_comparison(filed)

    def show_comparison(self, filed) -> None:
        if filed is None or not filed.snapshot:
            self.compare_label.setText("与已上报版本比较：本月还没有上报的版本。")
            self.compare_model.set_rows([])
            return
        changes = report_filing.compare(filed.snapshot, self.build())
        self.compare_label.setText(
            f"上报{report_filing.version_title(filed)}以后的变化：{len(changes)} 处"
            if changes
            else f"上报{report_filing.version_title(filed)}以后数字和名单没有变化。"
        )
        self.compare_model.set_rows(changes)
        self.compare.resizeColumnsToContents()

    # ---- actions ------------------------------------------------------------------------------

    def preview(self) -> None:
        dialog = self.preview_dialog()
        if dialog is not None:
            dialog.exec()
        self.refresh()

    def preview_dialog(self):
        """The preview of the chosen month, saving through the month report's writer."""
        from kongchuo_desktop.views.report_preview_dialog import ReportPreviewDialog

        try:
            report = self.build()
        except UserError as exc:
            messages.fail(self, "月报", exc)
            return None

        def writer(path: Path, corrections, overwrite: bool) -> None:
            month_report.write(
                self.template_of(),
                report,
                path,
                corrections,
                overwrite=overwrite,
                data_dir=data_folder(),
            )
            self.saved[report.period.key] = Path(path)
            export_record.record_report(access.actor_name(), report, path)

        notes = report.note_lines() + (["本月为零报告。"] if report.zero else [])
        try:
            return ReportPreviewDialog(
                self.template_of(), report.data, self, writer=writer, notes=notes
            )
        except UserError as exc:
            messages.fail(self, "月报模板", exc)
            return None

    def sign(self) -> None:
        try:
            report_filing.sign(
                self.key(),
                self.signer.text(),
                self.signed_on.date().toPython(),
                access.actor_name(),
            )
        except UserError as exc:
            messages.fail(self, "校长签字", exc)
            return
        self.refresh()

    def mark_filed(self) -> None:
        key = self.key()
        path = self.saved.get(key)
        if path is None or not path.exists():
            messages.warn(self, "标记为已上报", "请先“预览并保存月报”，上报的就是保存的这个文件。")
            return
        try:
            report_filing.mark_filed(self.build(), path, access.actor_name(), self.reason.text())
        except UserError as exc:
            messages.fail(self, "标记为已上报", exc)
            return
        self.reason.clear()
        messages.info(self, "标记为已上报", f"{self.month.currentText()}月报已标记为已上报。")
        self.refresh()

    def save_history_file(self) -> None:
        rows = self.history.selectionModel().selectedRows() if self.history.selectionModel() else []
        if not rows:
            messages.warn(self, "上报记录", "请先在上报记录中选中一个版本。")
            return
        row = self.history_model.row(rows[0])
        path = ask_save_path(self, "另存月报文件", row.file_name, XLSX_FILTER, ".xlsx")
        if path is None:
            return
        try:
            report_filing.save_file(row.id, path, overwrite=True, data_dir=data_folder())
        except (UserError, OSError) as exc:
            messages.fail(self, "上报记录", exc)
            return
        messages.info(
            self, "上报记录", f"{row.month}月报{report_filing.version_title(row)}已另存到：\n{path}"
        )
