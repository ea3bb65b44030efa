"""The ledger (台账) exported to .xlsx in the layout of the county template's 辍学学生台账 sheet:
the merged title, 填报单位 and 报告月份 on the second line, the 23 columns in the template's order,
one row per case. Prints on A4 landscape, one page wide. Never overwrites without `overwrite`,
never half a file (output_files). ID numbers in full only for accounts allowed to export them
(services/export_record.full_ids)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from kongchuo_desktop import output_files
from kongchuo_desktop.domain.masking import mask_id, mask_ids_in_text
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.services import guards
from kongchuo_desktop.services.case_ledger import LedgerRow
from kongchuo_desktop.services.export_record import full_ids
from kongchuo_desktop.services.roster_export import ExportError, data_folder

TITLE = "义务教育阶段疑似辍学及辍学学生工作台账"
SHEET = "辍学学生台账"
HEADER = (
    "序号",
    "姓名",
    "性别",
    "身份证号",
    "学籍号",
    "年级",
    "班级",
    "户籍所在地",
    "家庭住址",
    "监护人姓名",
    "联系电话",
    "是否建档立卡",
    "是否残疾",
    "是否留守儿童",
    "辍学（疑似辍学）时间",
    "辍学原因",
    "包保责任人",
    "劝返次数",
    "劝返措施及进展",
    "是否已复学",
    "复学时间",
    "安置方式",
    "备注",
)
WIDTHS = (5, 8, 5, 20, 22, 7, 9, 16, 16, 9, 13, 7, 6, 7, 12, 14, 12, 6, 30, 7, 11, 10, 16)


def _yes(flag: bool) -> str:
    return "是" if flag else "否"


def ledger_values(n: int, r: LedgerRow) -> list[object]:
    note = r.note
    if r.closed_on and not r.returned:
        note = f"{r.closed_on:%Y-%m-%d}以“{r.close_kind}”销号" + (f"：{note}" if note else "")
    elif r.student_id is None:
        note = "不在本校花名册" + (f"；{note}" if note else "")
    return [
        n,
        r.name,
        r.sex,
        r.id_number,
        r.student_number,
        r.grade,
        r.class_name,
        r.household,
        r.address,
        r.guardian,
        r.phone,
        _yes(r.poor),
        _yes(r.disabled),
        _yes(r.left_behind),
        r.opened_on.isoformat(),
        r.reasons_text,
        "、".join(r.responsible),
        r.contacts,
        r.measures,
        _yes(r.returned),
        r.closed_on.isoformat() if r.returned and r.closed_on else "",
        r.placement,
        note,
    ]


def _put(cell, value):
    """Text stays text (never a formula; characters an .xlsx cannot hold are left out)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def export_ledger(
    path: Path | str,
    rows: Sequence[LedgerRow],
    school_name: str,
    month: dt.date,
    *,
    overwrite: bool = False,
) -> Path:
    # openpyxl is imported here: only exporting needs it (start-up time).
    guards.school(Action.EXPORT)
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ExportError("导出文件名必须以 .xlsx 结尾")
    output_files.check_target(path, data_folder(), overwrite=overwrite)
    full = full_ids()
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    last = get_column_letter(len(HEADER))
    ws.merge_cells(f"A1:{last}1")
    ws["A1"] = TITLE
    ws["A1"].font = Font(bold=True, size=16)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    ws.merge_cells("A2:J2")
    _put(ws["A2"], f"填报单位（盖章）：{school_name}")
    ws.merge_cells(f"U2:{last}2")
    ws["U2"] = f"报告月份：{month.year}年{month.month}月"
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for col, (head, width) in enumerate(zip(HEADER, WIDTHS, strict=True), start=1):
        cell = ws.cell(row=3, column=col, value=head)
        cell.font = Font(bold=True)
        cell.alignment = wrap
        cell.border = box
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[3].height = 42
    left = Alignment(wrap_text=True, vertical="center")
    for n, r in enumerate(rows, start=1):
        values = ledger_values(n, r)
        if not full:
            values[3], values[4] = mask_id(values[3]), mask_ids_in_text(values[4])
        # Wrapped text needs its rows tall enough: Excel and LibreOffice do not grow a row
        # written by openpyxl (a Chinese character is about two width units).
        lines = max(
            -(-len(str(v)) * 2 // max(1, w - 1)) for v, w in zip(values, WIDTHS, strict=True)
        )
        ws.row_dimensions[3 + n].height = 15 * max(1, lines)
        for col, value in enumerate(values, start=1):
            cell = _put(ws.cell(row=3 + n, column=col), value)
            cell.border = box
            cell.alignment = left
            if col in (4, 5):
                cell.number_format = "@"
    ws.freeze_panes = "C4"
    ws.print_title_rows = "3:3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.3
    path.parent.mkdir(parents=True, exist_ok=True)
    with output_files.atomic_write(path) as tmp:
        wb.save(tmp)
    return path
