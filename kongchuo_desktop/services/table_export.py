"""A table as the clerk sees it (title, header, rows) written to an .xlsx: the 出勤统计 today, other
lists later. The view hands over the columns in the order shown and the raw values (numbers stay
numbers); text is always written as text, never as a formula (roster_export.safe_cell_value).

Never onto the data folder's own files, an existing file only with `overwrite`, and never half a
file (output_files.check_target and atomic_write).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kongchuo_desktop import output_files
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.services import guards
from kongchuo_desktop.services.export_record import masked_table
from kongchuo_desktop.services.roster_export import ExportError, data_folder, safe_cell_value

# Characters a sheet's name may not hold in Excel, and its longest length.
_SHEET_FORBIDDEN = str.maketrans({c: "－" for c in "[]:*?/\\"})
_SHEET_MAX = 31


@dataclass(frozen=True)
class ShownTable:
    """A table as shown: `title` (the school's name and the page), `subtitle` (the period),
    `header` and `rows` of raw values, `percent_columns` holding fractions shown as 95.0%,
    `total_rows` (indexes into rows) set in bold."""

    title: str
    subtitle: str
    header: Sequence[str]
    rows: Sequence[Sequence[object]]
    percent_columns: Collection[int] = field(default_factory=frozenset)
    total_rows: Collection[int] = field(default_factory=frozenset)
    sheet_name: str = ""
    landscape: bool = False  # wide lists (a census roster) print across the page
    # Column widths in characters, by column; missing ones are worked out from the header.
    widths: Sequence[float] = ()


def sheet_name(text: str) -> str:
    """`text` as a valid Excel sheet name (no []:*?/\\, at most 31 characters)."""
    return (text.translate(_SHEET_FORBIDDEN).strip("'") or "Sheet")[:_SHEET_MAX]


def _cell(ws, value: object):
    """A write-only cell holding `value`; text as text (never a formula, text number format)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import Cell

    if isinstance(value, str):
        value = safe_cell_value(ws, value, as_text=True)
    return value if isinstance(value, Cell) else WriteOnlyCell(ws, value)


def export_table(
    path: Path | str,
    table: ShownTable,
    progress: Callable[[int, int], None] | None = None,
    *,
    overwrite: bool = False,
) -> Path:
    """Write `table` to an .xlsx: a merged title row, the subtitle, the header, the rows."""
    guards.school(Action.EXPORT)
    # openpyxl is imported here, not at the top: it is only needed when exporting (start-up time).
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ExportError("导出文件名必须以 .xlsx 结尾")
    output_files.check_target(path, data_folder(), overwrite=overwrite)
    table = masked_table(table)  # ID numbers in full only for accounts allowed to export them
    width = max(1, len(table.header))
    last_col = get_column_letter(width)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet_name(table.sheet_name or table.title))
    for i, head in enumerate(table.header, start=1):
        width = table.widths[i - 1] if i <= len(table.widths) else 0
        ws.column_dimensions[get_column_letter(i)].width = width or max(
            10, min(24, len(head) * 2 + 4)
        )
    ws.freeze_panes = "B4"
    # Printed from Excel too: A4, as wide as the page (the rows run on over more pages).
    ws.page_setup.paperSize = "9"  # A4 (openpyxl Worksheet.PAPERSIZE_A4)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "3:3"  # the header on every printed page
    if table.landscape:
        ws.page_setup.orientation = "landscape"
    for line in (1, 2):
        ws.merged_cells.ranges.add(f"A{line}:{last_col}{line}")
    title = _cell(ws, table.title)
    title.font = Font(bold=True, size=14)
    title.alignment = Alignment(horizontal="center")
    ws.append([title])
    subtitle = _cell(ws, table.subtitle)
    subtitle.alignment = Alignment(horizontal="center")
    ws.append([subtitle])
    bold = Font(bold=True)
    header = []
    for head in table.header:
        cell = _cell(ws, head)
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="center")  # a narrow column's header
        header.append(cell)
    ws.append(header)
    total = len(table.rows)
    for n, row in enumerate(table.rows):
        cells = []
        for col, value in enumerate(row):
            cell = _cell(ws, value)
            if col in table.percent_columns and isinstance(value, int | float):
                cell.number_format = "0.0%"
            if n in table.total_rows:
                cell.font = bold
            cells.append(cell)
        ws.append(cells)
        if progress and n % 100 == 0:
            progress(n, total)
    path.parent.mkdir(parents=True, exist_ok=True)
    with output_files.atomic_write(path) as tmp:
        wb.save(tmp)
    if progress:
        progress(total, total)
    return path
