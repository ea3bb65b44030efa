"""Importing the villages' 适龄儿童摸底 lists (.xlsx/.xls): read → check → plan → apply.

Reading goes through the roster import's reader (roster_import.read_sheet: the workbook guard
against hostile and broken files, the .xls/.xlsx by content, the size limits), with the census's
own header synonyms (domain.census_columns) and row checks (domain.census_rows). Several files at
once; a file may hold one village or several. A list is one village's for one 学年: a corrected
list from the same village replaces the earlier one; the clerk's decisions on its children are
kept by child (db/census_models.py), so nothing noted is lost.

The audit trail records each list imported (file, village, number of children), not each child:
the children are not ours, and their ID numbers stay out of every log.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kongchuo_desktop.db.census_models import CensusEntry, CensusList
from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.models import Village
from kongchuo_desktop.domain import census_columns as cc
from kongchuo_desktop.domain.census_rows import CensusParse, CensusRecord, parse_census
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.domain.roster_rows import RowProblem
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import audit, guards, roster_import, villages
from kongchuo_desktop.services.calendar_service import current_school_year

Progress = Callable[[int, int], None]
NO_HEADER = "摸底名单的表头（需要有“姓名”以及身份证号或出生日期、村/组等列）"
_VILLAGE_IN_NAME = re.compile(r"([\u4e00-\u9fff]{1,12}?(?:村|社区))")


class CensusImportError(UserError, ValueError):
    """The lists cannot be imported; the message says why, in Chinese."""


@dataclass
class CensusFile:
    """One file read and checked: its children by village, its problems by row and column."""

    path: Path
    sheet_name: str = ""
    header_row: int = 0
    parse: CensusParse | None = None
    failure: str = ""  # the whole file could not be read (then nothing of it is imported)
    note: str = ""

    @property
    def problems(self) -> list[RowProblem]:
        return self.parse.problems if self.parse else []

    @property
    def records(self) -> list[CensusRecord]:
        return self.parse.good_records if self.parse else []

    @property
    def villages(self) -> list[str]:
        return self.parse.villages if self.parse else []

    def by_village(self) -> dict[str, list[CensusRecord]]:
        out: dict[str, list[CensusRecord]] = {}
        for r in self.records:
            out.setdefault(r.village, []).append(r)
        return out


@dataclass
class CensusPlan:
    school_year: str
    files: list[CensusFile] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)  # villages whose earlier list is replaced

    @property
    def children(self) -> int:
        return sum(len(f.records) for f in self.files)

    @property
    def villages(self) -> list[str]:
        return sorted({v for f in self.files for v in f.villages})

    @property
    def failed(self) -> list[CensusFile]:
        return [f for f in self.files if f.failure]

    @property
    def skipped_rows(self) -> int:
        return sum(len(f.parse.bad_rows) for f in self.files if f.parse)


def village_from_name(path: Path) -> str:
    """The village a file's name names ("红星村摸底名单.xlsx" → 红星村), or ""."""
    m = _VILLAGE_IN_NAME.search(path.stem)
    return m.group(1) if m else ""


def read_census_file(path: Path | str) -> CensusFile:
    path = Path(path)
    out = CensusFile(path)
    try:
        sheet = roster_import.read_sheet(
            path,
            find_header=cc.find_header_row,
            guess_mapping=cc.guess_mapping,
            no_header=NO_HEADER,
        )
    except roster_import.RosterImportError as exc:
        out.failure = str(exc)
        return out
    out.sheet_name, out.header_row, out.note = sheet.sheet_name, sheet.header_row, sheet.note
    out.parse = parse_census(sheet.rows, sheet.header_index, sheet.mapping, village_from_name(path))
    return out


def plan_files(paths: Iterable[Path | str], school_year: str | None = None) -> CensusPlan:
    """Read and check every file; nothing is written. Two files of one village in one import:
    the second is refused (which one is right is the clerk's call)."""
    year = school_year or current_school_year()
    if not year:
        raise CensusImportError("还没有建立学校和学年，请先完成学校设置再导入摸底名单")
    plan = CensusPlan(year)
    seen: dict[str, str] = {}
    for path in paths:
        f = read_census_file(path)
        if f.parse and not f.failure:
            twice = [v for v in f.villages if v in seen]
            if twice:
                f.failure = (
                    f"{f.path.name} 与 {seen[twice[0]]} 都是{'、'.join(twice)}的名单，"
                    "同一个村一次只能导入一份；请只选其中正确的一份"
                )
            for v in f.villages:
                seen.setdefault(v, f.path.name)
        if f.parse and not f.failure and not f.records:
            f.failure = f"{f.path.name} 中没有可以导入的儿童"
        plan.files.append(f)
    existing = {
        v
        for (v,) in CensusList.select(CensusList.village)
        .where(CensusList.school_year == year)
        .tuples()
    }
    plan.replaced = sorted(v for v in plan.villages if v in existing)
    return plan


