"""A bureau's month-report template opened and understood: `open_template(path)` reads the
workbook and the layout of each sheet; `make_plan(book, data, corrections)` says, cell by cell,
what filling it with `data` will write and what was not understood. Nothing is written here
(services/report_fill.py carries a plan out).
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook

from kongchuo_desktop.domain import template_labels as labels
from kongchuo_desktop.domain.report_data import ReportData
from kongchuo_desktop.domain.report_names import (
    FIELD_NAMES,
    FIGURE_NAMES,
    LIST_NAMES,
    SERIAL_FIELD,
    STAGES,
    TITLE_NAMES,
)
from kongchuo_desktop.domain.report_plan import (
    AUTO,
    BY_HAND,
    MARKED,
    CellPlan,
    ColumnPlan,
    Corrections,
    FillPlan,
    ListPlan,
    SheetPlan,
)
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services.template_layout import SheetLayout, letter, read_layout

MAX_TEMPLATE_MB = 20


@dataclass
class TemplateBook:
    path: Path
    workbook: Workbook
    layouts: list[SheetLayout]
    fingerprint: str

    @property
    def marked(self) -> bool:
        return any(layout.placeholders for layout in self.layouts)


def open_template(path: Path | str) -> TemplateBook:
    """Read a template (.xlsx); refused with Chinese text when it cannot be one."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"找不到模板文件：{path}")
    if path.suffix.lower() in (".xls", ".et", ".wps"):
        raise UserError(
            f"{path.name} 是旧版Excel格式（{path.suffix}）：请用Excel或WPS打开它，"
            "“另存为”Excel工作簿（.xlsx）后再选择。"
        )
    size = path.stat().st_size
    if size > MAX_TEMPLATE_MB * 1024 * 1024:
        raise UserError(
            f"{path.name} 有 {size / 1048576:.1f} MB，不像一份月报模板（上限 {MAX_TEMPLATE_MB} MB）。"
        )
    try:
        workbook = openpyxl.load_workbook(path)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise UserError(
            f"{path.name} 打不开：它不是一个完好的Excel工作簿（.xlsx）。"
            "请用Excel或WPS打开确认，另存为.xlsx后再选择。"
        ) from exc
    layouts = [read_layout(ws) for ws in workbook.worksheets if ws.sheet_state == "visible"]
    text = labels.fingerprint_text([(lay.name, lay.header_labels()) for lay in layouts])
    fingerprint = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return TemplateBook(path, workbook, layouts, fingerprint)


def make_plan(
    book: TemplateBook, data: ReportData, corrections: Corrections | None = None
) -> FillPlan:
    corrections = corrections or Corrections()
    sheets = [_sheet_plan(layout, data, corrections) for layout in book.layouts]
    corrected = any(not corrections.sheet(s.name).is_empty() for s in sheets)
    return FillPlan(str(book.path), book.fingerprint, sheets, book.marked, corrected)


def _sheet_plan(layout: SheetLayout, data: ReportData, corrections: Corrections) -> SheetPlan:
    plan = SheetPlan(layout.name)
    if layout.placeholders:
        _marked_plan(layout, data, plan)
        return plan
    fix = corrections.sheet(layout.name)
    for title in layout.titles:
        values = {n: v for n in title.names if (v := data.title_text(n)) is not None}
        row, col = title.beside or (title.row, title.column)
        missing = [n for n in title.names if n not in values]
        note = f"数据中没有{'、'.join(missing)}" if missing else ""
        if title.beside:
            text = values.get(title.names[0])
        else:
            text, filled = labels.fill_titles(title.text, values)
            kept = [n for n in values if n not in filled]
            if kept:
                note = "、".join(kept) + "已有内容，没有改动"
            if not filled:
                text = None
        what = "、".join(title.names)
        cell = CellPlan(
            row, col, f"{letter(col)}{row}", what, None, text, note=note, title=title.text
        )
        plan.cells.append(cell)
    for table in layout.figure_tables:
        _figure_plan(table, data, fix, plan)
    for table in layout.lists:
        _list_plan(layout, table, data, fix, plan)
    return plan


def _figure_plan(table, data: ReportData, fix, plan: SheetPlan) -> None:
    for line, parts in table.lines.items():
        key = str(line) if table.transposed else letter(line)
        figure = labels.match_figure(parts)
        how = AUTO
        if key in fix.figures:
            figure, how = (fix.figures[key] or None), BY_HAND
        shown = " / ".join(p for p in dict.fromkeys(parts) if p)
        if figure is None or figure not in FIGURE_NAMES:
            where = f"第{line}行" if table.transposed else f"{key}列"
            plan.not_understood.append(f"{where}「{shown}」没有识别为月报数字，留空")
            continue
        for stage_line, stage in table.stages.items():
            row, col = (line, stage_line) if table.transposed else (stage_line, line)
            value = data.figure(figure, stage)
            note = "" if value is not None else f"数据中没有{figure}（{stage}）"
            cell = CellPlan(
                row, col, f"{letter(col)}{row}", figure, stage, value, key, how, note, shown
            )
            plan.cells.append(cell)


