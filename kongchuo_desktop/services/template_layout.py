"""Finding the parts of a bureau's template sheet, marked or not: `{{…}}` placeholders, title cells
(填报单位 / 报告月份 / 填报日期), figure tables (学段 × figure, either orientation) and list tables
(header rows — merged and two-row ones too —, the blank rows under them, the footer below).

What each part *means* is decided in domain/template_labels.py; this module only reads the sheet.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kongchuo_desktop.domain import template_labels as labels

HEADER_SEARCH_ROWS = (
    60  # a list's header is within this many rows of the sheet's top (or of the list above)
)
MAX_LISTS = 6  # lists one sheet may hold one under another
MIN_FIELDS = 2  # known column titles (序号 not counted) that make a row a list's header


class Grid:
    """A sheet's text with merged cells repeated over their range (a merged title reads the same
    from every cell it covers)."""

    def __init__(self, ws: Worksheet):
        self.ws = ws
        self.values: dict[tuple[int, int], object] = {}
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None and str(cell.value).strip() != "":
                    self.values[(cell.row, cell.column)] = cell.value
        self.merged: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        for r in ws.merged_cells.ranges:
            for row in range(r.min_row, r.max_row + 1):
                for col in range(r.min_col, r.max_col + 1):
                    self.merged[(row, col)] = (r.min_row, r.min_col, r.max_row, r.max_col)
        self.max_row = ws.max_row
        self.max_col = ws.max_column

    def value(self, row: int, col: int) -> object:
        top = self.merged.get((row, col))
        if top:
            return self.values.get((top[0], top[1]))
        return self.values.get((row, col))

    def text(self, row: int, col: int) -> str:
        value = self.value(row, col)
        return "" if value is None else str(value).strip()

    def own_text(self, row: int, col: int) -> str:
        """The cell's text only if it is the cell itself or the top-left of its merged range."""
        value = self.values.get((row, col))
        return "" if value is None else str(value).strip()

    def width_of(self, row: int, col: int) -> int:
        top = self.merged.get((row, col))
        return 1 if top is None else top[3] - top[1] + 1

    def row_texts(self, row: int) -> list[str]:
        return [self.own_text(row, c) for c in range(1, self.max_col + 1) if self.own_text(row, c)]

    def bordered(self, row: int, col: int) -> bool:
        border = self.ws.cell(row=row, column=col).border
        return any(getattr(border, side).style for side in ("left", "right", "top", "bottom"))


@dataclass
class Placeholder:
    row: int
    column: int
    text: str
    names: list[str]


@dataclass
class TitleCell:
    row: int
    column: int
    names: list[str]
    text: str
    beside: tuple[int, int] | None = None  # the empty box right of the label the value goes in


@dataclass
class FigureTable:
    """`stages` maps the row (or column) of each 学段 line to its stage; `lines` maps each label
    line — a column when the stages are rows, a row when transposed — to its label parts."""

    transposed: bool
    stages: dict[int, str]
    lines: dict[int, list[str]]
    header_rows: tuple[int, int] = (0, 0)


@dataclass
class ListTable:
    header_first: int
    header_last: int
    columns: dict[int, list[str]]  # column → its header parts, top to bottom
    first_row: int
    capacity: int
    footer_row: int | None
    caption: str = ""  # the sheet's title text above the header


@dataclass
class SheetLayout:
    name: str
    placeholders: list[Placeholder] = field(default_factory=list)
    titles: list[TitleCell] = field(default_factory=list)
    figure_tables: list[FigureTable] = field(default_factory=list)
    lists: list[ListTable] = field(default_factory=list)
    blank_below: dict[int, int] = field(default_factory=dict)  # a marked list row → its room

    def header_labels(self) -> list[str]:
        """What the template's fingerprint is taken of for this sheet."""
        out = [p.text for p in self.placeholders]
        for table in self.figure_tables:
            out += ["".join(parts) for parts in table.lines.values()]
        for item in self.lists:
            out += ["".join(parts) for parts in item.columns.values()]
        return out


