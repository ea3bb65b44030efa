"""Reading the rows of a village's 摸底 list into checked `CensusRecord`s, with row-level problems
(row, column, message) as the roster import reports them (roster_rows.RowProblem).

Pure Python. A row with an error (no name, an ID number that cannot be right) is reported and
left out; a warning keeps the row. Messages never repeat an ID number: the problems are shown,
printed and logged, and these are children who are not ours.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from kongchuo_desktop.domain import census_columns as cc
from kongchuo_desktop.domain import hidden_text
from kongchuo_desktop.domain import id_number as idn
from kongchuo_desktop.domain import roster_values as v
from kongchuo_desktop.domain.roster_rows import ERROR, SUMMARY_WORDS, WARNING, RowProblem

# "红星村三组", "红星村/3组", "红星村-三组": the village, then the group.
_VILLAGE_GROUP = re.compile(r"^(?P<village>.+?(?:村|社区|居委会))[/\-、,，]?(?P<group>.*)$")


@dataclass
class CensusRecord:
    """One child as the village lists it, cleaned."""

    row: int  # Excel row number
    village: str = ""
    group: str = ""
    householder: str = ""
    name: str = ""
    id_number: str = ""  # valid 18 characters, or ""
    birth_date: dt.date | None = None
    sex: str = ""
    school: str = ""  # 现就读学校 as written (the grade appended when in its own column)
    note: str = ""


@dataclass
class CensusParse:
    records: list[CensusRecord]
    problems: list[RowProblem]
    ignored_rows: list[int]
    column_names: dict[str, str] = field(default_factory=dict)  # field → the file's header

    @property
    def bad_rows(self) -> set[int]:
        return {p.row for p in self.problems if p.is_error}

    @property
    def good_records(self) -> list[CensusRecord]:
        bad = self.bad_rows
        return [r for r in self.records if r.row not in bad]

    @property
    def villages(self) -> list[str]:
        return sorted({r.village for r in self.good_records if r.village})


def split_village_group(text: str) -> tuple[str, str]:
    """红星村三组 → (红星村, 三组); a text with no 村 in it is the village as written."""
    s = v.compact(text)
    m = _VILLAGE_GROUP.match(s)
    if not m:
        return s, ""
    return m.group("village"), m.group("group")


def parse_census(
    rows: list[list[object]],
    header_index: int,
    mapping: dict[int, str],
    default_village: str = "",
) -> CensusParse:
    """Clean and check every row under the header. `default_village`: the village of a file with
    no 村 column (its name, as the clerk confirms it)."""
    headers = rows[header_index] if header_index < len(rows) else []
    column_of = {key: col for col, key in mapping.items()}
    names = {
        key: (v.text(headers[col]) if col < len(headers) else f"第{col + 1}列")
        for key, col in column_of.items()
    }

    def col_name(key: str) -> str:
        return names.get(key, key)

    problems: list[RowProblem] = []
    header_row = header_index + 1
    if cc.NAME not in column_of:
        problems.append(RowProblem(header_row, cc.NAME, "文件中没有“姓名”列"))
    if not {cc.ID_NUMBER, cc.BIRTH_DATE} & column_of.keys():
        problems.append(
            RowProblem(header_row, cc.ID_NUMBER, "文件中既没有“身份证号”列，也没有“出生日期”列")
        )
    has_village = bool({cc.VILLAGE, cc.VILLAGE_GROUP} & column_of.keys())
    if not has_village and not default_village:
        problems.append(
            RowProblem(header_row, cc.VILLAGE, "文件中没有“村”或“村/组”列，请指明是哪个村的名单")
        )
    if problems:
        return CensusParse([], problems, [], names)
    records: list[CensusRecord] = []
    ignored: list[int] = []
    for index in range(header_index + 1, len(rows)):
        cells = rows[index]
        excel_row = index + 1
        values = {key: cells[col] if col < len(cells) else None for col, key in mapping.items()}
        if all(v.is_blank(x) for x in values.values()) or _is_summary(cells, values):
            ignored.append(excel_row)
            continue
        rec = CensusRecord(row=excel_row, village=default_village)
        here: list[RowProblem] = []

        def bad(key: str, message: str, severity: str = ERROR, rec=rec, here=here) -> None:
            here.append(RowProblem(rec.row, col_name(key), message, severity))

        for key, raw in values.items():
            if isinstance(raw, str) and key not in (cc.NAME, cc.ID_NUMBER, cc.HOUSEHOLDER):
                found = hidden_text.find_hidden(raw)
                if found:
                    raw = hidden_text.strip_hidden(raw)
                    bad(key, f"有看不见的字符（{hidden_text.describe(found)}），已删除", WARNING)
            try:
                _read_cell(rec, key, raw, values)
            except ValueError as exc:
                bad(key, str(exc))
        _check(rec, bad, has_village)
        records.append(rec)
        problems.extend(here)
    _check_duplicates(records, problems, col_name(cc.ID_NUMBER))
    problems.sort(key=lambda p: (p.row, p.severity != ERROR))
    return CensusParse(records, problems, ignored, names)


def _is_summary(cells: list[object], values: dict[str, object]) -> bool:
    name = v.compact(values.get(cc.NAME))
    first = next((v.compact(c) for c in cells if not v.is_blank(c)), "")
    if name.startswith(SUMMARY_WORDS) or first.startswith(SUMMARY_WORDS):
        return True
    return not name and v.is_blank(values.get(cc.ID_NUMBER))


def _read_cell(rec: CensusRecord, key: str, raw: object, values: dict[str, object]) -> None:
    if key == cc.NAME:
        rec.name = v.name(raw)
    elif key == cc.HOUSEHOLDER:
        rec.householder = v.name(raw)
    elif key == cc.ID_NUMBER:
        if not v.is_blank(raw):
            number = v.id_number(raw)
            why = idn.problem(number)
            if why:
                raise ValueError(why)
            rec.id_number = number
    elif key == cc.BIRTH_DATE:
        rec.birth_date = v.birth_date(raw)
    elif key == cc.SEX:
        rec.sex = v.sex(raw)
    elif key == cc.VILLAGE:
        text = v.compact(raw)
        if text:
            rec.village = text
    elif key == cc.GROUP:
        rec.group = v.compact(raw)
    elif key == cc.VILLAGE_GROUP:
        village, group = split_village_group(v.text(raw))
        if village and v.is_blank(values.get(cc.VILLAGE)):
            rec.village = village
        if group and v.is_blank(values.get(cc.GROUP)):
            rec.group = group
    elif key == cc.SCHOOL:
        rec.school = v.text(raw) if rec.school == "" else f"{v.text(raw)} {rec.school}".strip()
    elif key == cc.GRADE:
        grade = v.text(raw)
        rec.school = f"{rec.school} {grade}".strip() if grade else rec.school
    elif key == cc.NOTE:
        rec.note = v.text(raw)


def _check(rec: CensusRecord, bad, has_village: bool) -> None:
    if not rec.name:
        bad(cc.NAME, "缺少姓名")
    if rec.id_number:
        born, sex = idn.birth_date(rec.id_number), idn.sex(rec.id_number)
        if rec.birth_date is None:
            rec.birth_date = born
        elif rec.birth_date != born:
            bad(cc.BIRTH_DATE, f"出生日期{rec.birth_date}与身份证号不一致，按身份证号计", WARNING)
            rec.birth_date = born
        if not rec.sex:
            rec.sex = sex
        elif rec.sex != sex:
            bad(cc.SEX, f"性别“{rec.sex}”与身份证号不一致", WARNING)
    elif rec.birth_date is None:
        bad(cc.BIRTH_DATE, "没有身份证号也没有出生日期，无法判断年龄，请向村里核实", WARNING)
    if has_village and not rec.village:
        bad(cc.VILLAGE, "缺少村名")


def _check_duplicates(records: list[CensusRecord], problems: list[RowProblem], column: str):
    """The same ID number twice in one file: one child listed twice (a warning: counted once)."""
    rows_by_id: dict[str, list[int]] = defaultdict(list)
    for rec in records:
        if rec.id_number:
            rows_by_id[rec.id_number].append(rec.row)
    for rows in rows_by_id.values():
        for r in rows[1:]:
            problems.append(
                RowProblem(r, column, f"与第{rows[0]}行是同一个身份证号，按一名儿童计", WARNING)
            )