@dataclass(frozen=True)
class ImportedCensus:
    villages: list[str]
    children: int
    replaced: list[str]
    backup: Path | None
    added_villages: list[str] = field(default_factory=list)  # new in the school's village list


def apply_plan(
    actor: str,
    plan: CensusPlan,
    *,
    folder=None,
    progress: Progress | None = None,
    now: dt.datetime | None = None,
) -> ImportedCensus:
    """Write every readable file's children in one transaction (after a backup when a data
    folder is given): each village's list of the year is replaced, decisions stay."""
    guards.school(Action.EDIT_ROSTER)
    files = [f for f in plan.files if not f.failure and f.records]
    if not files:
        raise CensusImportError("没有可以导入的名单（每个文件的问题见上）")
    backup = folder.event_backup("before-census-import") if folder is not None else None
    now = now or dt.datetime.now().replace(microsecond=0)
    total, done, imported = plan.children, 0, []
    with current().atomic():
        for f in files:
            for village, records in f.by_village().items():
                _replace_list(actor, plan.school_year, village, f, records, now)
                imported.append(village)
                done += len(records)
                if progress:
                    progress(done, total)
        added = add_to_village_list(actor, files)
    return ImportedCensus(sorted(imported), done, plan.replaced, backup, added)


def add_to_village_list(actor: str, files: list[CensusFile]) -> list[str]:
    """Every village and group of the lists into the school's list of villages (the one 三包
    uses: services.villages), those it lacks; returns what was added (村 then 村+组)."""
    guards.school(Action.EDIT_ROSTER)
    wanted: dict[tuple[str, str], None] = {}
    for f in files:
        for r in f.records:
            wanted[(r.village, "")] = None
            if r.group:
                wanted[(r.village, r.group)] = None
    known = set(Village.select(Village.name, Village.group_name).tuples())
    added = []
    for name, group in sorted(wanted, key=lambda k: (k[0], k[1] != "", k[1])):
        if (name, group) not in known:
            villages.add_village(actor, name, group)
            added.append(name + group)
    return added


def _replace_list(actor, year, village, f: CensusFile, records, now) -> None:
    lst = CensusList.get_or_none((CensusList.school_year == year) & (CensusList.village == village))
    if lst is None:
        lst = audit.create(
            CensusList,
            actor,
            school_year=year,
            village=village,
            file_name=f.path.name,
            sheet_name=f.sheet_name,
            imported_at=now,
            imported_by=actor,
        )
        before = 0
    else:
        before = CensusEntry.select().where(CensusEntry.census_list == lst).count()
        CensusEntry.delete().where(CensusEntry.census_list == lst).execute()
        audit.update(lst, actor, file_name=f.path.name, sheet_name=f.sheet_name, imported_at=now)
    rows = [
        {
            "census_list": lst.id,
            "row": r.row,
            "group_name": r.group,
            "householder": r.householder,
            "name": r.name,
            "id_number": r.id_number,
            "birth_date": r.birth_date,
            "sex": r.sex,
            "school": r.school,
            "note": r.note,
        }
        for r in records
    ]
    for start in range(0, len(rows), 200):
        CensusEntry.insert_many(rows[start : start + 200]).execute()
    # One line for the list, counts only: the children's ID numbers stay out of the trail.
    audit.record(
        actor, lst, "import", {"children": before}, {"children": len(rows), "file": f.path.name}
    )


def lists(school_year: str | None = None) -> list[CensusList]:
    """The lists kept, newest school year first (each year's beside the older ones)."""
    q = CensusList.select()
    if school_year:
        q = q.where(CensusList.school_year == school_year)
    return list(q.order_by(CensusList.school_year.desc(), CensusList.village))
