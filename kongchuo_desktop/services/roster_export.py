"""Exporting the roster (or any filtered list) to .xlsx with the column names the import reads,
so an exported file imports back with no change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path

import peewee as pw

from kongchuo_desktop import output_files
from kongchuo_desktop.db import connection
from kongchuo_desktop.db.models import Guardian, RiskFlag, SchoolClass, Student
from kongchuo_desktop.domain import roster_columns as rc
from kongchuo_desktop.domain.grades import grade_name
from kongchuo_desktop.domain.masking import mask_id, mask_ids_in_text
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.domain.roster_rows import MEMBER_ATTRS, STUDENT_ATTRS
from kongchuo_desktop.domain.status_rules import GONE
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import guards
from kongchuo_desktop.services.calendar_service import current_school_year
from kongchuo_desktop.services.export_record import full_ids

TITLE_SUFFIX = "学生花名册"
ID_COLUMNS = ("身份证件号", "学籍号")  # masked for accounts that may not export them in full


class ExportError(UserError, ValueError):
    pass


def data_folder() -> Path:
    """The folder of the open database: its own files are never an export's target."""
    return Path(connection.current().database).parent


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# Text starting with one of these is a formula to Excel (or to a CSV made from the file):
# = + - @ as OWASP lists for CSV/Excel injection, and tab / carriage return.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell_value(ws, value: object, as_text: bool = False) -> object:
    """`value` as written into the export: text is always text, never a formula. A text cell is
    marked as a string explicitly (openpyxl would take “=HYPERLINK(…)” for a formula) and, when it
    starts like a formula, with Excel's quote prefix so that editing it in Excel keeps it text.
    Characters an .xlsx cannot hold (NUL and other control characters, as old imports may have
    let in) are left out instead of failing the whole export. `as_text` (ID numbers, phones) also
    gives the cell the text number format, so Excel never shows an ID as 1.1E+17."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if as_text and value not in (None, ""):
        value = str(value)
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    risky = value.startswith(FORMULA_STARTS)
    if not risky and not (as_text and value):
        return value
    cell = WriteOnlyCell(ws, value)
    cell.data_type = "s"
    if as_text:
        cell.number_format = "@"
    if risky:
        cell.quotePrefix = True
    return cell


def students_for_export(
    class_name: str | None = None, student_ids: Iterable[int] | None = None
) -> list[Student]:
    """Students of the current classes (or of one class by name, or the given ids), in class order.
    Students who have left (毕业, 转出, 死亡) are exported only when asked for by id."""
    query = Student.select(Student, SchoolClass).join(SchoolClass, pw.JOIN.LEFT_OUTER)
    if student_ids is not None:
        query = query.where(Student.id.in_(list(student_ids)))
    else:
        year = current_school_year()
        query = query.where(
            (SchoolClass.school_year == year) & Student.status.not_in([s.value for s in GONE])
        )
        if class_name:
            cls = find_class(class_name, year)
            query = query.where(Student.school_class == cls)
    return list(
        query.order_by(SchoolClass.grade, SchoolClass.number, Student.name_pinyin, Student.id)
    )


def find_class(name: str, year: str | None = None) -> SchoolClass:
    from kongchuo_desktop.domain import roster_values as v

    year = year or current_school_year()
    try:
        parsed = v.school_class(name)
    except ValueError as exc:
        raise ExportError(str(exc)) from exc
    if parsed is None or parsed[0] is None:
        raise ExportError(f"请写完整的班级名称，例如“七年级1班”（不是“{name}”）")
    cls = SchoolClass.get_or_none(
        (SchoolClass.school_year == year)
        & (SchoolClass.grade == parsed[0])
        & (SchoolClass.number == parsed[1])
    )
    if cls is None:
        raise ExportError(f"本学年（{year}）没有“{name}”")
    return cls


def print_setup(ws, header_row: int) -> None:
    """Printed from Excel: A4 across the page, all columns on one page wide (the rows run on over
    more pages), the header row repeated at the top of each page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4 (openpyxl Worksheet.PAPERSIZE_A4)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"