def read_layout(ws: Worksheet) -> SheetLayout:
    grid = Grid(ws)
    layout = SheetLayout(ws.title)
    for (row, col), value in sorted(grid.values.items()):
        names = labels.placeholders(value)
        if names:
            layout.placeholders.append(Placeholder(row, col, str(value), names))
    if layout.placeholders:
        for mark in layout.placeholders:
            if any("." in n and not labels.match_stage(n.partition(".")[2]) for n in mark.names):
                cols = [p.column for p in layout.placeholders if p.row == mark.row]
                below, _footer = blank_rows(grid, mark.row + 1, cols, mark.row)
                layout.blank_below[mark.row] = 1 + below
        return layout  # a marked sheet is filled by its marks only
    for (row, col), value in sorted(grid.values.items()):
        names = labels.titles_in(value)
        if names:
            beside = _box_beside(grid, row, col, value) if len(names) == 1 else None
            layout.titles.append(TitleCell(row, col, names, value, beside))
    layout.figure_tables = _figure_tables(grid)
    taken = {r for t in layout.figure_tables for r in range(t.header_rows[0], t.header_rows[1] + 1)}
    taken |= {r for t in layout.figure_tables if not t.transposed for r in t.stages}
    start = 1
    while len(layout.lists) < MAX_LISTS:
        found = _list_table(grid, taken, start)
        if found is None:
            break
        layout.lists.append(found)
        if found.footer_row is None:
            break
        start = found.footer_row
    return layout


def _box_beside(grid: Grid, row: int, col: int, text: str) -> tuple[int, int] | None:
    """A label ending with its colon ("填报单位：") followed by an empty merged or underlined
    cell: the value goes into that cell, not after the colon."""
    if not text.rstrip().endswith(("：", ":")):
        return None
    right = col + grid.width_of(row, col)
    if right > grid.max_col or grid.text(row, right):
        return None
    border = grid.ws.cell(row=row, column=right).border
    if grid.width_of(row, right) > 1 or border.bottom.style:
        return (row, right)
    return None


def _has_colon(text: str) -> bool:
    return "：" in text or ":" in text


# ---- figure tables -------------------------------------------------------------------------------


def _figure_tables(grid: Grid) -> list[FigureTable]:
    stage_cells = {}
    for (row, col), value in grid.values.items():
        stage = labels.match_stage(value)
        if stage:
            stage_cells[(row, col)] = stage
    tables = []
    by_col: dict[int, dict[int, str]] = {}
    by_row: dict[int, dict[int, str]] = {}
    for (row, col), stage in stage_cells.items():
        by_col.setdefault(col, {})[row] = stage
        by_row.setdefault(row, {})[col] = stage
    for col, rows in sorted(by_col.items()):
        if len(set(rows.values())) >= 2:
            tables.append(_table_with_stage_rows(grid, col, rows))
    for row, cols in sorted(by_row.items()):
        if len(set(cols.values())) >= 2:
            tables.append(_table_with_stage_columns(grid, row, cols))
    return [t for t in tables if t.lines]


def _is_header_row(grid: Grid, row: int, first_col: int, last_col: int) -> bool:
    """Is `row` (above a figure table) part of its header: some text over the table's columns,
    no title across the table, not only notes with a colon ("单位：人", "填报单位：")?"""
    texts = [grid.text(row, c) for c in range(first_col, last_col + 1)]
    if not any(texts):
        return False
    if all(_has_colon(t) for t in texts if t):
        return False
    for c in range(first_col, last_col + 1):
        span = grid.merged.get((row, c))
        if (
            span
            and grid.text(row, c)
            and span[3] - span[1] + 1 >= max(3, (last_col - first_col + 1) * 0.8)
        ):
            return False  # a title across the table
    return True


def _table_with_stage_rows(grid: Grid, label_col: int, rows: dict[int, str]) -> FigureTable:
    top = min(rows)
    last_col = grid.max_col
    first = top
    while first > 1 and _is_header_row(grid, first - 1, label_col, last_col):
        first -= 1
    lines = {}
    for col in range(label_col + 1, last_col + 1):
        parts = [grid.text(r, col) for r in range(first, top)]
        if any(parts):
            lines[col] = parts
    return FigureTable(False, dict(rows), lines, (first, top - 1))


def _table_with_stage_columns(grid: Grid, stage_row: int, cols: dict[int, str]) -> FigureTable:
    left = min(cols)
    lines = {}
    row = stage_row + 1
    while row <= grid.max_row:
        parts = [grid.text(row, c) for c in range(1, left)]
        if not any(parts) or any(
            labels.is_footer(p) and not labels.match_figure([p]) for p in parts
        ):
            break
        lines[row] = parts
        row += 1
    return FigureTable(True, dict(cols), lines, (stage_row, stage_row))


