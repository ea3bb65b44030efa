"""Filling a bureau's template with a month's `ReportData` by the plan of report_template.py:

    plan = preview_fill(template, data, corrections)          # what will be written, nothing saved
    plan = write_report(template, data, out, corrections)     # the filled copy, written atomically

The template itself is never changed. The copy keeps its formatting, merged cells, print setup
and formulas; a list longer than the template's blank rows gets rows inserted above the footer
(填表人 / 校长签字 move down with their merged cells and formulas, sheet_rows.py), each new row
styled like the template's first data row. A cell not understood stays empty.
"""

from __future__ import annotations

import datetime as dt
import re
from copy import copy
from pathlib import Path

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet.worksheet import Worksheet

from kongchuo_desktop import output_files
from kongchuo_desktop.domain import template_labels as labels
from kongchuo_desktop.domain.report_data import ReportData
from kongchuo_desktop.domain.report_names import SERIAL_FIELD
from kongchuo_desktop.domain.report_plan import MARKED, CellPlan, Corrections, FillPlan, ListPlan
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services.report_template import TemplateBook, make_plan, open_template
from kongchuo_desktop.services.sheet_rows import insert_rows

DEFAULT_WIDTH = 8.43  # Excel's default column width, in characters
MAX_WIDTH = 30
_LONG_DIGITS = re.compile(r"^\d{12,}[\dXx]?$")


def preview_fill(
    template: Path | str, data: ReportData, corrections: Corrections | None = None
) -> FillPlan:
    return make_plan(open_template(template), data, corrections)


def checked_target(
    template: Path | str, out: Path | str, data_dir: Path | str | None, overwrite: bool
) -> Path:
    """`out` as a filled report may be written: an .xlsx, not the template itself, and not
    replacing a file of the clerk's unless `overwrite`."""
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise UserError("月报文件名必须以 .xlsx 结尾")
    if Path(template).resolve() == out.resolve():
        raise UserError("不能把月报写回模板文件本身：请另选一个文件名，模板留着下个月再用。")
    output_files.check_target(out, data_dir, overwrite=overwrite)
    return out


def write_report(
    template: Path | str,
    data: ReportData,
    out: Path | str,
    corrections: Corrections | None = None,
    *,
    overwrite: bool = False,
    data_dir: Path | str | None = None,
) -> FillPlan:
    """Fill a copy of `template` into `out` (.xlsx). An existing `out` only with `overwrite`."""
    out = checked_target(template, out, data_dir, overwrite)
    book = open_template(template)
    plan = make_plan(book, data, corrections)
    fill(book, plan, data)
    with output_files.atomic_write(out) as tmp:
        book.workbook.save(tmp)
    return plan


def fill(book: TemplateBook, plan: FillPlan, data: ReportData) -> None:
    """Carry `plan` out on `book.workbook` (in memory)."""
    for sheet in plan.sheets:
        ws = book.workbook[sheet.name]
        for cell in sheet.cells:
            _write_cell(ws, cell)
        # Lowest list first: rows inserted for it do not move a list still to fill.
        for item in sorted(sheet.lists, key=lambda i: i.first_row, reverse=True):
            _fill_list(ws, item, data)


def _write_cell(ws: Worksheet, cell: CellPlan) -> None:
    target = ws.cell(row=cell.row, column=cell.column)
    if cell.how == MARKED:
        _write_marked(target, cell)
        return
    if cell.value is None:
        return
    if cell.stage is None:  # a title cell: its label with the value after the colon
        set_value(target, cell.value)
        return
    if isinstance(target.value, str) and target.value.startswith("="):
        return  # the bureau's own formula (a 合计 row) stays
    set_value(target, _figure_value(target, cell))


def _figure_value(target, cell: CellPlan) -> object:
    value = cell.value
    percent_cell = "%" in (target.number_format or "")
    if labels.is_rate(cell.what) and isinstance(value, (int, float)) and percent_cell:
        return value / 100
    return value


