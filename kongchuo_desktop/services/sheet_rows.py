"""Inserting rows into a worksheet the way Excel does, which openpyxl's `insert_rows` does not:
openpyxl moves the cells only. Here merged cells, row heights, formulas (in every sheet of the
workbook), defined names, the print area, conditional formats, data validations, page breaks and
pictures below the inserted rows move with them, and a range that spans the insertion point
(`=SUM(D4:D23)` with rows inserted at row 23) grows.

Used by the report filler to make room for a list longer than the template's blank rows while the
footer (填表人 / 校长签字) stays below it, intact.
"""

from __future__ import annotations

import re
from copy import copy

from openpyxl.formula.tokenizer import Token, Tokenizer
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

_CELL = re.compile(r"^(\$?[A-Za-z]{1,3})(\$?)(\d+)$")
_ROW = re.compile(r"^(\$?)(\d+)$")


def _shift_row(row: int, at: int, amount: int) -> int:
    return row + amount if row >= at else row


def _shift_part(part: str, at: int, amount: int, *, is_end: bool, start_row: int | None) -> str:
    cell = _CELL.match(part)
    if cell:
        row = int(cell.group(3))
        if is_end and start_row is not None and start_row < at <= row:
            row += amount  # a range across the inserted rows grows
        else:
            row = _shift_row(row, at, amount)
        return f"{cell.group(1)}{cell.group(2)}{row}"
    whole_row = _ROW.match(part)
    if whole_row:
        row = int(whole_row.group(2))
        if is_end and start_row is not None and start_row < at <= row:
            row += amount
        else:
            row = _shift_row(row, at, amount)
        return f"{whole_row.group(1)}{row}"
    return part  # a column (A:A), a name, an error


def _row_of(part: str) -> int | None:
    cell = _CELL.match(part) or None
    if cell:
        return int(cell.group(3))
    whole_row = _ROW.match(part)
    return int(whole_row.group(2)) if whole_row else None


def shift_reference(ref: str, at: int, amount: int) -> str:
    """One reference without sheet name ("D25", "$A$4:$W$24", "3:4") with rows ≥ `at` moved down."""
    if ":" in ref:
        first, last = ref.split(":", 1)
        start = _row_of(first)
        return (
            _shift_part(first, at, amount, is_end=False, start_row=None)
            + ":"
            + _shift_part(last, at, amount, is_end=True, start_row=start)
        )
    return _shift_part(ref, at, amount, is_end=False, start_row=None)


def _split_sheet(ref: str) -> tuple[str | None, str]:
    if "!" not in ref:
        return None, ref
    sheet, _, cells = ref.rpartition("!")
    return sheet.strip("'").replace("''", "'"), cells


def shift_formula(formula: str, sheet: str, own_sheet: str, at: int, amount: int) -> str:
    """`formula` (written in `own_sheet`) with its references to rows ≥ `at` of `sheet` moved."""
    tokens = Tokenizer(formula)
    changed = False
    for token in tokens.items:
        if token.type != Token.OPERAND or token.subtype != Token.RANGE:
            continue
        ref_sheet, cells = _split_sheet(token.value)
        if (ref_sheet or own_sheet) != sheet:
            continue
        moved = shift_reference(cells, at, amount)
        if moved != cells:
            prefix = token.value[: len(token.value) - len(cells)]
            token.value = prefix + moved
            changed = True
    return "=" + "".join(t.value for t in tokens.items) if changed else formula


def _shift_sqref(sqref: object, at: int, amount: int) -> str:
    return " ".join(shift_reference(str(part), at, amount) for part in str(sqref).split())


def _shift_defined(text: str, sheet: str, at: int, amount: int) -> str:
    parts = []
    for piece in text.split(","):
        ref_sheet, cells = _split_sheet(piece)
        if ref_sheet == sheet:
            piece = piece[: len(piece) - len(cells)] + shift_reference(cells, at, amount)
        parts.append(piece)
    return ",".join(parts)


def insert_rows(ws: Worksheet, at: int, amount: int) -> None:
    """Insert `amount` empty rows before row `at`, moving everything below as Excel would."""
    if amount <= 0:
        return
    wb: Workbook = ws.parent
    # A merged range across the insertion point is merged again, taller; the others keep their
    # objects (and the borders of their cells, which openpyxl moves with the cells).
    across = [r for r in ws.merged_cells.ranges if r.min_row < at <= r.max_row]
    for r in across:
        ws.merged_cells.remove(r)
    heights = {i: copy(d) for i, d in ws.row_dimensions.items() if i >= at}
    ws.insert_rows(at, amount)
    for i in sorted(heights, reverse=True):
        del ws.row_dimensions[i]
    for i, dim in heights.items():
        dim.index = i + amount
        ws.row_dimensions[i + amount] = dim
    for r in ws.merged_cells.ranges:
        if r.min_row >= at:
            r.shift(0, amount)
    for r in across:
        ws.merge_cells(
            start_row=r.min_row,
            start_column=r.min_col,
            end_row=r.max_row + amount,
            end_column=r.max_col,
        )
    for other in wb.worksheets:
        for row in other.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.value = shift_formula(cell.value, ws.title, other.title, at, amount)
    _shift_sheet_settings(ws, at, amount)
    for name in list(wb.defined_names.values()):
        if name.attr_text:
            name.attr_text = _shift_defined(name.attr_text, ws.title, at, amount)
    for name in list(ws.defined_names.values()):
        if name.attr_text:
            name.attr_text = _shift_defined(name.attr_text, ws.title, at, amount)


def _shift_sheet_settings(ws: Worksheet, at: int, amount: int) -> None:
    if ws.print_area:
        areas = [a.split("!")[-1] for a in str(ws.print_area).split(",")]
        ws.print_area = [shift_reference(a.replace("$", ""), at, amount) for a in areas]
    formats = ws.conditional_formatting
    old = list(formats)
    formats._cf_rules.clear()
    for entry in old:
        for rule in entry.rules:
            formats.add(_shift_sqref(entry.sqref, at, amount), rule)
    if ws.data_validations:
        for dv in ws.data_validations.dataValidation:
            dv.sqref = type(dv.sqref)(_shift_sqref(dv.sqref, at, amount))
    breaks = ws.row_breaks
    for brk in breaks.brk:
        if brk.id >= at - 1 and brk.id:
            brk.id += amount
    for item in [*getattr(ws, "_images", []), *getattr(ws, "_charts", [])]:
        anchor = getattr(item, "anchor", None)
        for end in (getattr(anchor, "_from", None), getattr(anchor, "to", None)):
            if end is not None and end.row >= at - 1:
                end.row += amount
