"""学困生 named from an Excel of scores: read and check the whole file first (every problem with
its file, row and column), match each name to the class's children on the roll, pick each class's
bottom 20% (domain.struggling_scores), show the plan, and only then write it — every class in one
transaction, through services.struggling.name_struggling (the roster's 学困生 flag set, the flag
of the class's other children cleared, audited). A class not in the file is left as it is."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.models import SchoolClass, Student
from kongchuo_desktop.domain import struggling_scores as sc
from kongchuo_desktop.domain.grades import class_name
from kongchuo_desktop.domain.school_year import school_year_of
from kongchuo_desktop.domain.student_status import ON_ROLL
from kongchuo_desktop.services import roster_import, struggling
from kongchuo_desktop.services.struggling import StrugglingError

MAX_SHOWN = 12  # problems listed in one message; the rest counted


@dataclass(frozen=True)
class Picked:
    student_id: int
    name: str
    score: float


@dataclass(frozen=True)
class ClassPlan:
    class_id: int
    class_name: str
    on_roll: int
    in_file: int
    chosen: tuple[Picked, ...]
    not_in_file: tuple[str, ...]  # children on the roll with no score
    tie: tuple[str, ...]  # left out with the same score as the last one chosen

    @property
    def names(self) -> str:
        return "、".join(f"{p.name}（{p.score:g}）" for p in self.chosen) or "（无）"

    @property
    def note(self) -> str:
        notes = []
        if self.not_in_file:
            notes.append(f"成绩表中没有：{'、'.join(self.not_in_file)}")
        if self.tie:
            notes.append(f"与最后一名同分未列入：{'、'.join(self.tie)}，如需调整请在名单中勾选")
        return "；".join(notes)


@dataclass(frozen=True)
class ScorePlan:
    path: Path
    sheet: str
    score_header: str
    school_year: str
    classes: tuple[ClassPlan, ...]
    percent: int = sc.DEFAULT_PERCENT  # each class's bottom share taken (the school's setting)

    @property
    def total(self) -> int:
        return sum(len(c.chosen) for c in self.classes)


def _refuse(path: Path, problems: list[str]) -> StrugglingError:
    shown = problems[:MAX_SHOWN]
    more = f"\n……另有{len(problems) - MAX_SHOWN}处" if len(problems) > MAX_SHOWN else ""
    return StrugglingError(
        f"{path.name} 有{len(problems)}处需要改正，学困生名单没有改动：\n" + "\n".join(shown) + more
    )


def read_scores(path: Path | str, day: dt.date) -> ScorePlan:
    """Read and check the score file against the roster of `day`'s school year; nothing is
    written. Raises StrugglingError naming the file, row and column of every problem."""
    path = Path(path)
    try:
        sheet = roster_import.read_sheet(
            path,
            find_header=sc.find_header,
            guess_mapping=lambda row: {},
            no_header="成绩表的表头（需要有“姓名”“班级”和“总分”或“成绩”列）",
        )
    except roster_import.RosterImportError as exc:
        raise StrugglingError(str(exc)) from exc
    cols, why = sc.columns(sheet.rows[sheet.header_index])
    if cols is None:
        raise StrugglingError(f"{path.name} 第{sheet.header_row}行（表头）：{why}")
    rows, problems = sc.parse(sheet.rows, sheet.header_index, cols)
    year = school_year_of(day)
    classes = {
        (c.grade, c.number): c
        for c in SchoolClass.select().where(
            (SchoolClass.school_year == year) & (SchoolClass.archived == False)  # noqa: E712
        )
    }
    by_class: dict[int, list[sc.ScoreRow]] = defaultdict(list)
    pupils: dict[int, list[Student]] = {}
    seen: dict[int, int] = {}  # student id → the row it was first found on
    matched: dict[int, dict[int, int]] = defaultdict(dict)  # class → row → student id
    for r in rows:
        cls = classes.get(r.class_key)
        col = sc.column_letter(cols.school_class)
        if cls is None:
            problems.append(f"第{r.row}行{col}列（班级）：{year}学年没有{class_name(*r.class_key)}")
            continue
        if cls.id not in pupils:
            pupils[cls.id] = list(
                Student.select().where(
                    (Student.school_class == cls.id)
                    & Student.status.in_([s.value for s in ON_ROLL])
                )
            )
        found, why = _match(r, pupils[cls.id], cls.name, cols)
        if found is None:
            problems.append(why)
            continue
        if found.id in seen:
            problems.append(
                f"第{r.row}行{sc.column_letter(cols.name)}列（姓名）：{r.name}在第"
                f"{seen[found.id]}行已经有成绩"
            )
            continue
        seen[found.id] = r.row
        by_class[cls.id].append(r)
        matched[cls.id][r.row] = found.id
    if problems:
        raise _refuse(path, problems)
    if not by_class:
        raise StrugglingError(f"{path.name} 的成绩表中没有学生")
    plans = []
    percent = struggling.share_percent()
    for cid, class_rows in by_class.items():
        cls = next(c for c in classes.values() if c.id == cid)
        pick = sc.bottom(class_rows, len(pupils[cid]), percent)
        scored = set(matched[cid].values())
        plans.append(
            ClassPlan(
                cid,
                cls.name,
                len(pupils[cid]),
                len(class_rows),
                tuple(Picked(matched[cid][r.row], r.name, r.score) for r in pick.chosen),
                tuple(s.name for s in pupils[cid] if s.id not in scored),
                tuple(r.name for r in pick.tie),
            )
        )
    plans.sort(key=lambda p: next(k for k, c in classes.items() if c.id == p.class_id))
    return ScorePlan(path, sheet.sheet_name, cols.score_header, year, tuple(plans), percent)


def _match(
    r: sc.ScoreRow, pupils: list[Student], cls_name: str, cols: sc.Columns
) -> tuple[Student | None, str]:
    where = f"第{r.row}行{sc.column_letter(cols.name)}列（姓名）"
    same = [s for s in pupils if s.name == r.name]
    if len(same) > 1 and r.number:
        same = [s for s in same if r.number in (s.student_number, s.id_number)]
    if len(same) == 1:
        return same[0], ""
    if not same:
        return None, f"{where}：{cls_name}的在校学生中没有“{r.name}”"
    return None, f"{where}：{cls_name}有{len(same)}个“{r.name}”，请在表中加上学籍号列以区分"


def apply(actor: str, plan: ScorePlan, day: dt.date) -> int:
    """Write the plan: each class's 学困生 from `day`, all classes in one transaction."""
    with current().atomic():
        for c in plan.classes:
            struggling.name_struggling(actor, c.class_id, [p.student_id for p in c.chosen], day)
    return plan.total