def export_roster(
    path: Path | str,
    students: list[Student],
    title: str = "",
    progress: Callable[[int, int], None] | None = None,
    *,
    overwrite: bool = False,
) -> Path:
    """Write `students` to an .xlsx: a merged title row, the header, one row per student.

    Never onto the data folder's own files; an existing file only with `overwrite` (the clerk
    confirmed, or --force). The workbook is written beside the target and renamed into place when
    complete: a failure leaves an existing file as it was (output_files.atomic_write).
    ID numbers (and a 学籍号 made of one) in full only for an account allowed to export them
    (services/export_record.full_ids); masked for everyone else."""
    # A 班主任 may take a list of the own class; the whole school needs a school-wide grant.
    guards.for_students(Action.EXPORT, [s.id for s in students])
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ExportError("导出文件名必须以 .xlsx 结尾")
    output_files.check_target(path, data_folder(), overwrite=overwrite)
    ids = [s.id for s in students]
    guardians: dict[int, list[Guardian]] = {}
    flags: dict[int, set[str]] = {}
    for chunk in range(0, len(ids), 500):
        part = ids[chunk : chunk + 500]
        for g in (
            Guardian.select()
            .where(Guardian.student.in_(part))
            .order_by(Guardian.student, Guardian.sort_order, Guardian.id)
        ):
            guardians.setdefault(g.student_id, []).append(g)
        for f in RiskFlag.select().where(RiskFlag.student.in_(part)):
            flags.setdefault(f.student_id, set()).add(f.flag)
    members = max([len(x) for x in guardians.values()] + [2])
    columns = rc.export_columns(members)
    attr_of = {key: attr for key, (attr, _) in STUDENT_ATTRS.items()}
    member_attr = {part: attr for part, (attr, _) in MEMBER_ATTRS.items()}

    from openpyxl.cell import WriteOnlyCell

    # Write-only mode streams rows to the file: three times faster on a whole school.
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("花名册")
    for col_idx, col in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(col_idx)].width = max(8, min(24, len(col) * 2 + 2))
    ws.freeze_panes = "C3"
    print_setup(ws, header_row=2)
    ws.merged_cells.ranges.add(f"A1:{get_column_letter(len(columns))}1")
    heading = safe_cell_value(ws, title or TITLE_SUFFIX, as_text=True)
    heading.font = Font(bold=True, size=14)
    heading.alignment = Alignment(horizontal="center")
    ws.append([heading])
    bold = Font(bold=True)
    header_cells = []
    for col in columns:
        cell = WriteOnlyCell(ws, col)
        cell.font = bold
        header_cells.append(cell)
    ws.append(header_cells)
    # Numbers kept as text (and formatted as text) so Excel never shows an ID as 1.1E+17.
    as_text = {
        i for i, col in enumerate(columns) if col in ("身份证件号", "学籍号") or "电话" in col
    }
    masked = set() if full_ids() else {i for i, col in enumerate(columns) if col in ID_COLUMNS}
    for n, s in enumerate(students, start=1):
        cls: SchoolClass | None = s.school_class
        mine = guardians.get(s.id, [])
        mine_flags = flags.get(s.id, ())
        row: list[object] = []
        for i, col in enumerate(columns):
            if col in attr_of:
                value = _cell(getattr(s, attr_of[col]))
            elif col == "年级":
                value = grade_name(cls.grade) if cls else ""
            elif col == "班级":
                value = cls.name if cls else ""
            elif col == "学籍状态":
                value = s.status
            elif col in rc.FLAG_COLUMNS:
                value = "是" if rc.FLAG_COLUMNS[col] in mine_flags else "否"
            elif col.startswith("成员"):
                k, part = rc.member_part(col)
                value = _cell(getattr(mine[k - 1], member_attr[part])) if k <= len(mine) else ""
            else:
                value = ""
            if i in masked and isinstance(value, str):
                value = mask_ids_in_text(value) if col == "学籍号" else mask_id(value)
            row.append(safe_cell_value(ws, value, as_text=i in as_text))
        ws.append(row)
        if progress and n % 100 == 0:
            progress(n, len(students))
    path.parent.mkdir(parents=True, exist_ok=True)
    with output_files.atomic_write(path) as tmp:
        wb.save(tmp)
    if progress:
        progress(len(students), len(students))
    return path
