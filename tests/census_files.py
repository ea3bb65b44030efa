"""Villages' 摸底 lists as they arrive: a merged title row, each village's own header words,
full-width ID numbers, 村/组 in one column or two. Built with openpyxl in each test."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.roster_files import FULL, make_id

# Born so that on 2026-08-31 (the cut-off of 2026-2027) they are the age named.
BORN_13 = dt.date(2013, 5, 4)
BORN_5 = dt.date(2021, 3, 1)
BORN_17 = dt.date(2009, 5, 1)

ID_ZHANGSAN = make_id(dt.date(2013, 3, 5), "男", 1)
ID_ELSEWHERE = make_id(dt.date(2012, 7, 9), "男", 2)
ID_NOT_ENROLLED = make_id(BORN_13, "女", 3)
ID_INCLUSIVE = make_id(dt.date(2013, 1, 2), "女", 4)
BIRTH_LISI = dt.date(2013, 6, 6)

HONGXING_HEADER = ["序号", "村/组", "户主", "儿童姓名", "公民身份号码", "出生年月日", "性别",
                   "现就读学校/年级", "备注"]  # fmt: skip


def hongxing_rows() -> list[list[object]]:
    """红星村: one child of every kind of result (and one row the village got wrong)."""
    return [
        [1, "红星村一组", "张大山", "张三", ID_ZHANGSAN.translate(FULL), "", "男", "本校", ""],
        [2, "红星村一组", "李大海", "李四", "", "2013年6月6日", "男", "", ""],
        [3, "红星村二组", "王大田", "王小明", ID_ELSEWHERE, "", "", "县实验中学 八年级", ""],
        [4, "红星村二组", "赵大", "赵未", ID_NOT_ENROLLED, "", "", "", "在家"],
        [5, "红星村二组", "钱大", "钱缓", "", "2019-03-03", "男", "", "延缓入学（病）"],
        [6, "红星村三组", "孙大", "孙送", "", "2014-02-02", "女", "", "送教上门"],
        [7, "红星村三组", "周大", "周幼", "", BORN_5, "女", "镇幼儿园", ""],
        [8, "红星村三组", "吴大", "吴大", "", BORN_17, "男", "", "外出务工"],
        [9, "红星村三组", "郑大", "郑迁", "", "2012-01-01", "男", "", "户口已迁出"],
        [10, "红星村三组", "冯大", "冯故", "", "2014-05-05", "女", "", "2025年死亡"],
        [11, "红星村三组", "杨大", "杨随", ID_INCLUSIVE, "", "女", "", ""],
        [12, "红星村三组", "错大", "错号", "522401201301010000", "", "", "", ""],
        ["合计", "", "", "", "", "", "", "", ""],
    ]


QINGSHAN_HEADER = ["村", "组", "户主姓名", "姓名", "身份证号", "出生日期", "就读学校", "说明"]


def qingshan_rows() -> list[list[object]]:
    """青山村: 王小明 again (his family is registered in both villages), and 陈红 of ours."""
    return [
        ["青山村", "五组", "王大田", "王小明", ID_ELSEWHERE, "", "县实验中学", ""],
        ["青山村", "五组", "陈大", "陈红", "", "2013-09-09", "", ""],
    ]


def write_list(path: Path, header: list[str], rows: list[list[object]], title: str = "") -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "摸底"
    if title:
        ws.append([title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws.append(header)
    for row in rows:
        ws.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def hongxing(folder: Path, rows: list[list[object]] | None = None) -> Path:
    return write_list(
        folder / "红星村适龄儿童摸底表.xlsx",
        HONGXING_HEADER,
        hongxing_rows() if rows is None else rows,
        title="红星村2026年适龄儿童摸底登记表",
    )


def qingshan(folder: Path) -> Path:
    return write_list(folder / "青山村.xlsx", QINGSHAN_HEADER, qingshan_rows())
