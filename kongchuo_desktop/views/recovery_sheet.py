"""The one-time recovery code sheet: shown once after the first 管理员 is created (and after each
use of the code), to print or save as PDF for the principal's drawer. The dialog cannot be closed
until the clerk says the code is printed or written down: a lost code and a forgotten password
together would leave only the command line."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop.services.account_recovery import RecoverySheet

TITLE = "管理员密码恢复码"


def sheet_document(sheet: RecoverySheet):
    """The sheet as one A4 page (views/printing.PrintDocument)."""
    from kongchuo_desktop.views.printing import PrintDocument, PrintSection

    lines = sheet.lines()
    code_line = next(i for i, line in enumerate(lines) if sheet.code in line)
    parts = []
    for i, line in enumerate(lines):
        if i == code_line:
            parts.append(
                '<p style="font-size:20pt; font-weight:bold; margin:18px 0;">'
                f"恢复码：{html.escape(sheet.code)}</p>"
            )
        else:
            parts.append(f"<p>{html.escape(line)}</p>")
    parts.append("<p><br/>保管人签字：____________　　　日期：____________</p>")
    return PrintDocument(
        sheet.school,
        TITLE,
        [PrintSection("".join(parts), heading="请妥善保管，只能使用一次")],
        printed_on=sheet.made_on,
        body_pt=12,
        name=TITLE,
    )


class RecoverySheetDialog(QDialog):
    def __init__(self, sheet: RecoverySheet, parent: QWidget | None = None):
        super().__init__(parent)
        self.sheet = sheet
        self.setObjectName("recovery_sheet_dialog")
        self.setWindowTitle(TITLE)
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "这是管理员密码的恢复码。忘记管理员密码时，凭它在登录窗口点“忘记密码”重设。\n"
            "它只显示这一次：请现在打印或保存为PDF后打印，锁在校长办公室。"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.code_label = code = QLabel(sheet.code, objectName="recovery_code")
        code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = code.font()
        font.setPointSize(20)
        font.setBold(True)
        code.setFont(font)
        layout.addWidget(code)
        buttons = QHBoxLayout()
        self.print_button = QPushButton("打印…", objectName="recovery_print")
        self.pdf_button = QPushButton("保存为PDF…", objectName="recovery_pdf")
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.pdf_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.kept = QCheckBox("我已打印或抄下恢复码，并会锁好保管", objectName="recovery_kept")
        layout.addWidget(self.kept)
        self.done_button = QPushButton("完成", objectName="recovery_done")
        self.done_button.setEnabled(False)
        layout.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignRight)
        self.kept.toggled.connect(self.done_button.setEnabled)
        self.done_button.clicked.connect(self.accept)
        self.print_button.clicked.connect(self._print)
        self.pdf_button.clicked.connect(self._save_pdf)

    def reject(self) -> None:  # Esc or the close box: only once the code is kept
        if self.kept.isChecked():
            super().reject()

    def _print(self) -> None:
        from kongchuo_desktop.views.printing import preview

        preview(self, sheet_document(self.sheet), TITLE)

    def _save_pdf(self) -> None:
        from kongchuo_desktop.views.printing import save_pdf_as

        save_pdf_as(self, sheet_document(self.sheet), f"{self.sheet.school} {TITLE}")


# Tests set this to see the sheet instead of a modal dialog: (sheet) -> None.
answerer = None


def show_sheet(parent: QWidget | None, sheet: RecoverySheet) -> None:
    if answerer is not None:
        answerer(sheet)
        return
    RecoverySheetDialog(sheet, parent).exec()