def _write_marked(target, cell: CellPlan) -> None:
    text = str(target.value or "")
    whole = labels.PLACEHOLDER.fullmatch(text.strip())
    if whole and whole.group(1).strip() == cell.label:
        set_value(target, None if cell.value is None else _figure_value(target, cell))
        return
    value = "" if cell.value is None else _text(cell.value)
    pattern = re.compile(r"\{\{\s*" + re.escape(cell.label) + r"\s*\}\}")
    set_value(target, pattern.sub(lambda _m: value, text))


def _text(value: object) -> str:
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def set_value(cell, value: object) -> None:
    """Write `value` as data, never as a formula; an ID number stays text; a date gets a date
    format when the cell has none."""
    if value is None or value == "":
        cell.value = None
        return
    if isinstance(value, bool):
        value = "是" if value else "否"
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        cell.value = value
        if cell.number_format in ("General", None):
            cell.number_format = "yyyy-mm-dd"
        return
    if isinstance(value, (int, float)):
        cell.value = value
        return
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    cell.value = text
    cell.data_type = "s"
    if text.startswith(("=", "+", "-", "@")):
        cell.quotePrefix = True
    if _LONG_DIGITS.match(text):
        cell.number_format = "@"


def _fill_list(ws: Worksheet, item: ListPlan, data: ReportData) -> None:
    rows = data.rows(item.list_name) if item.list_name else None
    if item.how == MARKED:
        for column in item.columns:  # the marks go, whatever is written in their place
            ws.cell(row=item.first_row, column=column.column).value = None
    if not rows:
        return
    # New rows look like the first blank row; with no blank row at all, like the header's last
    # row without its bold.
    template = _row_style(ws, item.first_row if item.capacity else item.header_last)
    inserted = item.inserted
    if inserted:
        at = item.first_row + item.capacity - 1 if item.capacity >= 1 else item.first_row
        insert_rows(ws, at, inserted)
        for r in range(at, at + inserted):
            _apply_row_style(ws, r, template)
    for i, values in enumerate(rows):
        r = item.first_row + i
        for column in item.columns:
            if not column.field:
                continue
            value = i + 1 if column.field == SERIAL_FIELD else values.get(column.field)
            set_value(ws.cell(row=r, column=column.column), value)
    _widen_default_columns(ws, item, rows)


def _display_width(value: object) -> float:
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    text = str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _widen_default_columns(ws: Worksheet, item: ListPlan, rows: list[dict]) -> None:
    """A column the template left at Excel's default width is widened to show its values (an ID
    number, a date) instead of ### — up to a limit. A width the bureau set is never touched."""
    for column in item.columns:
        if not column.field or column.field == SERIAL_FIELD:
            continue
        if _has_set_width(ws, column.column):
            continue
        widest = max((_display_width(r.get(column.field)) for r in rows), default=0)
        if widest + 2 > DEFAULT_WIDTH:
            ws.column_dimensions[column.letter].width = min(widest + 2, MAX_WIDTH)


def _has_set_width(ws: Worksheet, col: int) -> bool:
    for dim in list(ws.column_dimensions.values()):
        low = dim.min or 0
        high = dim.max or low
        if low <= col <= high and dim.width:
            return True
    return False


def _row_style(ws: Worksheet, row: int) -> dict:
    cells = {}
    for col in range(1, ws.max_column + 1):
        cell = ws.cell(row=row, column=col)
        if cell.has_style:
            cells[col] = copy(cell._style)
    merges = [
        (r.min_col, r.max_col)
        for r in ws.merged_cells.ranges
        if r.min_row == r.max_row == row and r.max_col > r.min_col
    ]
    height = ws.row_dimensions[row].height if row in ws.row_dimensions else None
    plain = any(ws.cell(row=row, column=c).font.b for c in cells)
    return {"cells": cells, "merges": merges, "height": height, "plain": plain}


def _unbold(font):
    plain = copy(font)
    plain.b = False
    return plain


def _apply_row_style(ws: Worksheet, row: int, style: dict) -> None:
    for col, cell_style in style["cells"].items():
        ws.cell(row=row, column=col)._style = copy(cell_style)
        if style["plain"]:
            cell = ws.cell(row=row, column=col)
            cell.font = copy(cell.font) if not cell.font.b else _unbold(cell.font)
    for first, last in style["merges"]:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    if style["height"]:
        ws.row_dimensions[row].height = style["height"]
