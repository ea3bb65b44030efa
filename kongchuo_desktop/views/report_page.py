"""The 月报 page: choose the bureau's template and see how it will be understood; once the month's
figures exist (`month_data`, given by the feature that counts them), preview and save the filled
report. Until then the page says so plainly and offers only 检查模板 — no sample figures that a
clerk could mistake for the school's own.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from kongchuo_desktop.domain.report_data import ReportData
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.paths import resource_path
from kongchuo_desktop.views import messages
from kongchuo_desktop.views.page_layout import titled_page

DEFAULT_TEMPLATE = ("templates", "控辍保学月报模板.xlsx")
NO_FIGURES_YET = (
    "月报的各项数字（在校生、学籍变动、疑似辍学和辍学、劝返、送教上门等）将在后续版本中由程序从"
    "学籍变动和点名记录统计，现在还不能生成月报。\n"
    "现在可以先检查县教育局的模板：程序会怎样理解它的每张表、哪些列认不出来；认错的可以手动指定，"
    "程序会记住，以后生成月报时照此填写。"
)


class ReportPage(QWidget):
    def __init__(
        self,
        folder: object = None,
        month_data: Callable[[], ReportData] | None = None,
        parent: QWidget | None = None,
        *,
        months: bool = False,
    ):
        super().__init__(parent)
        self.folder = folder
        self.month_data = month_data
        self.template: Path = resource_path(*DEFAULT_TEMPLATE)
        layout = titled_page(self, "月报")
        intro = QLabel(
            NO_FIGURES_YET
            if month_data is None and not months
            else "按县教育局的Excel模板填写月报：选月份，预览并保存，校长签字后标记为已上报。",
            objectName="report_intro",
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        layout.addSpacing(8)
        layout.addWidget(intro)
        layout.addSpacing(12)
        self.template_label = QLabel(objectName="report_template")
        self.template_label.setWordWrap(True)
        self.template_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.template_label)
        row = QHBoxLayout()
        choose = QPushButton("选择模板…", objectName="choose_template")
        default = QPushButton("使用自带模板", objectName="default_template")
        self.check_button = QPushButton("检查模板", objectName="check_template")
        row.addWidget(choose)
        row.addWidget(default)
        row.addWidget(self.check_button)
        self.preview_button = None
        if month_data is not None:
            self.preview_button = QPushButton("预览并保存月报…", objectName="preview_report")
            row.addWidget(self.preview_button)
            self.preview_button.clicked.connect(self.preview_report)
        row.addStretch(1)
        layout.addLayout(row)
        # The month's own work (figures counted from the records, the lock, the history).
        self.panel = None
        if months:
            from kongchuo_desktop.views.month_report_panel import MonthReportPanel

            self.panel = MonthReportPanel(lambda: self.template, self)
            layout.addSpacing(8)
            layout.addWidget(self.panel, 1)
        else:
            layout.addStretch(1)
        choose.clicked.connect(self.choose_template)
        default.clicked.connect(lambda: self.use_template(resource_path(*DEFAULT_TEMPLATE)))
        self.check_button.clicked.connect(self.check_template)
        self.use_template(self.template)

    def refresh(self) -> None:
        if self.panel is not None:
            self.panel.refresh()

    def use_template(self, path: Path) -> None:
        self.template = Path(path)
        if self.template == resource_path(*DEFAULT_TEMPLATE):
            self.template_label.setText(f"模板：程序自带的月报模板（{self.template.name}）")
        else:
            self.template_label.setText(f"模板：{self.template}")

    def choose_template(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "选择县教育局的月报模板", str(self.template.parent), "Excel 工作簿 (*.xlsx)"
        )
        if path:
            self.use_template(Path(path))

    def open_preview(self, data: ReportData | None):
        # The dialog (and openpyxl behind it) is loaded when asked for, not at start-up.
        from kongchuo_desktop.views.report_preview_dialog import ReportPreviewDialog

        try:
            dialog = ReportPreviewDialog(self.template, data, self)
        except UserError as exc:
            messages.fail(self, "月报模板", exc)
            return None
        return dialog

    def check_template(self) -> None:
        dialog = self.open_preview(None)
        if dialog is not None:
            dialog.exec()

    def preview_report(self) -> None:
        if self.month_data is None:
            return
        try:
            data = self.month_data()
        except UserError as exc:
            messages.fail(self, "月报", exc)
            return
        dialog = self.open_preview(data)
        if dialog is not None:
            dialog.exec()
