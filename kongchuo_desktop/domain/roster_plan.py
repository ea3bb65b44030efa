"""The import plan: checked records compared with the school's students before anything is written.

Pure Python: a `ParseResult` (from `roster_rows`) and the students already stored, as `Existing`,
in; an `ImportPlan` out — new, updated, unchanged and missing students, bad rows with their
problems, new classes, and two rows matching one student refused.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from kongchuo_desktop.domain.grades import class_name, grade_name
from kongchuo_desktop.domain.roster_rows import (
    ERROR,
    MEMBER_ATTRS,
    STUDENT_ATTRS,
    WARNING,
    ParseResult,
    Record,
    RowProblem,
    plain_members,
)
from kongchuo_desktop.domain.status_rules import GONE

# Student attribute → the column name a change is shown under.
ATTR_LABELS = {attr: key for key, (attr, _) in STUDENT_ATTRS.items()}


@dataclass
class Existing:
    """A student already in the database, as the planner needs it (no database objects)."""

    id: int
    name: str
    id_number: str
    student_number: str
    fields: dict[str, object]
    class_key: tuple[int, int] | None
    status: str
    flags: set[str]
    members: list[dict[str, object]]  # guardians in order: name, relation, phone, is_guardian …


@dataclass
class Change:
    existing: Existing
    record: Record
    changes: list[tuple[str, object, object]]  # (label, before, after)


@dataclass
class ImportPlan:
    new: list[Record] = field(default_factory=list)
    updated: list[Change] = field(default_factory=list)
    unchanged: list[Change] = field(default_factory=list)
    missing: list[Existing] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    ignored_rows: list[int] = field(default_factory=list)
    # The classes applying the plan creates. `make_plan` lists every class the file names that
    # the school does not have; `confirm_classes` keeps only those the clerk confirmed.
    new_classes: list[tuple[int, int]] = field(default_factory=list)
    # Every class the file names that the school does not have (whether confirmed or not).
    asked_classes: list[tuple[int, int]] = field(default_factory=list)
    class_column: str = "班级"
    status_column: str = "学籍状态"
    source: ImportPlan | None = None  # the plan before `confirm_classes`

    @property
    def unconfirmed_classes(self) -> list[tuple[int, int]]:
        return [k for k in self.asked_classes if k not in self.new_classes]

    @property
    def errors(self) -> list[RowProblem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[RowProblem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def bad_rows(self) -> list[int]:
        return sorted({p.row for p in self.errors})

    @property
    def refused(self) -> bool:
        """Any bad row refuses the file unless only good rows are imported."""
        return bool(self.errors)

    def summary(self) -> dict[str, object]:
        return {
            "new": len(self.new),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "skipped": len(self.bad_rows),
            "missing_from_file": len(self.missing),
            "new_classes": [class_name(g, n) for g, n in self.new_classes],
            "unconfirmed_classes": [class_name(g, n) for g, n in self.unconfirmed_classes],
            "errors": [
                {"row": p.row, "column": p.column, "message": p.message} for p in self.errors
            ],
            "warnings": [
                {"row": p.row, "column": p.column, "message": p.message} for p in self.warnings
            ],
        }


def _check_same_student(records, by_id, by_number, problems, bad, col) -> None:
    """Two file rows that match the same existing student (one by 身份证件号, the other by
    学籍号) would both be applied, the last one winning: both rows are errors naming the other."""
    rows_by_student: dict[int, list[tuple[Record, str]]] = defaultdict(list)
    names: dict[int, str] = {}
    for rec in records:
        a = by_id.get(rec.id_number) if rec.id_number else None
        b = by_number.get(rec.student_number) if rec.student_number else None
        if a is not None and (b is None or b.id == a.id):
            rows_by_student[a.id].append((rec, "身份证件号"))
            names[a.id] = a.name
        elif a is None and b is not None and not (rec.id_number and b.id_number):
            rows_by_student[b.id].append((rec, "学籍号"))
            names[b.id] = b.name
    for sid, matches in rows_by_student.items():
        if len(matches) < 2:
            continue
        for rec, key in matches:
            others = "、".join(str(o.row) for o, _ in matches if o is not rec)
            problems.append(
                RowProblem(
                    rec.row,
                    col(key),
                    f"与第{others}行对应本系统中的同一名学生{names[sid]}，请只保留一行后重新导入",
                )
            )
            bad.add(rec.row)


def make_plan(
    parsed: ParseResult,
    existing: Iterable[Existing],
    classes: set[tuple[int, int]],
    allowed_grades: Iterable[int] = range(1, 10),
    merged_classes: Iterable[tuple[int, int]] = (),
) -> ImportPlan:
    """What importing `parsed` would do. Rows with errors are listed and left out of new/updated.
    A row naming one of `merged_classes` (merged into another class this year) is an error."""
    existing = list(existing)
    by_id = {e.id_number: e for e in existing if e.id_number}
    by_number = {e.student_number: e for e in existing if e.student_number}
    allowed = set(allowed_grades)
    merged = set(merged_classes)
    plan = ImportPlan(ignored_rows=list(parsed.ignored_rows))
    problems = list(parsed.problems)
    bad = parsed.bad_rows
    matched: set[int] = set()
    new_classes: set[tuple[int, int]] = set()

    def col(key: str) -> str:
        return parsed.column_names.get(key, key)

    _check_same_student(parsed.records, by_id, by_number, problems, bad, col)
    for rec in parsed.records:
        a = by_id.get(rec.id_number) if rec.id_number else None
        b = by_number.get(rec.student_number) if rec.student_number else None
        if a is not None and b is not None and a.id != b.id:
            problems.append(
                RowProblem(
                    rec.row,
                    col("学籍号"),
                    f"身份证件号属于已有学生{a.name}，学籍号却属于已有学生{b.name}",
                )
            )
            bad.add(rec.row)
            continue
        match = a or b
        if (
            a is None
            and b is not None
            and rec.id_number
            and b.id_number
            and b.id_number != rec.id_number
        ):
            problems.append(
                RowProblem(
                    rec.row,
                    col("学籍号"),
                    f"学籍号与已有学生{b.name}相同，但身份证件号不同（本系统：{b.id_number}）",
                )
            )
            bad.add(rec.row)
            matched.add(b.id)
            continue
        if rec.grade is not None and rec.grade not in allowed:
            problems.append(RowProblem(rec.row, col("年级"), f"本校没有{grade_name(rec.grade)}"))
            bad.add(rec.row)
        if rec.class_key is not None and rec.class_key in merged:
            problems.append(
                RowProblem(
                    rec.row,
                    col("班级"),
                    f"{class_name(*rec.class_key)}已并入其他班级，不再使用；请改为学生现在的班级",
                )
            )
            bad.add(rec.row)
        if rec.row in bad:
            if match is not None:
                matched.add(match.id)  # in the file, even if the row is bad
            continue
        key = rec.class_key
        if key is not None and key not in classes:
            new_classes.add(key)
        if match is None:
            plan.new.append(rec)
            continue
        matched.add(match.id)
        changes = _changes(match, rec)
        if rec.status and rec.status != match.status:
            problems.append(
                RowProblem(
                    rec.row,
                    col("学籍状态"),
                    f"文件中的学籍状态“{rec.status}”与本系统的“{match.status}”不同；"
                    "导入不改学籍状态，请在“学籍变动”中办理",
                    WARNING,
                )
            )
        (plan.updated if changes else plan.unchanged).append(Change(match, rec, changes))
    plan.missing = [e for e in existing if e.id not in matched and e.status not in GONE]
    plan.missing.sort(key=lambda e: (e.class_key or (0, 0), e.name))
    plan.new_classes = sorted(new_classes)
    plan.asked_classes = list(plan.new_classes)
    plan.class_column = col("班级")
    plan.status_column = col("学籍状态")
    problems.sort(key=lambda p: (p.row, p.severity != ERROR))
    plan.problems = problems
    return plan


NO_SUCH_CLASS = "学校没有{name}；{how}"


def confirm_classes(
    plan: ImportPlan, create: Iterable[tuple[int, int]], how_to_confirm: str
) -> ImportPlan:
    """The plan with only the classes in `create` made; a row that names another class the school
    does not have is an error ("学校没有七年级9班；<how_to_confirm>") and is not imported. Works from
    the plan as `make_plan` made it, so the choice can be changed and asked again."""
    base = plan.source or plan
    create = {k for k in create if k in base.asked_classes}
    refused = set(base.asked_classes) - create
    problems = list(base.problems)

    def refuse(rec: Record) -> bool:
        if rec.class_key not in refused:
            return False
        message = NO_SUCH_CLASS.format(name=class_name(*rec.class_key), how=how_to_confirm)
        problems.append(RowProblem(rec.row, base.class_column, message))
        return True

    new = [rec for rec in base.new if not refuse(rec)]
    updated = [c for c in base.updated if not refuse(c.record)]
    unchanged = [c for c in base.unchanged if not refuse(c.record)]
    problems.sort(key=lambda p: (p.row, p.severity != ERROR))
    return dataclasses.replace(
        base,
        new=new,
        updated=updated,
        unchanged=unchanged,
        problems=problems,
        new_classes=sorted(create),
        source=base,
    )


def _same(before: object, after: object) -> bool:
    if isinstance(before, dt.date) or isinstance(after, dt.date):
        return str(before) == str(after)
    return before == after


def _changes(e: Existing, rec: Record) -> list[tuple[str, object, object]]:
    out: list[tuple[str, object, object]] = []
    for attr, value in rec.fields.items():
        before = e.fields.get(attr)
        if not _same(before, value):
            out.append((ATTR_LABELS.get(attr, attr), before, value))
    if rec.class_key is not None and rec.class_key != e.class_key:
        before = class_name(*e.class_key) if e.class_key else ""
        out.append(("班级", before, class_name(*rec.class_key)))
    for flag, on in rec.flags.items():
        if on and flag not in e.flags:
            out.append((f"重点学生：{flag}", "否", "是"))
    for member, i in match_members(plain_members(rec), e.members):
        old = e.members[i] if i is not None else None
        who = str(member.get("name"))
        for attr, value in member.items():
            before = None if old is None else old.get(attr)
            if before != value:
                label = next(p for p, (a, _) in MEMBER_ATTRS.items() if a == attr)
                out.append((f"家庭成员{who}：{label}", before, value))
    return out


def match_members(
    members: list[dict[str, object]], existing: list[dict[str, object]]
) -> list[tuple[dict[str, object], int | None]]:
    """Pair each family member in the file with a guardian already stored: same name first, then
    the same relation, then the same place in the list; None means a new guardian."""
    taken: set[int] = set()
    pairs: list[tuple[dict[str, object], int | None]] = []
    for m in members:
        found = None
        for key in ("name", "relation"):
            if m.get(key):
                found = next(
                    (
                        i
                        for i, g in enumerate(existing)
                        if i not in taken and g.get(key) == m.get(key)
                    ),
                    None,
                )
                if found is not None:
                    break
        pairs.append((m, found))
        if found is not None:
            taken.add(found)
    for n, (m, found) in enumerate(pairs):
        if (
            found is None
            and n < len(existing)
            and n not in taken
            and not _named_elsewhere(existing[n], members)
        ):
            pairs[n] = (m, n)
            taken.add(n)
    return pairs


def _named_elsewhere(guardian: dict[str, object], members: list[dict[str, object]]) -> bool:
    return any(m.get("name") == guardian.get("name") for m in members)


__all__ = [
    "Change",
    "Existing",
    "ImportPlan",
    "confirm_classes",
    "make_plan",
    "match_members",
]
