"""The register's columns (花名册, 学籍系统导出): which field each column holds, by name/synonyms.

A column is mapped to a field key. Keys are the names this app writes on export, so an exported
roster maps back onto itself. Family members are numbered: 成员1姓名 → ("member", 1, "name").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kongchuo_desktop.domain.hidden_text import strip_hidden
from kongchuo_desktop.domain.risk_flags import RISK_FLAGS


@dataclass(frozen=True)
class Field:
    key: str  # the name written on export and shown in the mapping (姓名, 身份证件号 …)
    synonyms: tuple[str, ...] = ()
    required: bool = False


# Student fields, in export order. The first name of each is the export's column name.
STUDENT_FIELDS: tuple[Field, ...] = (
    Field("学籍号", ("全国学籍号", "学籍号码", "全国学籍号码", "学籍编号", "国家学籍号")),
    Field("姓名", ("学生姓名", "名字", "学生名字"), required=True),
    Field("性别", ("学生性别",)),
    Field("出生日期", ("出生年月日", "出生年月", "生日", "出生时间")),
    Field("籍贯", ()),
    Field("民族", ()),
    Field("身份证件类型", ("证件类型", "身份证类型")),
    Field(
        "身份证件号",
        ("身份证号", "公民身份号码", "身份证号码", "身份证件号码", "证件号码", "证件号", "身份证"),
    ),
    Field("户口所在地", ("户籍所在地", "户口所在地址", "户籍地址", "户口地址")),
    Field("户口性质", ("户籍性质",)),
    Field("健康状况", ()),
    Field("年级", ("所在年级", "年级名称")),
    Field("班级", ("班级名称", "所在班级", "班别", "班")),
    Field("入学年月", ("入学时间", "入学日期", "入校年月")),
    Field("就读方式", ()),
    Field("现住址", ("家庭住址", "家庭地址", "住址", "现居住地址", "居住地址")),
    Field("联系电话", ("监护人电话", "家长电话", "家长联系电话", "电话", "手机号", "联系方式")),
    Field("是否独生子女", ("独生子女",)),
    Field("残疾人类型", ("残疾类型",)),
    Field("学籍状态", ("状态", "在校状态")),
    Field("是否随班就读", ("随班就读",)),
    Field("备注", ()),
)

# Yes/no risk-flag columns: column name → flag. The register's own names come first.
FLAG_COLUMNS: dict[str, str] = {
    "是否建档立卡贫困户": "建档立卡/脱贫户/监测户",
    "是否低保": "低保",
    "是否特困供养": "特困供养",
    "是否残疾": "残疾",
    "是否残疾人子女": "残疾人子女",
    "是否留守儿童": "留守儿童",
    "是否单亲": "单亲",
    "是否孤儿": "孤儿/事实无人抚养",
    "是否服刑人员子女": "服刑人员子女",
    "是否进城务工人员随迁子女": "随迁子女",
    "是否学困生": "学困生",
    "是否厌学": "厌学",
    "是否双困生": "双困生",
}
FLAG_SYNONYMS: dict[str, tuple[str, ...]] = {
    "是否建档立卡贫困户": (
        "是否建档立卡",
        "是否建档立卡户",
        "是否脱贫户",
        "是否监测户",
        "建档立卡",
    ),
    "是否低保": ("是否低保户", "低保"),
    "是否留守儿童": ("留守儿童",),
    "是否单亲": ("是否单亲家庭", "单亲"),
    "是否孤儿": ("孤儿",),
    "是否进城务工人员随迁子女": ("是否随迁子女", "随迁子女"),
}
assert set(FLAG_COLUMNS.values()) == set(RISK_FLAGS)

# Family members: 成员1姓名 … The part after the number is one of these.
MEMBER_PARTS: dict[str, tuple[str, ...]] = {
    "姓名": ("姓名", "名字"),
    "关系": ("关系", "与学生关系", "与本人关系"),
    "是否监护人": ("是否监护人", "监护人"),
    "联系电话": ("联系电话", "电话", "手机", "手机号"),
    "是否外出务工": ("是否外出务工", "外出务工"),
}
MEMBER_PREFIXES = ("家庭成员", "成员", "监护人")
MAX_MEMBERS = 9

# School rosters name guardians by relation: 监护人(父亲), 父亲姓名, 母亲电话 …
RELATION_COLUMNS = (
    "父亲",
    "母亲",
    "爷爷",
    "奶奶",
    "外公",
    "外婆",
    "祖父",
    "祖母",
    "外祖父",
    "外祖母",
)


def member_key(n: int, part: str) -> str:
    return f"成员{n}{part}"


def member_part(key: str) -> tuple[int, str]:
    """The inverse of `member_key`: 成员12姓名 → (12, "姓名")."""
    rest = key.removeprefix("成员")
    digits = ""
    while rest and rest[0].isdigit():
        digits, rest = digits + rest[0], rest[1:]
    return int(digits), rest


def clean_header(text: object) -> str:
    """A header as compared: full-width → half-width, no spaces or hidden characters, no
    required-field stars."""
    s = strip_hidden(unicodedata.normalize("NFKC", str(text or "")))
    s = re.sub(r"\s+", "", s)
    return s.strip("*＊:：").lower()


def _build_lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for field in STUDENT_FIELDS:
        for name in (field.key, *field.synonyms):
            table.setdefault(clean_header(name), field.key)
    for column in FLAG_COLUMNS:
        for name in (column, *FLAG_SYNONYMS.get(column, ())):
            table.setdefault(clean_header(name), column)
    for n in range(1, MAX_MEMBERS + 1):
        for prefix in MEMBER_PREFIXES:
            for part, names in MEMBER_PARTS.items():
                for name in names:
                    table.setdefault(clean_header(f"{prefix}{n}{name}"), member_key(n, part))
    return table


_LOOKUP = _build_lookup()
_RELATION_RE = re.compile(
    r"^(?:监护人|家长)?\(?(" + "|".join(RELATION_COLUMNS) + r")\)?(姓名|电话|联系电话|手机)?$"
)


def all_keys() -> list[str]:
    """Every field key a column can be mapped to, in export order (for the mapping combo)."""
    keys = [f.key for f in STUDENT_FIELDS] + list(FLAG_COLUMNS)
    for n in range(1, 5):
        keys += [member_key(n, part) for part in MEMBER_PARTS]
    return keys


def relation_key(header: str) -> tuple[str, str] | None:
    """监护人(父亲) → ("父亲", "姓名"); 母亲电话 → ("母亲", "联系电话")."""
    m = _RELATION_RE.match(clean_header(header))
    if not m:
        return None
    part = m.group(2) or "姓名"
    return m.group(1), ("姓名" if part == "姓名" else "联系电话")


def guess_field(header: object) -> str | None:
    """The field key a header names, or None if not understood."""
    h = clean_header(header)
    if not h:
        return None
    if h in _LOOKUP:
        return _LOOKUP[h]
    rel = relation_key(h)
    if rel:
        return f"关系:{rel[0]}:{rel[1]}"
    return None


def guess_mapping(headers: list[object]) -> dict[int, str]:
    """Column index → field key for every understood header; a field named twice keeps the first."""
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    for i, header in enumerate(headers):
        key = guess_field(header)
        if key and key not in taken:
            mapping[i] = key
            taken.add(key)
    return mapping


def header_score(cells: list[object]) -> int:
    return sum(1 for c in cells if guess_field(c))


def find_header_row(rows: list[list[object]], look_at: int = 30) -> int | None:
    """Index of the header row: the first of the top rows that names 姓名 and the most fields.
    Title rows (one merged cell) and notes above it score low."""
    best, best_score = None, 1
    for i, row in enumerate(rows[:look_at]):
        keys = {guess_field(c) for c in row}
        if "姓名" not in keys:
            continue
        score = header_score(row)
        if score > best_score:
            best, best_score = i, score
    return best


def export_columns(members: int) -> list[str]:
    """The export's header: student fields, flag columns, then members 1..n."""
    cols = [f.key for f in STUDENT_FIELDS if f.key != "是否随班就读"]
    cols += list(FLAG_COLUMNS)
    for n in range(1, members + 1):
        cols += [member_key(n, part) for part in MEMBER_PARTS]
    return cols
