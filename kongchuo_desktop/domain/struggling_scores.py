"""学困生 from an Excel of scores (方案8): the sheet's columns, its rows read and checked, and the
bottom 20% of each class picked (plain Python, no db, no Qt).

The sheet a teacher keeps: a header row naming 姓名, 班级 and a score (总分, or 成绩/分数/平均分
…; the first found in that order), 学号 or 学籍号 optional (it tells apart two children of one
name). Title rows above the header are skipped. Every problem names its Excel row and column.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from kongchuo_desktop.domain import roster_values as rv

NAME_HEADERS = ("姓名", "学生姓名")
CLASS_HEADERS = ("班级", "班别", "班级名称")
NUMBER_HEADERS = ("学号", "学籍号", "全国学籍号")
SCORE_HEADERS = ("总分", "总成绩", "成绩", "分数", "平均分", "得分")
DEFAULT_PERCENT = 20  # the bottom 20% of a class (方案8); the school's setting may differ
LOOK_AT = 20  # rows searched for the header
ABSENT = ("缺考", "缺", "免考")


def most_named(class_size: int, percent: int = DEFAULT_PERCENT) -> int:
    """How many children the bottom `percent`% of a class of `class_size` holds (rounded up)."""
    return math.ceil(class_size * percent / 100 - 1e-9) if class_size else 0


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


@dataclass(frozen=True)
class Columns:
    name: int
    school_class: int
    score: int
    score_header: str
    number: int | None = None


def _find(header: list[str], names: tuple[str, ...]) -> int | None:
    for wanted in names:
        for i, h in enumerate(header):
            if h == wanted:
                return i
    return None


def find_header(rows: list[list[object]]) -> int | None:
    """Index of the first of the top rows naming 姓名 and a score."""
    for i, row in enumerate(rows[:LOOK_AT]):
        header = [rv.compact(c) for c in row]
        if _find(header, NAME_HEADERS) is not None and _find(header, SCORE_HEADERS) is not None:
            return i
    return None


def columns(row: list[object]) -> tuple[Columns | None, str]:
    """The columns of a header row, or None and why (Chinese)."""
    header = [rv.compact(c) for c in row]
    name = _find(header, NAME_HEADERS)
    klass = _find(header, CLASS_HEADERS)
    score = _find(header, SCORE_HEADERS)
    if name is None or score is None:
        return None, f"表头中需要有“姓名”和成绩列（{'、'.join(SCORE_HEADERS)}之一）"
    if klass is None:
        return None, "表头中需要有“班级”列：学困生按班级分别取后20%"
    return Columns(name, klass, score, header[score], _find(header, NUMBER_HEADERS)), ""


@dataclass(frozen=True)
class ScoreRow:
    row: int  # the Excel row number
    name: str
    class_key: tuple[int, int]
    class_text: str
    number: str
    score: float


def _cell(row: list[object], i: int | None) -> object:
    return row[i] if i is not None and i < len(row) else None


def parse(
    rows: list[list[object]], header_index: int, cols: Columns
) -> tuple[list[ScoreRow], list[str]]:
    """The rows below the header (blank rows skipped) and the problems, one per bad cell."""
    out: list[ScoreRow] = []
    problems: list[str] = []
    last_class: tuple[int, int] | None = None
    for i in range(header_index + 1, len(rows)):
        row = rows[i]
        if not any(rv.compact(c) for c in row):
            continue
        excel_row = i + 1
        name = rv.compact(_cell(row, cols.name))
        where = f"第{excel_row}行"
        if not name:
            problems.append(f"{where}{column_letter(cols.name)}列（姓名）是空的")
            continue
        class_text = rv.text(_cell(row, cols.school_class))
        try:
            key = rv.school_class(_cell(row, cols.school_class))
        except ValueError as exc:
            problems.append(f"{where}{column_letter(cols.school_class)}列（班级）：{exc}")
            continue
        if key is None or key[0] is None:
            if key is None and last_class is not None:  # a merged 班级 cell: the one above
                key, class_text = last_class, ""
            else:
                problems.append(
                    f"{where}{column_letter(cols.school_class)}列（班级）应写完整的班级名称，"
                    f"如“七年级1班”（现为“{class_text}”）"
                )
                continue
        last_class = key
        raw = _cell(row, cols.score)
        score = _score(raw)
        if score is None:
            shown = rv.text(raw) or "空"
            absent = "；缺考的学生请填0分或从表中删去" if shown in ABSENT else ""
            problems.append(
                f"{where}{column_letter(cols.score)}列（{cols.score_header}）“{shown}”"
                f"不是分数{absent}"
            )
            continue
        number = rv.compact(_cell(row, cols.number)) if cols.number is not None else ""
        out.append(ScoreRow(excel_row, name, key, class_text, number, score))
    return out, problems


def _score(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else None
    try:
        v = float(rv.compact(value))
    except ValueError:
        return None
    return v if math.isfinite(v) else None


@dataclass(frozen=True)
class Pick:
    chosen: tuple[ScoreRow, ...]  # lowest first
    tie: tuple[ScoreRow, ...] = ()  # left out although they have the last chosen score


def bottom(rows: list[ScoreRow], on_roll: int, percent: int = DEFAULT_PERCENT) -> Pick:
    """The bottom `percent`% of a class of `on_roll` children from its score rows: the lowest
    scores, at most most_named(on_roll, percent); a tie at the cut is reported, not resolved by
    guessing."""
    limit = most_named(on_roll, percent)
    ranked = sorted(rows, key=lambda r: (r.score, r.row))
    chosen = tuple(ranked[:limit])
    if not chosen:
        return Pick(())
    cut = chosen[-1].score
    tie = tuple(r for r in ranked[limit:] if r.score == cut)
    return Pick(chosen, tie)
