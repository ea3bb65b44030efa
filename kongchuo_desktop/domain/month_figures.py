"""The month report's figures, counted from each child's dated 学籍变动 (read from the event record
by services/month_sources.py) and the head-count sums of the period. Plain Python: no database.

Each figure is one small function below, its formula in its docstring; `FORMULAS` holds the same
text for the notes sheet (说明) of the filled report, so the bureau reads what the code counts.
Figures come by 学段 (小学 = grades 1–6, 初中 = grades 7–9, 合计) and by class.

A child's status on a day is the status of the last 学籍变动 on or before that day (withdrawn
ones are not in the record); before its first recorded change a child counts as 在校 — unless
that first change is 转入 (the child was not here yet). A child with no change at all has the
status the roster shows. A child counts from the first day of its first class placement. Children with no 学籍变动 and
one class placement since before the year began are alike on every day of the year: they come
as one `Child` per class and status, with `weight` the number of them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from kongchuo_desktop.domain.student_status import ON_ROLL
from kongchuo_desktop.domain.student_status import StudentStatus as S

PRIMARY, JUNIOR, TOTAL = "小学", "初中", "合计"
STAGE_ORDER = (PRIMARY, JUNIOR, TOTAL)

# 在校生: on the daily roll, and the 送教上门 children, who are on the register and taught at home.
ENROLLED: frozenset[str] = frozenset({*(s.value for s in ON_ROLL), S.HOME_TEACHING.value})

PUHJIU, COHORT = "普九", "届别"  # the two 巩固率 definitions (setting report.consolidation)


def stage_of(grade: int | None) -> str | None:
    if grade is None:
        return None
    return PRIMARY if grade <= 6 else JUNIOR


class Change(NamedTuple):
    """One 学籍变动 that stands, with where the child was that day (a tuple: a report makes one
    for every change of the year)."""

    date: dt.date
    status: str
    stage: str | None
    class_name: str


@dataclass
class Child:
    student_id: int
    roster_status: str  # the status the roster shows today
    changes: list[Change]  # oldest first
    present_from: dt.date | None  # first class placement (None: not known — always)
    place: Callable[[dt.date], tuple[str | None, str]]  # day → (学段, class name)
    # How many children this stands for: the children of one class and status with no
    # 学籍变动 and one class placement from before the year are counted as one group.
    weight: int = 1

    def status_on(self, day: dt.date) -> str | None:
        """The status on `day`; None: not at this school yet."""
        if self.present_from is not None and day < self.present_from:
            return None
        status = None
        for c in self.changes:
            if c.date > day:
                break
            status = c.status
        if status is not None:
            return status
        if not self.changes:
            return self.roster_status
        return None if self.changes[0].status == _TRANSFERRED_IN else _IN_SCHOOL


_TRANSFERRED_IN, _IN_SCHOOL = S.TRANSFERRED_IN.value, S.IN_SCHOOL.value


@dataclass(frozen=True)
class ClassAttendance:
    stage: str | None
    expected_days: float  # Σ应到 person-days of the period
    missed_days: float  # absences (sick leave, personal leave, truancy …), in person-days
    leave_days: float  # of which approved leave (病假、事假)


@dataclass(frozen=True)
class CohortCount:
    """For the 届别 巩固率: the cohort now in its last grade (六年级 / 九年级)."""

    intake: int  # children in its first grade at that year's start
    transfers_in: int
    transfers_out: int
    now: int  # of them, 在校 at the cut-off day


@dataclass(frozen=True)
class Options:
    leave_as_present: bool = False
    consolidation: str = PUHJIU


@dataclass
class MonthFigures:
    by_stage: dict[str, dict[str, float | int]] = field(default_factory=dict)
    by_class: dict[str, dict[str, float | int]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def total(self, name: str) -> float | int | None:
        return self.by_stage.get(name, {}).get(TOTAL)


FORMULAS: dict[str, str] = {
    "学年初在校生数": "学年第一天学籍状态为在校（在校、复学、转入、随班就读、劝返复学、疑似辍学、"
    "送教上门）的学生数；休学、延缓入学、转出、辍学、毕业、死亡不计。",
    "月末在校生数": "截止日学籍状态为在校的学生数（口径同学年初在校生数）。",
    "本月转入": "统计期内登记“转入”的学生数（按登记当天所在班级归学段，下同）。",
    "本月转出": "统计期内登记“转出”的学生数。",
    "本月休学": "统计期内登记“休学”的学生数。",
    "本月复学": "统计期内登记“复学”的学生数（休学后返校）。",
    "本月死亡": "统计期内登记“死亡”的学生数。",
    "本月新增疑似辍学": "统计期内登记“疑似辍学”的学生数。",
    "现有疑似辍学": "截止日学籍状态仍为“疑似辍学”的学生数。",
    "本月新增辍学": "统计期内登记“辍学”的学生数。",
    "本学年累计辍学": "学年第一天至截止日登记过“辍学”的学生数（后来劝返的也计入）。",
    "本月劝返复学": "统计期内登记“劝返复学”的学生数。",
    "送教上门": "截止日学籍状态为“送教上门”的学生数。",
    "随班就读": "截止日学籍状态为“随班就读”的学生数。",
    "出勤率": "Σ实到 ÷ Σ应到（统计期内各上学日的人日数）× 100%；实到 = 应到 − 缺勤人日，"
    "半天缺勤计0.5人日。",
    "年辍学率": "本学年累计辍学 ÷ 学年初在校生数 × 100%。",
    "巩固率": "（普九口径）（月末在校生数 − 本学年累计转入 + 本学年累计转出 + 本学年累计死亡）"
    "÷ 学年初在校生数 × 100%，月末在校生数代替学年末在校生数。",
}
COHORT_FORMULA = (
    "（届别口径）毕业年级（六年级、九年级）截止日在校人数 ÷（该届入学时人数 + 该届累计转入 − "
    "该届累计转出）× 100%。"
)
LEAVE_PRESENT_FORMULA = "按设置，请假（病假、事假）计为出勤：实到 = 应到 − 缺勤人日 + 请假人日。"
LEAVE_ABSENT_NOTE = "请假（病假、事假）计为缺勤。"


def formula_lines(options: Options) -> list[tuple[str, str]]:
    """(figure, formula) for the notes sheet, naming the definitions in use."""
    out = []
    for name, text in FORMULAS.items():
        if name == "巩固率" and options.consolidation == COHORT:
            text = COHORT_FORMULA
        if name == "出勤率":
            text += LEAVE_PRESENT_FORMULA if options.leave_as_present else LEAVE_ABSENT_NOTE
        out.append((name, text))
    return out


class _Counter:
    """Counts by 学段 and by class at once; 合计 is the sum of the stages."""

    def __init__(self) -> None:
        self.stage: dict[str, float] = defaultdict(float)
        self.cls: dict[str, float] = defaultdict(float)

    def add(self, stage: str | None, class_name: str, n: float = 1) -> None:
        if stage is not None:
            self.stage[stage] += n
        self.stage[TOTAL] += n
        if class_name:
            self.cls[class_name] += n


class _Day:
    """Each child's status on one day, worked out once, and its place (学段, class) when a figure
    counts it: the figures of a day ask about every child several times."""

    def __init__(self, children: Iterable[Child], day: dt.date) -> None:
        self.day = day
        self.rows = [(child.status_on(day), child) for child in children]
        self._places: dict[int, tuple[str | None, str]] = {}

    def place(self, child: Child) -> tuple[str | None, str]:
        key = id(child)
        found = self._places.get(key)
        if found is None:
            found = self._places[key] = child.place(self.day)
        return found

    def count(self, wanted) -> _Counter:
        """The children whose status that day is in `wanted`, by 学段 and class."""
        out = _Counter()
        stage, cls = out.stage, out.cls
        places, day = self._places, self.day
        for status, child in self.rows:
            if status in wanted:
                key = id(child)
                where = places.get(key)
                if where is None:
                    where = places[key] = child.place(day)
                n = child.weight
                if where[0] is not None:
                    stage[where[0]] += n
                stage[TOTAL] += n
                if where[1]:
                    cls[where[1]] += n
        return out


def _as_day(children: Iterable[Child] | _Day, day: dt.date) -> _Day:
    return children if isinstance(children, _Day) and children.day == day else _Day(children, day)


def enrolled_on(children: Iterable[Child] | _Day, day: dt.date) -> _Counter:
    """在校生数 on `day` (学年初在校生数 on the year's first day, 月末在校生数 on the cut-off)."""
    return _as_day(children, day).count(ENROLLED)


def in_status_on(children: Iterable[Child] | _Day, day: dt.date, status: str) -> _Counter:
    """现有疑似辍学, 送教上门, 随班就读: children in `status` on `day`."""
    return _as_day(children, day).count((status,))


def changes_by_status(children: Iterable[Child]) -> dict[str, list[list[Change]]]:
    """status → for each child with a change to it, those changes (oldest first)."""
    out: dict[str, list[list[Change]]] = defaultdict(list)
    for child in children:
        if not child.changes:
            continue
        mine: dict[str, list[Change]] = {}
        for c in child.changes:
            mine.setdefault(c.status, []).append(c)
        for status, changes in mine.items():
            out[status].append(changes)
    return out


def changes_between(
    children: Iterable[Child] | dict[str, list[list[Change]]],
    first: dt.date,
    last: dt.date,
    status: str,
) -> _Counter:
    """本月转入/转出/休学/复学/死亡/新增疑似辍学/新增辍学/劝返复学, 本学年累计辍学: children with a
    change to `status` dated first … last, each child once, by its class that day (its first
    such change). `children` may come as `changes_by_status(children)`."""
    by_status = children if isinstance(children, dict) else changes_by_status(children)
    out = _Counter()
    for changes in by_status.get(status, ()):
        hit = next((c for c in changes if first <= c.date <= last), None)
        if hit is not None:
            out.add(hit.stage, hit.class_name)
    return out


def rate(numerator: float, denominator: float) -> float | None:
    return round(numerator * 100 / denominator, 2) if denominator else None


def attendance_rate(rows: Iterable[ClassAttendance], leave_as_present: bool) -> float | None:
    """出勤率: (Σ应到 − Σ缺勤 [+ Σ请假]) ÷ Σ应到."""
    expected = sum(r.expected_days for r in rows)
    rows = list(rows)
    present = expected - sum(r.missed_days for r in rows)
    if leave_as_present:
        present += sum(r.leave_days for r in rows)
    return rate(present, expected)


def consolidation_puhjiu(start: float, end: float, t_in: float, t_out: float, dead: float):
    """巩固率（普九）: (月末在校 − 累计转入 + 累计转出 + 累计死亡) ÷ 学年初在校."""
    return rate(end - t_in + t_out + dead, start)


def consolidation_cohort(c: CohortCount | None) -> float | None:
    """巩固率（届别）: 毕业年级在校 ÷ (入学时人数 + 转入 − 转出)."""
    if c is None:
        return None
    return rate(c.now, c.intake + c.transfers_in - c.transfers_out)


_CHANGE_FIGURES = {
    "本月转入": S.TRANSFERRED_IN,
    "本月转出": S.TRANSFERRED_OUT,
    "本月休学": S.SUSPENDED,
    "本月复学": S.RESUMED,
    "本月死亡": S.DECEASED,
    "本月新增疑似辍学": S.SUSPECTED_DROPOUT,
    "本月新增辍学": S.DROPOUT,
    "本月劝返复学": S.PERSUADED_BACK,
}
_STATE_FIGURES = {
    "现有疑似辍学": S.SUSPECTED_DROPOUT,
    "送教上门": S.HOME_TEACHING,
    "随班就读": S.INCLUSIVE,
}


def month_figures(
    children: list[Child],
    year_start: dt.date,
    first: dt.date,
    last: dt.date,
    attendance: dict[str, ClassAttendance],
    options: Options,
    cohort: dict[str, CohortCount | None] | None = None,
) -> MonthFigures:
    """Every figure of the month, by 学段 and by class (rates by 学段 only, but 出勤率 by class)."""
    at_end = _Day(children, last)  # each child's status at the cut-off, worked out once
    changes = changes_by_status(children)
    counters: dict[str, _Counter] = {
        "学年初在校生数": enrolled_on(children, year_start),
        "月末在校生数": enrolled_on(at_end, last),
    }
    for name, status in _CHANGE_FIGURES.items():
        counters[name] = changes_between(changes, first, last, status.value)
    for name, status in _STATE_FIGURES.items():
        counters[name] = in_status_on(at_end, last, status.value)
    counters["本学年累计辍学"] = changes_between(changes, year_start, last, S.DROPOUT.value)
    year = {
        s: changes_between(changes, year_start, last, s.value)
        for s in (S.TRANSFERRED_IN, S.TRANSFERRED_OUT, S.DECEASED)
    }
    out = MonthFigures()
    for name in FORMULAS:
        if name in counters:
            out.by_stage[name] = {s: int(counters[name].stage.get(s, 0)) for s in STAGE_ORDER}
    for name, counter in counters.items():
        for cls, n in counter.cls.items():
            out.by_class.setdefault(cls, {})[name] = int(n)
    attendance_rows = list(attendance.values())
    out.by_stage["出勤率"] = {}
    for s in STAGE_ORDER:
        rows = [r for r in attendance_rows if s == TOTAL or r.stage == s]
        value = attendance_rate(rows, options.leave_as_present)
        if value is not None:
            out.by_stage["出勤率"][s] = value
    for cls, row in attendance.items():
        value = attendance_rate([row], options.leave_as_present)
        if value is not None:
            out.by_class.setdefault(cls, {})["出勤率"] = value
    if not out.by_stage["出勤率"]:
        out.notes.append("统计期内没有点名记录：出勤率留空。")
    out.by_stage["年辍学率"] = {}
    out.by_stage["巩固率"] = {}
    for s in STAGE_ORDER:
        start = counters["学年初在校生数"].stage.get(s, 0)
        dropout = rate(counters["本学年累计辍学"].stage.get(s, 0), start)
        if options.consolidation == COHORT:
            kept = consolidation_cohort((cohort or {}).get(s))
        else:
            kept = consolidation_puhjiu(
                start,
                counters["月末在校生数"].stage.get(s, 0),
                *(
                    year[x].stage.get(s, 0)
                    for x in (S.TRANSFERRED_IN, S.TRANSFERRED_OUT, S.DECEASED)
                ),
            )
        if dropout is not None:
            out.by_stage["年辍学率"][s] = dropout
        if kept is not None:
            out.by_stage["巩固率"][s] = kept
    for name in ("年辍学率", "巩固率"):
        missing = [s for s in STAGE_ORDER if s not in out.by_stage[name]]
        if missing:
            out.notes.append(f"{name}（{'、'.join(missing)}）无法计算：缺少计算所需的人数，留空。")
    return out


def is_zero_report(figures: MonthFigures) -> bool:
    """零报告: no child newly 疑似辍学 or 辍学 in the month."""
    return not figures.total("本月新增疑似辍学") and not figures.total("本月新增辍学")