# ---- list tables ---------------------------------------------------------------------------------


def _field_count(grid: Grid, row: int) -> int:
    count = 0
    for col in range(1, grid.max_col + 1):
        text = grid.own_text(row, col)
        if not text:
            continue
        found = labels.match_field([text]).field
        if found and found != labels.serial_field():
            count += 1
    return count


def _list_table(grid: Grid, taken: set[int], start: int = 1) -> ListTable | None:
    """The list whose header is found first from row `start` (the best row of known titles)."""
    best_row, best = 0, 0
    for row in range(start, min(grid.max_row, start + HEADER_SEARCH_ROWS) + 1):
        if row in taken:
            continue
        count = _field_count(grid, row)
        if count > best:
            best_row, best = row, count
    if best < MIN_FIELDS:
        return None
    first, last = best_row, best_row
    cols = [c for c in range(1, grid.max_col + 1) if grid.text(best_row, c)]
    first_col, last_col = min(cols), max(cols)
    # Rows above with group titles over several columns ("家庭情况" over 监护人 and 电话).
    while first > start and _is_group_row(grid, first - 1, first_col, last_col):
        first -= 1
    # Rows below that belong to the header: vertically merged titles reach into them, or they
    # hold sub-titles under a title merged across columns.
    changed = True
    while changed:
        changed = False
        for col in range(first_col, last_col + 1):
            span = grid.merged.get((last, col))
            if span and span[2] > last:
                last, changed = span[2], True
        if not changed and _has_subtitles(grid, last, first_col, last_col):
            last, changed = last + 1, True
    columns = {}
    for col in range(first_col, last_col + 1):
        parts = [grid.text(r, col) for r in range(first, last + 1)]
        if any(parts):
            columns[col] = parts
    first_row = last + 1
    serial = next(
        (
            c
            for c, parts in columns.items()
            if labels.match_field(parts).field == labels.serial_field()
        ),
        None,
    )
    capacity, footer = blank_rows(grid, first_row, list(columns), serial_column=serial)
    caption = " ".join(t for r in range(start, first) for t in grid.row_texts(r))
    return ListTable(first, last, columns, first_row, capacity, footer, caption)


def blank_rows(
    grid: Grid,
    first_row: int,
    columns: list[int],
    styled_like: int | None = None,
    serial_column: int | None = None,
) -> tuple[int, int | None]:
    """How many blank rows a list has from `first_row` (the bordered ones when its first row is
    bordered: a blank spacer above the footer is not for children), and the footer's row. A row
    holding only a pre-printed 序号 or formulas counts as blank."""
    footer = next(
        (r for r in range(first_row, grid.max_row + 1) if not _is_blank(grid, r, serial_column)),
        None,
    )
    end = footer if footer is not None else max(grid.max_row + 1, first_row + 1)
    model = styled_like or first_row
    use_borders = model < end and any(grid.bordered(model, c) for c in columns)
    capacity = 0
    for r in range(first_row, end):
        if use_borders and not any(grid.bordered(r, c) for c in columns):
            break
        capacity += 1
    return capacity, footer


def _is_blank(grid: Grid, row: int, serial_column: int | None) -> bool:
    for col in range(1, grid.max_col + 1):
        value = grid.values.get((row, col))
        if value is None:
            continue
        if isinstance(value, str) and value.startswith("="):
            continue  # a formula the template carries in each row
        if col == serial_column and (isinstance(value, int) or str(value).strip().isdigit()):
            continue
        return False
    return True


def _is_group_row(grid: Grid, row: int, first_col: int, last_col: int) -> bool:
    width = last_col - first_col + 1
    found = False
    for col in range(first_col, last_col + 1):
        own = grid.own_text(row, col)
        if not own:
            continue
        if _has_colon(own) or grid.width_of(row, col) >= max(3, width * 0.8):
            return False
        if grid.width_of(row, col) > 1:
            found = True
    return found


def _has_subtitles(grid: Grid, last: int, first_col: int, last_col: int) -> bool:
    below = last + 1
    if below > grid.max_row:
        return False
    under_groups = False
    for col in range(first_col, last_col + 1):
        own = grid.own_text(below, col)
        if not own:
            continue
        span = grid.merged.get((last, col))
        if span is None or span[3] == span[1]:
            return False  # text under a single-column title: a data row, not a sub-title
        under_groups = True
    return under_groups


def letter(col: int) -> str:
    return get_column_letter(col)
