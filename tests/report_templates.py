"""Templates and month data for the report-filling tests: the shared sample, a marked copy of it,
and a second county's template laid out differently; a hand-built ReportData."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
from openpyxl.styles import Border, Font, Side

from kongchuo_desktop.domain.report_data import ReportData

# The shared sample (../shared/templates), with the copy kept in tests/fixtures for a clean clone.
_SHARED = Path("/work/shared/templates/县教育局控辍保学月报模板（示例）.xlsx")
_FIXTURE = Path(__file__).resolve().parent / "fixtures" / "县教育局控辍保学月报模板（示例）.xlsx"
SAMPLE = _SHARED if _SHARED.exists() else _FIXTURE
SHIPPED = (
    Path(__file__).resolve().parent.parent / "resources" / "templates" / "控辍保学月报模板.xlsx"
)

FIGURES = {
    "学年初在校生数": {"小学": 612, "初中": 405, "合计": 1017},
    "月末在校生数": {"小学": 608, "初中": 401, "合计": 1009},
    "本月转入": {"小学": 2, "初中": 0, "合计": 2},
    "本月转出": {"小学": 3, "初中": 1, "合计": 4},
    "本月休学": {"小学": 0, "初中": 1, "合计": 1},
    "本月复学": {"小学": 1, "初中": 0, "合计": 1},
    "本月死亡": {"小学": 0, "初中": 0, "合计": 0},
    "本月新增疑似辍学": {"小学": 1, "初中": 2, "合计": 3},
    "现有疑似辍学": {"小学": 1, "初中": 3, "合计": 4},
    "本月新增辍学": {"小学": 0, "初中": 1, "合计": 1},
    "本学年累计辍学": {"小学": 0, "初中": 2, "合计": 2},
    "本月劝返复学": {"小学": 1, "初中": 1, "合计": 2},
    "送教上门": {"小学": 2, "初中": 1, "合计": 3},
    "随班就读": {"小学": 4, "初中": 2, "合计": 6},
    "巩固率": {"小学": 99.5, "初中": 98.8, "合计": 99.2},
    "年辍学率": {"小学": 0.0, "初中": 0.49, "合计": 0.2},
}


def child(i: int) -> dict:
    return {
        "姓名": f"学生{i:02d}",
        "性别": "男" if i % 2 else "女",
        "身份证号": f"5201021{i:02d}0030712{i % 10}X"[:18],
        "学籍号": f"G52010{i:06d}",
        "年级": "七年级",
        "班级": "七年级2班",
        "监护人": f"家长{i:02d}",
        "联系电话": f"1380000{i:04d}",
        "辍学时间": dt.date(2026, 11, 3),
        "辍学原因": "厌学",
        "包保责任人": f"教师{i % 3}",
        "劝返次数": 2,
        "劝返时间": dt.date(2026, 11, 18),
        "安置方式": "回原班",
    }


def month_data(ledger: int = 3, returned: int = 2) -> ReportData:
    return ReportData(
        figures={k: dict(v) for k, v in FIGURES.items()},
        lists={
            "辍学学生台账": [child(i) for i in range(1, ledger + 1)],
            "已劝返学生花名册": [child(i) for i in range(50, 50 + returned)],
            "休学学生": [{"姓名": "休学甲", "休学原因": "疾病", "年级": "八年级"}],
            "送教上门学生": [],
        },
        titles={
            "报告月份": "2026年11月",
            "填报单位": "示例县第一中学",
            "填报日期": dt.date(2026, 11, 25),
        },
    )


def marked_copy(target: Path) -> Path:
    """The shared sample with placeholders written into it, as a county that marks its template."""
    shutil.copy(SAMPLE, target)
    wb = openpyxl.load_workbook(target)
    ws = wb["月报表"]
    columns = {
        "B": "学年初在校生数",
        "C": "月末在校生数",
        "D": "本月转入",
        "E": "本月转出",
        "I": "本月新增疑似辍学",
        "J": "现有疑似辍学",
        "P": "巩固率",
    }
    for col, figure in columns.items():
        for row, stage in ((5, "小学"), (6, "初中"), (7, "合计")):
            ws[f"{col}{row}"] = f"{{{{{figure}.{stage}}}}}"
    ws["A2"] = "填报单位（盖章）：{{填报单位}}"
    ws["H2"] = "报告月份：{{报告月份}}"
    ws["N2"] = "{{没有这个名字.小学}}"
    ledger = wb["辍学学生台账"]
    for col, field in (
        ("A", "序号"),
        ("B", "姓名"),
        ("D", "身份证号"),
        ("J", "监护人"),
        ("Q", "包保责任人"),
    ):
        ledger[f"{col}4"] = f"{{{{辍学学生台账.{field}}}}}"
    wb.save(target)
    return target


THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def boxed(ws, rows: range, cols: range) -> None:
    for r in rows:
        for c in cols:
            ws.cell(row=r, column=c).border = BOX


def other_county(target: Path) -> Path:
    """Another county's template: other sheet names, the figure table transposed (学段 across, a
    two-column label with a merged group), the list's header on rows 4–5 with merged and
    two-row titles, synonym titles, a column nobody can fill and a signature column."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "统计表"
    ws["A1"] = "某县控辍保学情况统计（月报）"
    ws.merge_cells("A1:E1")
    ws["A2"] = "统计月份："
    ws["C2"] = "学校名称："
    ws["A4"] = "项目"
    ws.merge_cells("A4:B4")
    for col, stage in (("C", "小学"), ("D", "初中"), ("E", "合计")):
        ws[f"{col}4"] = stage
    ws["A5"] = "学年初在校学生数"
    ws.merge_cells("A5:B5")
    ws["A6"] = "本月末在校学生数"
    ws.merge_cells("A6:B6")
    ws["A7"] = "辍学学生（人）"
    ws.merge_cells("A7:A8")
    ws["B7"] = "本月新增"
    ws["B8"] = "本学年累计"
    ws["A9"] = "巩固率"
    ws.merge_cells("A9:B9")
    for col in "CDE":
        ws[f"{col}9"].number_format = "0.0%"
    ws["A10"] = "心理辅导人次"
    ws.merge_cells("A10:B10")
    ws["E5"] = "=C5+D5"  # the county's own formula stays
    boxed(ws, range(4, 11), range(1, 6))
    ws["A12"] = "填报人："
    ws["C12"] = "审核人："
    ws.page_setup.orientation = "portrait"
    ws.print_area = "A1:E12"

    names = wb.create_sheet("名单一")
    names["A1"] = "劝返复学学生名册"
    names.merge_cells("A1:H1")
    names["A2"] = "学校名称："
    names["A4"] = "编号"
    names.merge_cells("A4:A5")
    names["B4"] = "学生姓名"
    names.merge_cells("B4:B5")
    names["C4"] = "公民身份号码"
    names.merge_cells("C4:C5")
    names["D4"] = "家长情况"
    names.merge_cells("D4:E4")
    names["D5"] = "姓名"
    names["E5"] = "电话"
    names["F4"] = "劝返责任人"
    names.merge_cells("F4:F5")
    names["G4"] = "学生体重"
    names.merge_cells("G4:G5")
    names["H4"] = "家长签字"
    names.merge_cells("H4:H5")
    for c in range(1, 9):
        names.cell(row=4, column=c).font = Font(bold=True)
    boxed(names, range(4, 11), range(1, 9))  # five blank rows: 6 … 10
    names["A12"] = "校长签字："
    names.merge_cells("A12:C12")
    names["D12"] = "=COUNTA(B6:B10)"
    names.row_dimensions[12].height = 28
    names.print_title_rows = "4:5"

    leave = wb.create_sheet("Sheet3")
    leave["A1"] = "休学学生登记表"
    leave.merge_cells("A1:E1")
    leave["A2"] = "填报单位："
    leave.merge_cells("B2:D2")
    for col in "BCD":
        leave[f"{col}2"].border = Border(bottom=THIN)
    for i, title in enumerate(("序号", "姓名", "班级", "休学原因", "休学时间"), start=1):
        leave.cell(row=3, column=i, value=title)
    for r in (4, 5, 6):  # three rows numbered in advance
        leave.cell(row=r, column=1, value=r - 3)
    boxed(leave, range(3, 8), range(1, 6))
    leave["A7"] = "合计"
    leave["B7"] = "=COUNTA(B4:B6)"
    wb.save(target)
    return target


