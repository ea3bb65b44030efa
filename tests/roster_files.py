"""Register exports as real files are: a merged title row, mixed date formats, full-width
characters, numbers where text belongs, bad rows, blank and 合计 rows. Built fresh in each test."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from kongchuo_desktop.domain import id_number

TITLE = "青山镇中心学校2026年秋季学期学生花名册"
HEADER = [
    "序号",
    "学生姓名",
    "性别",
    "出生日期",
    "民族",
    "身份证号",
    "全国学籍号",
    "年级",
    "班级",
    "监护人电话",
    "是否留守儿童",
    "成员1姓名",
    "成员1关系",
    "成员1是否监护人",
    "成员1联系电话",
    "家长签字",
]
FULL = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def make_id(born: dt.date, sex: str, seed: int, want_x: bool = False) -> str:
    rng = random.Random(seed)
    while True:
        n = id_number.make("520102", born, sex, rng)
        if n.endswith("X") == want_x:
            return n


BORN = dt.date(2017, 3, 5)
ID_ZHANG = make_id(BORN, "男", 1, want_x=True)  # ends in X, written as full-width with lowercase x
ID_LI = make_id(BORN, "女", 2)
ID_WANG = make_id(BORN, "男", 3)
ID_ZHAO_BAD = make_id(BORN, "男", 4)[:17] + "0"
ID_NONAME = make_id(BORN, "女", 5)
ID_DUP = make_id(BORN, "男", 6)
ID_ZHENG = make_id(BORN, "女", 7)
if ID_ZHAO_BAD[17] == id_number.check_digit(ID_ZHAO_BAD[:17]):
    ID_ZHAO_BAD = ID_ZHAO_BAD[:17] + "1"


def messy_rows() -> list[list[object]]:
    """Rows after the header; Excel row numbers 3.. (title row 1, header row 2)."""
    zhang_id = ID_ZHANG[:17].translate(FULL) + "x"
    return [
        # 3: good — full-width ID with lowercase x, date as text 2017-03-05, class （1）班
        [
            1,
            "张三",
            "男",
            "2017-03-05",
            "汉族",
            zhang_id,
            "G" + ID_ZHANG,
            "三年级",
            "（1）班",
            "13800000001",
            "是",
            "张大山",
            "父亲",
            "是",
            "13800000011",
            "",
        ],
        # 4: good — stray spaces, Excel date, phone as a number, class (1)班
        [
            2,
            " 李 四 ",
            "女",
            BORN,
            "汉族",
            ID_LI,
            "G" + ID_LI,
            "三年级",
            "(1)班",
            13812345678,
            "否",
            "李明",
            "母亲",
            "是",
            13912345678.0,
            "",
        ],
        # 5: good — 2017年3月5日, class written with its grade, full-width phone
        [
            3,
            "王五",
            "男",
            "2017年3月5日",
            "苗族",
            ID_WANG,
            "",
            "",
            "三年级2班",
            "１３９１２３４５６７８",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        # 6: blank row
        [None] * len(HEADER),
        # 7: bad check digit
        [
            4,
            "赵六",
            "男",
            "2017-03-05",
            "汉族",
            ID_ZHAO_BAD,
            "",
            "三年级",
            "1班",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        # 8: no name
        [
            5,
            "",
            "女",
            "2017-03-05",
            "汉族",
            ID_NONAME,
            "",
            "三年级",
            "1班",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        # 9: neither ID nor 学籍号
        [
            6,
            "钱七",
            "男",
            "2017-03-05",
            "汉族",
            "",
            "",
            "三年级",
            "1班",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        # 10, 11: the same ID twice
        [
            7,
            "孙八",
            "男",
            "2017-03-05",
            "汉族",
            ID_DUP,
            "",
            "三年级",
            "1班",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        [
            8,
            "周九",
            "男",
            "2017-03-05",
            "汉族",
            ID_DUP,
            "",
            "三年级",
            "2班",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        # 12: good — no ID, an L-学籍号; 20170305; grade as a digit
        [
            9,
            "吴十",
            "女",
            "20170305",
            "汉族",
            "",
            "L52010220170305001",
            "3",
            "(2)班",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        # 13: good with a warning — birth date differs from the ID's
        [
            10,
            "郑十一",
            "女",
            "2017/3/6",
            "汉族",
            ID_ZHENG,
            "",
            "三年级",
            "2班",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        # 14: summary row
        ["合计", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "共10人"],
    ]


GOOD_ROWS = {3, 4, 5, 12, 13}
BAD_ROWS = {7, 8, 9, 10, 11}


def write_xlsx(path: Path, rows: list[list[object]] | None = None) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append([TITLE])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws.append(HEADER)
    for row in rows if rows is not None else messy_rows():
        ws.append(row)
    wb.save(path)
    return path


def write_xls(path: Path, rows: list[list[object]] | None = None) -> Path:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("学生信息")
    ws.write_merge(0, 0, 0, len(HEADER) - 1, TITLE)
    for c, h in enumerate(HEADER):
        ws.write(1, c, h)
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for r, row in enumerate(rows if rows is not None else messy_rows(), start=2):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, dt.date):
                ws.write(r, c, value, date_style)
            else:
                ws.write(r, c, value)
    wb.save(str(path))
    return path
