"""The columns of a village's 适龄儿童摸底 list (户籍线): which field each column holds.

Villages send their lists in their own layouts: 村/组 in one column or two, 户主, 姓名, 身份证号,
出生日期, 性别, 现就读学校/年级, 备注 under many names. Headers are compared the way the roster
import compares them (roster_columns.clean_header: full-width → half-width, no spaces, no stars).
"""

from __future__ import annotations

from kongchuo_desktop.domain.roster_columns import Field, clean_header

VILLAGE = "村"
GROUP = "组"
VILLAGE_GROUP = "村组"
HOUSEHOLDER = "户主"
NAME = "姓名"
ID_NUMBER = "身份证号"
BIRTH_DATE = "出生日期"
SEX = "性别"
SCHOOL = "现就读学校"
GRADE = "年级"
NOTE = "备注"

CENSUS_FIELDS: tuple[Field, ...] = (
    Field(VILLAGE, ("村名", "行政村", "所在村", "村(居)", "村居", "村委会", "村(社区)", "社区")),
    Field(GROUP, ("村民小组", "小组", "组别", "组名", "村小组", "社")),
    Field(VILLAGE_GROUP, ("村/组", "村(组)", "村组名称", "所在村组", "村、组", "村组别")),
    Field(HOUSEHOLDER, ("户主姓名", "户主名字", "户主名")),
    Field(NAME, ("儿童姓名", "学生姓名", "适龄儿童姓名", "名字", "适龄儿童"), required=True),
    Field(
        ID_NUMBER,
        (
            "身份证件号",
            "公民身份号码",
            "身份证号码",
            "身份证件号码",
            "证件号码",
            "证件号",
            "身份证",
            "儿童身份证号",
        ),
    ),
    Field(BIRTH_DATE, ("出生年月日", "出生年月", "生日", "出生时间")),
    Field(SEX, ("儿童性别",)),
    Field(
        SCHOOL,
        (
            "就读学校",
            "现就读学校/年级",
            "现就读学校及年级",
            "就读学校名称",
            "学校",
            "学校名称",
            "在读学校",
            "就读学校/年级",
        ),
    ),
    Field(GRADE, ("就读年级", "现就读年级", "所在年级")),
    Field(NOTE, ("说明", "情况说明", "未入学原因", "备注说明")),
)

_LOOKUP: dict[str, str] = {}
for _field in CENSUS_FIELDS:
    for _name in (_field.key, *_field.synonyms):
        _LOOKUP.setdefault(clean_header(_name), _field.key)


def guess_field(header: object) -> str | None:
    h = clean_header(header)
    return _LOOKUP.get(h) if h else None


def guess_mapping(headers: list[object]) -> dict[int, str]:
    """Column index → field for every understood header; a field named twice keeps the first."""
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    for i, header in enumerate(headers):
        key = guess_field(header)
        if key and key not in taken:
            mapping[i] = key
            taken.add(key)
    return mapping


def find_header_row(rows: list[list[object]], look_at: int = 30) -> int | None:
    """The first of the top rows that names 姓名 and the most other fields (a title row above the
    table, merged over its width, names none)."""
    best, best_score = None, 1
    for i, row in enumerate(rows[:look_at]):
        keys = {guess_field(c) for c in row} - {None}
        if NAME not in keys:
            continue
        if len(keys) > best_score:
            best, best_score = i, len(keys)
    return best