def third_county(target: Path) -> Path:
    """A third layout: generic sheet names, a 序号 column and a note "单位：人" by the figure
    table, a column of girls only, group titles over the list's columns (学生基本情况,
    监护人情况), two titles in one cell, a 合计 row under the list."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = "XX县2026年控辍保学月报表"
    ws.merge_cells("A1:H1")
    ws["H2"] = "单位：人"
    ws["A3"] = "序号"
    ws.merge_cells("A3:A4")
    ws["B3"] = "学段"
    ws.merge_cells("B3:B4")
    ws["C3"] = "在校生"
    ws.merge_cells("C3:D3")
    ws["C4"], ws["D4"] = "学年初", "本月末"
    ws["E3"] = "疑似辍学"
    ws.merge_cells("E3:F3")
    ws["E4"], ws["F4"] = "本月新增", "现有"
    ws["G3"] = "其中女生"
    ws.merge_cells("G3:G4")
    ws["H3"] = "巩固率"
    ws.merge_cells("H3:H4")
    for i, stage in enumerate(("小学", "初中", "合计")):
        ws.cell(row=5 + i, column=1, value=i + 1)
        ws.cell(row=5 + i, column=2, value=stage)
    boxed(ws, range(3, 8), range(1, 9))

    names = wb.create_sheet("Sheet2")
    names["A1"] = "疑似辍学学生名单"
    names.merge_cells("A1:H1")
    names["A3"] = "学校（盖章）：            填报日期：    年  月  日"
    names["A5"] = "序号"
    names.merge_cells("A5:A6")
    names["B5"] = "学生基本情况"
    names.merge_cells("B5:F5")
    for col, title in zip("BCDEF", ("姓名", "性别", "出生年月", "年级", "班级"), strict=True):
        names[f"{col}6"] = title
    names["G5"] = "监护人情况"
    names.merge_cells("G5:H5")
    names["G6"], names["H6"] = "姓名", "联系电话"
    boxed(names, range(5, 17), range(1, 9))  # ten blank rows: 7 … 16
    names["A17"] = "合计"
    names["B17"] = "=COUNTA(B7:B16)"
    names["A19"] = "填表人：           审核人："
    wb.save(target)
    return target