def _list_plan(layout: SheetLayout, table, data: ReportData, fix, plan: SheetPlan) -> None:
    list_name = labels.match_list(layout.name, table.caption)
    how = AUTO
    if str(table.header_first) in fix.lists:
        list_name, how = (fix.lists[str(table.header_first)] or None), BY_HAND
    if list_name is not None and list_name not in LIST_NAMES:
        list_name = None
    columns = []
    for col, parts in table.columns.items():
        match = labels.match_field(parts)
        field, col_how = match.field, AUTO
        key = f"{letter(col)}{table.header_first}"
        if key in fix.columns:
            field, col_how = (fix.columns[key] or None), BY_HAND
        if field is not None and field not in FIELD_NAMES:
            field = None
        title = " / ".join(p for p in dict.fromkeys(parts) if p)
        columns.append(ColumnPlan(col, letter(col), title, field, col_how))
    _drop_duplicates(columns)
    rows = data.rows(list_name) if list_name else None
    note = ""
    if list_name is None:
        note = "不知道这张表是哪一个名单，没有填写（可以手动指定）"
    elif rows is None:
        note = f"数据中没有{list_name}"
    item = ListPlan(
        list_name,
        table.header_first,
        table.header_last,
        table.first_row,
        table.capacity,
        table.footer_row,
        columns,
        len(rows or []),
        how,
        note,
    )
    plan.lists.append(item)
    if note:
        plan.not_understood.append(note)
    for c in columns:
        if not c.field:
            plan.not_understood.append(f"{c.letter}列「{c.title}」没有识别，留空")
        elif rows is not None and c.field != SERIAL_FIELD and not any(c.field in r for r in rows):
            c.note = "数据中没有这一项"


def _drop_duplicates(columns: list[ColumnPlan]) -> None:
    """Two columns taken for one field: neither is filled (which one is meant is not known),
    unless exactly one was chosen by hand."""
    by_field: dict[str, list[ColumnPlan]] = {}
    for c in columns:
        if c.field:
            by_field.setdefault(c.field, []).append(c)
    for field, same in by_field.items():
        if len(same) < 2:
            continue
        chosen = [c for c in same if c.how == BY_HAND]
        keep = chosen[0] if len(chosen) == 1 else None
        for c in same:
            if c is not keep:
                c.field, c.note = None, f"与其他列都像「{field}」，无法确定，留空"


def _marked_plan(layout: SheetLayout, data: ReportData, plan: SheetPlan) -> None:
    rows: dict[tuple[str, int], list[ColumnPlan]] = {}
    for mark in layout.placeholders:
        coord = f"{letter(mark.column)}{mark.row}"
        for name in mark.names:
            head, _, tail = name.partition(".")
            if head in FIGURE_NAMES and tail in STAGES:
                value = data.figure(head, tail)
                note = "" if value is not None else f"数据中没有{head}（{tail}）"
                cell = CellPlan(mark.row, mark.column, coord, head, tail, value, name, MARKED, note)
                plan.cells.append(cell)
            elif head in TITLE_NAMES and not tail:
                value = data.title_text(head)
                plan.cells.append(
                    CellPlan(mark.row, mark.column, coord, head, None, value, name, MARKED)
                )
            elif head in LIST_NAMES and tail in FIELD_NAMES:
                rows.setdefault((head, mark.row), []).append(
                    ColumnPlan(mark.column, letter(mark.column), name, tail, MARKED)
                )
            else:
                plan.not_understood.append(f"{coord}「{{{{{name}}}}}」不是认识的占位符，留空")
                plan.cells.append(
                    CellPlan(mark.row, mark.column, coord, name, None, None, name, MARKED)
                )
    for (list_name, row), columns in sorted(rows.items(), key=lambda item: item[0][1]):
        data_rows = data.rows(list_name)
        note = "" if data_rows is not None else f"数据中没有{list_name}"
        plan.lists.append(
            ListPlan(
                list_name,
                row,
                row,
                row,
                layout.blank_below.get(row, 1),
                None,
                columns,
                len(data_rows or []),
                MARKED,
                note,
            )
        )
        if note:
            plan.not_understood.append(note)
