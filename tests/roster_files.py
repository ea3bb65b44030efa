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


# ---- hostile and mislabelled files (small: built in a few milliseconds) -----------------------


def rewrite_sheet_xml(path: Path, change) -> Path:
    """Rewrite the first sheet's XML of the .xlsx at `path` with `change(xml_bytes) -> bytes`."""
    import zipfile

    parts = {}
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            parts[info.filename] = zf.read(info)
    parts["xl/worksheets/sheet1.xml"] = change(parts["xl/worksheets/sheet1.xml"])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def with_dimension(path: Path, ref: str) -> Path:
    """The sheet claims to use `ref` (e.g. A1:XFD1048576), whatever its cells are."""
    import re

    return rewrite_sheet_xml(
        path,
        lambda xml: re.sub(
            rb'<dimension ref="[^"]*" ?/>', f'<dimension ref="{ref}"/>'.encode(), xml
        ),
    )


def with_far_cell(path: Path, ref: str, text: str = "x") -> Path:
    """One more cell far away (its <dimension> left as it was, as a hostile file would)."""
    row = "".join(ch for ch in ref if ch.isdigit())
    cell = f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c></row>'
    return rewrite_sheet_xml(
        path, lambda xml: xml.replace(b"</sheetData>", cell.encode() + b"</sheetData>")
    )


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A minimal, valid compound file (CFB version 3, 512-byte sectors) holding `streams`, each
    padded to 4096 bytes so that it lives in ordinary sectors. A password-protected .xlsx is such
    a file with the streams EncryptionInfo and EncryptedPackage ([MS-OFFCRYPTO] 2.3.4)."""
    import struct

    end, free, fat_sector = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    assert len(streams) <= 3  # root + 3 entries fill one directory sector
    data = [body.ljust(4096, b"\0") for body in streams.values()]
    fat = [fat_sector, end]  # sector 0: the FAT, sector 1: the directory
    starts = []
    for body in data:
        count = len(body) // 512
        starts.append(len(fat))
        fat += [len(fat) + i + 1 for i in range(count - 1)] + [end]
    fat += [free] * (128 - len(fat))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        raw = (name + "\0").encode("utf-16-le")
        return (
            raw.ljust(64, b"\0")
            + struct.pack("<HBB", len(raw), kind, 1)
            + struct.pack("<III", free, right, child)
            + bytes(16 + 4 + 16)
            + struct.pack("<IQ", start, size)
        )

    names = list(streams)
    directory = entry("Root Entry", 5, 1 if names else free, free, end, 0)
    for i, (name, start) in enumerate(zip(names, starts, strict=True)):
        right = i + 2 if i + 1 < len(names) else free
        directory += entry(name, 2, free, right, start, len(data[i]))
    directory = directory.ljust(512, b"\0")
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
        + struct.pack("<I", 0)
        + struct.pack("<108I", *([free] * 108))
    )
    assert len(header) == 512
    return header + struct.pack("<128I", *fat) + directory + b"".join(data)


def encrypted_xlsx(path: Path) -> Path:
    """What Excel writes for an .xlsx with an open password: a compound file, not a zip."""
    info = bytes.fromhex("04000400") + b"\x40\x00\x00\x00" + b"<encryption/>"  # agile: 4.4
    path.write_bytes(compound_file({"EncryptionInfo": info, "EncryptedPackage": bytes(600)}))
    return path


def encrypted_xls(path: Path) -> Path:
    """An .xls with an open password: xlwt's WRITEACCESS record (112 bytes) turned into the
    FILEPASS record every encrypted BIFF8 workbook has."""
    write_xls(path)
    data = path.read_bytes()
    record = b"\x5c\x00\x70\x00"
    assert data.count(record) == 1
    path.write_bytes(data.replace(record, b"\x2f\x00\x70\x00"))
    return path
