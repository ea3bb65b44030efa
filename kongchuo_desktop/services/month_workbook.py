"""The month's filled workbook: the bureau's template filled by report_fill, then a notes sheet
(说明: the period counted, the definitions used, each figure's formula, what could not be
counted) and, in a month with no new dropout, the 零报告 form: the first sheet's title says
（零报告） and an empty ledger says so in its first row rather than being left blank."""

from __future__ import annotations

from pathlib import Path

from openpyxl.styles import Alignment, Font

from kongchuo_desktop.domain.month_report_data import MonthReport
from kongchuo_desktop.domain.report_names import SERIAL_FIELD
from kongchuo_desktop.domain.report_plan import Corrections, FillPlan
from kongchuo_desktop.services.report_fill import fill
from kongchuo_desktop.services.report_template import TemplateBook, make_plan, open_template

NOTES_SHEET = "说明"
ZERO_MARK = "（零报告）"
ZERO_LINE = "本月无新增疑似辍学、辍学学生（零报告）"
LEDGER = "辍学学生台账"
NOTE_WIDTH = 80  # characters: a Chinese character takes two


def fill_month_workbook(
    template: Path | str, report: MonthReport, corrections: Corrections | None = None
) -> tuple[TemplateBook, FillPlan]:
    book = open_template(template)
    plan = make_plan(book, report.data, corrections)
    fill(book, plan, report.data)
    _tick_zero_box(book, report.zero)
    if report.zero:
        _mark_zero(book, plan, report)
    _notes_sheet(book, report)
    return book, plan


_BOXES = ("□", "☐")
_TICKED = "☑"


def _tick_zero_box(book: TemplateBook, zero: bool) -> None:
    """A template's own question "本月是否零报告：□是 □否" gets its box ticked."""
    for ws in book.workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                text = cell.value
                if not isinstance(text, str) or "零报告" not in text:
                    continue
                word = "是" if zero else "否"
                for box in _BOXES:
                    if f"{box}{word}" in text:
                        cell.value = text.replace(f"{box}{word}", f"{_TICKED}{word}", 1)
                        break


def _mark_zero(book: TemplateBook, plan: FillPlan, report: MonthReport) -> None:
    first = book.workbook.worksheets[0]
    title = first.cell(row=1, column=1)
    if isinstance(title.value, str) and ZERO_MARK not in title.value:
        title.value = title.value + ZERO_MARK
    if report.data.rows(LEDGER):
        return
    for sheet in plan.sheets:
        for item in sheet.lists:
            if item.list_name != LEDGER:
                continue
            columns = [c for c in item.columns if c.field and c.field != SERIAL_FIELD]
            if columns:
                ws = book.workbook[sheet.name]
                ws.cell(row=item.first_row, column=columns[0].column).value = ZERO_LINE


def _notes_sheet(book: TemplateBook, report: MonthReport) -> None:
    wb = book.workbook
    name = NOTES_SHEET
    n = 2
    while name in wb.sheetnames:
        name, n = f"{NOTES_SHEET}{n}", n + 1
    ws = wb.create_sheet(name)
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = NOTE_WIDTH
    wrap = Alignment(wrap_text=True, vertical="top")
    ws.append([f"{report.period.title}月报说明" + (ZERO_MARK if report.zero else "")])
    ws["A1"].font = Font(bold=True, size=13)
    for line in report.note_lines():
        ws.append(["", line])
    ws.append([])
    ws.append(["数字", "计算方法"])
    ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
    ws.cell(row=ws.max_row, column=2).font = Font(bold=True)
    for figure, formula in report.formulas:
        ws.append([figure, formula])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
        text = row[1].value if len(row) > 1 else None
        if isinstance(text, str):
            # Wrapped text does not grow its row in every program: set the height it needs.
            lines = -(-len(text) * 2 // NOTE_WIDTH)
            ws.row_dimensions[row[0].row].height = 15 * max(1, lines)
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
