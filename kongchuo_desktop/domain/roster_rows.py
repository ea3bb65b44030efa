"""Row checking: each row of a register export read into a checked `Record`, with its problems.

Pure Python: rows of cell values in, `Record`s and `RowProblem`s (row, column, severity, message)
out. Row numbers are Excel's (1-based, counting the title and header rows); column names are the
file's own headers. What importing the records would change is `roster_plan`'s business.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from kongchuo_desktop.domain import hidden_text, phone_number
from kongchuo_desktop.domain import id_number as idn
from kongchuo_desktop.domain import roster_values as v
from kongchuo_desktop.domain.masking import mask_ids_in_text
from kongchuo_desktop.domain.roster_columns import FLAG_COLUMNS, member_key, member_part
from kongchuo_desktop.domain.student_status import StudentStatus

ERROR = "错误"
WARNING = "提醒"

# Field key → Student attribute, and how to read the cell.
TEXT = v.text
STUDENT_ATTRS: dict[str, tuple[str, object]] = {
    "学籍号": ("student_number", v.student_number),
    "姓名": ("name", v.name),
    "性别": ("sex", v.sex),
    "出生日期": ("birth_date", v.birth_date),
    "籍贯": ("native_place", TEXT),
    "民族": ("ethnicity", TEXT),
    "身份证件类型": ("id_type", TEXT),
    "身份证件号": ("id_number", v.id_number),
    "户口所在地": ("household_address", TEXT),
    "户口性质": ("household_type", TEXT),
    "健康状况": ("health", TEXT),
    "入学年月": ("enrolled_on", v.year_month),
    "就读方式": ("study_mode", TEXT),
    "现住址": ("address", TEXT),
    "联系电话": ("phone", v.phone),
    "是否独生子女": ("is_only_child", v.yes_no),
    "残疾人类型": ("disability_type", TEXT),
    "备注": ("notes", TEXT),
}
MEMBER_ATTRS = {
    "姓名": ("name", v.name),
    "关系": ("relation", TEXT),
    "是否监护人": ("is_guardian", v.yes_no),
    "联系电话": ("phone", v.phone),
    "是否外出务工": ("works_away", v.yes_no),
}
SUMMARY_WORDS: tuple[str, ...] = (
    "合计",
    "总计",
    "小计",
    "共计",
    "累计",
    "制表",
    "填表人",
    "审核人",
    "负责人签字",
)
ID_CARD_TYPES = ("", "居民身份证", "身份证", "中华人民共和国居民身份证")


@dataclass(frozen=True)
class RowProblem:
    row: int  # Excel row number
    column: str  # the file's header text
    message: str
    severity: str = ERROR

    def __post_init__(self) -> None:
        # A message is shown, printed by the command line and logged: never a full ID number
        # (a duplicate's value, a cell pasted into the wrong column).
        object.__setattr__(self, "message", mask_ids_in_text(self.message))

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


@dataclass
class Record:
    """One student row, cleaned. `fields` holds only what the file states (blank cells left out)."""

    row: int
    fields: dict[str, object] = field(default_factory=dict)
    grade: int | None = None
    class_number: int | None = None
    status: str = ""
    flags: dict[str, bool] = field(default_factory=dict)
    members: list[dict[str, object]] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)  # columns whose cell had a problem

    @property
    def name(self) -> str:
        return str(self.fields.get("name", ""))

    @property
    def id_number(self) -> str:
        return str(self.fields.get("id_number") or "")

    @property
    def student_number(self) -> str:
        return str(self.fields.get("student_number") or "")

    @property
    def class_key(self) -> tuple[int, int] | None:
        if self.grade is None or self.class_number is None:
            return None
        return self.grade, self.class_number


@dataclass
class ParseResult:
    records: list[Record]
    problems: list[RowProblem]
    ignored_rows: list[int]  # blank and summary rows (合计 …), never imported
    column_names: dict[str, str] = field(default_factory=dict)  # field key → the file's header

    @property
    def bad_rows(self) -> set[int]:
        return {p.row for p in self.problems if p.is_error}


def _is_summary(cells: list[object], values: dict[str, object]) -> bool:
    """A 合计/制表人 line, or a row that names no child (no name, ID number or 学籍号): a note
    under the table, or a template row with only its 序号 filled in."""
    name = v.compact(values.get("姓名"))
    if name and name.startswith(SUMMARY_WORDS):
        return True
    first = next((v.compact(c) for c in cells if not v.is_blank(c)), "")
    if first.startswith(SUMMARY_WORDS):
        return True
    return not name and all(v.is_blank(values.get(key)) for key in ("身份证件号", "学籍号"))


def parse_rows(
    rows: list[list[object]],
    header_index: int,
    mapping: dict[int, str],
) -> ParseResult:
    """Clean and check every data row under the header (row index `header_index`, 0-based)."""
    headers = rows[header_index] if header_index < len(rows) else []

    def header(col: int) -> str:
        return v.text(headers[col]) if col < len(headers) else f"第{col + 1}列"

    column_of = {key: col for col, key in mapping.items()}

    def col_name(key: str) -> str:
        return header(column_of[key]) if key in column_of else key

    records: list[Record] = []
    problems: list[RowProblem] = []
    ignored: list[int] = []
    named = set(mapping.values())
    header_row = header_index + 1
    if "姓名" not in named:
        problems.append(RowProblem(header_row, "姓名", "文件中没有“姓名”列（请在对应关系中指定）"))
    if not {"身份证件号", "学籍号"} & named:
        problems.append(
            RowProblem(header_row, "身份证件号", "文件中既没有“身份证件号”列，也没有“学籍号”列")
        )
    if "班级" not in named:
        problems.append(RowProblem(header_row, "班级", "文件中没有“班级”列（请在对应关系中指定）"))
    if problems:
        names = {key: header(col) for key, col in column_of.items()}
        return ParseResult([], problems, [], names)
    for index in range(header_index + 1, len(rows)):
        cells = rows[index]
        excel_row = index + 1
        values = {key: cells[col] if col < len(cells) else None for col, key in mapping.items()}
        if all(v.is_blank(c) for c in cells) or all(v.is_blank(x) for x in values.values()):
            ignored.append(excel_row)
            continue
        if _is_summary(cells, values):
            ignored.append(excel_row)
            continue
        rec = Record(row=excel_row)
        here: list[RowProblem] = []

        def bad(key: str, message: str, severity: str = ERROR, rec=rec, here=here) -> None:
            here.append(RowProblem(rec.row, col_name(key), message, severity))

        for key, raw in values.items():
            if isinstance(raw, str) and not is_identity(key):
                found = hidden_text.find_hidden(raw)
                if found:
                    raw = hidden_text.strip_hidden(raw)
                    bad(key, f"有看不见的字符（{hidden_text.describe(found)}），已删除", WARNING)
            try:
                _read_cell(rec, key, raw)
            except ValueError as exc:
                bad(key, str(exc))
                rec.unreadable.add(key)
        _check_record(rec, bad, has_class_column="班级" in column_of)
        records.append(rec)
        problems.extend(here)
    _check_duplicates(records, problems, col_name)
    problems.sort(key=lambda p: (p.row, p.severity != ERROR))
    names = {key: header(col) for key, col in column_of.items()}
    return ParseResult(records, problems, ignored, names)


def is_identity(key: str) -> bool:
    """Columns that say who a person is (names, ID numbers, 学籍号): a hidden character there is
    an error (the readers refuse it); in any other column it is removed with a warning."""
    return key in ("姓名", "身份证件号", "学籍号") or key.endswith("姓名")


# Words some registers use for a status of ours.
STATUS_SYNONYMS = {"在读": StudentStatus.IN_SCHOOL.value, "在籍": StudentStatus.IN_SCHOOL.value}


def _read_cell(rec: Record, key: str, raw: object) -> None:
    if key in STUDENT_ATTRS:
        attr, reader = STUDENT_ATTRS[key]
        value = reader(raw)  # type: ignore[operator]
        if value not in (None, ""):
            rec.fields[attr] = value
    elif key == "年级":
        g = v.grade(raw)
        if g is not None:
            rec.grade = g if rec.grade is None else rec.grade
            if rec.grade != g:
                raise ValueError(f"年级“{v.text(raw)}”与班级名称中的年级不一致")
    elif key == "班级":
        parsed = v.school_class(raw)
        if parsed is not None:
            g, number = parsed
            rec.class_number = number
            if g is not None and rec.grade is not None and g != rec.grade:
                raise ValueError(f"班级“{v.text(raw)}”与年级列不一致")
            if g is not None:
                rec.grade = g
    elif key == "学籍状态":
        s = v.compact(raw)
        s = STATUS_SYNONYMS.get(s, s)
        if s:
            if s not in StudentStatus.__members__.values():
                names = "、".join(x.value for x in StudentStatus)
                raise ValueError(f"没有“{s}”这种学籍状态（可选：{names}）")
            rec.status = s
    elif key == "是否随班就读":
        if v.yes_no(raw) and not rec.status:
            rec.status = StudentStatus.INCLUSIVE.value
    elif key in FLAG_COLUMNS:
        answer = v.yes_no(raw)
        if answer is not None:
            rec.flags[FLAG_COLUMNS[key]] = answer
    elif key.startswith("成员"):
        n, part = member_part(key)
        value = MEMBER_ATTRS[part][1](raw)  # type: ignore[operator]
        if value not in (None, ""):
            _member(rec, n)[MEMBER_ATTRS[part][0]] = value
    elif key.startswith("关系:"):
        _, relation, part = key.split(":")
        value = v.name(raw) if part == "姓名" else v.phone(raw)
        if value:
            slot = next((m for m in rec.members if m.get("relation") == relation), None)
            if slot is None:
                slot = {"relation": relation, "_n": 100 + len(rec.members)}
                rec.members.append(slot)
            slot["name" if part == "姓名" else "phone"] = value


def _member(rec: Record, n: int) -> dict[str, object]:
    for m in rec.members:
        if m.get("_n") == n:
            return m
    m: dict[str, object] = {"_n": n}
    rec.members.append(m)
    rec.members.sort(key=lambda x: x["_n"])  # type: ignore[arg-type,return-value]
    return m


def _check_record(rec: Record, bad, has_class_column: bool) -> None:
    if not rec.name and "姓名" not in rec.unreadable:
        bad("姓名", "缺少姓名")
    id_type = str(rec.fields.get("id_type", ""))
    number = rec.id_number
    if number and id_type in ID_CARD_TYPES:
        why = idn.problem(number)
        if why:
            bad("身份证件号", why)
        else:
            born, sex = idn.birth_date(number), idn.sex(number)
            given_birth = rec.fields.get("birth_date")
            if given_birth is None:
                rec.fields["birth_date"] = born
            elif given_birth != born:
                bad("出生日期", f"出生日期{given_birth}与身份证件号中的{born}不一致", WARNING)
            given_sex = rec.fields.get("sex")
            if not given_sex:
                rec.fields["sex"] = sex
            elif given_sex != sex:
                bad("性别", f"性别“{given_sex}”与身份证件号（{sex}）不一致", WARNING)
            sn = rec.student_number
            if sn.startswith("G") and len(sn) == 19 and sn[1:] != number:
                bad("学籍号", "学籍号（G+身份证号）与身份证件号不一致", WARNING)
    if not number and not rec.student_number and not {"身份证件号", "学籍号"} & rec.unreadable:
        bad("身份证件号", "身份证件号和学籍号都没有填写，至少要有一个")
    # A cell already reported as unreadable is not reported again as missing.
    if rec.class_number is None:
        if "班级" not in rec.unreadable:
            bad("班级", "缺少班级" if has_class_column else "文件中没有班级列")
    elif rec.grade is None and not {"年级", "班级"} & rec.unreadable:
        bad("年级", "缺少年级（班级名称中也没有年级）")
    # A malformed phone is imported as written, with a warning: the student page shows it until
    # it is corrected there (the editor refuses it).
    if why := phone_number.problem(str(rec.fields.get("phone", ""))):
        bad("联系电话", why, WARNING)
    for m in rec.members:
        n = m["_n"]
        phone = str(m.get("phone", ""))
        if why := phone_number.problem(phone, f"家庭成员{m.get('name') or ''}的联系电话"):
            key = (
                member_key(n, "联系电话")
                if isinstance(n, int) and n < 100
                else f"关系:{m.get('relation')}:联系电话"
            )
            bad(key, why, WARNING)
        if "name" not in m and any(k in m for k in ("phone", "is_guardian", "works_away")):
            bad(
                member_key(n, "姓名") if isinstance(n, int) and n < 100 else "姓名",
                "家庭成员有电话或其他信息但没有姓名",
                WARNING,
            )


def _check_duplicates(records: list[Record], problems: list[RowProblem], col_name) -> None:
    for attr, key, label in (
        ("id_number", "身份证件号", "身份证件号"),
        ("student_number", "学籍号", "学籍号"),
    ):
        rows_by_value: dict[str, list[int]] = defaultdict(list)
        for rec in records:
            value = getattr(rec, attr)
            if value:
                rows_by_value[value].append(rec.row)
        for value, rows in rows_by_value.items():
            if len(rows) < 2:
                continue
            for r in rows:
                others = "、".join(str(x) for x in rows if x != r)
                problems.append(
                    RowProblem(r, col_name(key), f"{label}{value}在文件中重复（第{others}行）")
                )


def plain_members(rec: Record) -> list[dict[str, object]]:
    """The row's family members with a name, in file order, without the bookkeeping key."""
    return [{k: x for k, x in m.items() if k != "_n"} for m in rec.members if m.get("name")]


__all__ = [
    "ERROR",
    "MEMBER_ATTRS",
    "STUDENT_ATTRS",
    "WARNING",
    "ParseResult",
    "Record",
    "RowProblem",
    "is_identity",
    "parse_rows",
    "plain_members",
]
