"""Importing the register's Excel export (.xlsx or .xls): read → map columns → check → plan →
(after the user confirms) apply everything in one transaction, after a backup.

    sheet = read_sheet(path)                     # rows of cells, the header found
    plan = make_import_plan(sheet, mapping)      # nothing written
    result = apply_plan(actor, plan, folder=…)   # one transaction
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import peewee as pw

from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.models import (
    Enrollment,
    Guardian,
    RiskFlag,
    SchoolClass,
    StatusChange,
    Student,
)
from kongchuo_desktop.domain import roster_columns as rc
from kongchuo_desktop.domain import roster_values as rv
from kongchuo_desktop.domain.grades import SCHOOL_TYPE_GRADES
from kongchuo_desktop.domain.import_status import confirm_statuses
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.domain.roster_plan import (
    Existing,
    ImportPlan,
    confirm_classes,
    make_plan,
    match_members,
)
from kongchuo_desktop.domain.roster_rows import (
    STUDENT_ATTRS,
    ParseResult,
    parse_rows,
    plain_members,
)
from kongchuo_desktop.domain.student_status import StudentStatus
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import audit, guards, import_limits, membership, workbook_guard
from kongchuo_desktop.services.calendar_service import current_school_year
from kongchuo_desktop.services.school_setup import the_school
from kongchuo_desktop.services.workbook_guard import SheetLimits

Progress = Callable[[int, int], None]
BATCH = 200
IMPORT_NOTE = "从学籍导出文件导入"


class RosterImportError(UserError, ValueError):
    """The file cannot be read as a roster; the message says why, in Chinese."""


@dataclass
class Sheet:
    """One worksheet read from the file, with its header row found and columns guessed."""

    path: Path
    sheet_name: str
    rows: list[list[object]]
    header_index: int
    mapping: dict[int, str] = field(default_factory=dict)
    note: str = ""  # e.g. an .xlsx named .xls, read as what it is

    @property
    def headers(self) -> list[str]:
        return [rv.text(h) for h in self.rows[self.header_index]]

    @property
    def header_row(self) -> int:
        """The header's Excel row number."""
        return self.header_index + 1

    def unmapped(self) -> list[str]:
        """Headers not understood (not imported)."""
        return [h for i, h in enumerate(self.headers) if h and i not in self.mapping]


def _reraise_interrupts(exc: BaseException) -> None:
    """The reader's failures are caught as BaseException: python-calamine turns a panic of its
    Rust reader on a damaged file into pyo3's PanicException, which is not an Exception. Only an
    interrupt or an exit goes on."""
    if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
        raise exc


def read_sheet(
    path: Path | str,
    limits: SheetLimits | None = None,
    *,
    find_header: Callable[[list[list[object]]], int | None] = rc.find_header_row,
    guess_mapping: Callable[[list[object]], dict[int, str]] = rc.guess_mapping,
    no_header: str = "",
) -> Sheet:
    """Read the first worksheet that has a roster header. Raises RosterImportError.

    Another list read the same way (a village's 摸底 list) passes its own `find_header`,
    `guess_mapping` and the sentence `no_header` for a file without its header.

    The file is looked at first (workbook_guard): empty, too large, password-protected, not a
    workbook, or a sheet over the school's limits (import_limits) is refused before any cell is
    loaded. The content decides the format, so an .xlsx named .xls is read all the same."""
    from python_calamine import CalamineWorkbook, PasswordError

    path = Path(path)
    if not path.is_file():
        raise RosterImportError(f"找不到文件：{path}")
    if path.suffix.lower() not in (".xlsx", ".xls", ".xlsm"):
        raise RosterImportError("只能导入Excel文件（.xlsx 或 .xls）")
    limits = limits or import_limits.limits()
    try:
        checked = workbook_guard.inspect_workbook(path, limits)
        with path.open("rb") as f:
            book = CalamineWorkbook.from_filelike(f)  # by content, not by extension
    except workbook_guard.WorkbookRefused as exc:
        raise RosterImportError(str(exc)) from exc
    except PasswordError as exc:
        raise RosterImportError(str(workbook_guard.encrypted(path))) from exc
    except BaseException as exc:
        _reraise_interrupts(exc)
        raise RosterImportError(_unreadable(path, exc)) from exc
    for index, name in enumerate(book.sheet_names):
        try:
            checked.check_sheet(index, name)
            loaded = book.get_sheet_by_index(index)
            # What to_python lays out: from A1 to the last cell with a value.
            end = loaded.end or (-1, -1)
            why = limits.problem(end[0] + 1, end[1] + 1)
            if why:
                raise workbook_guard.too_big(path, name, workbook_guard.ACTUAL, why)
            rows = loaded.to_python(skip_empty_area=False)
        except workbook_guard.WorkbookRefused as exc:
            raise RosterImportError(str(exc)) from exc
        except BaseException as exc:
            _reraise_interrupts(exc)
            raise RosterImportError(f"无法读取工作表“{name}”：{exc}") from exc
        header = find_header(rows)
        if header is not None:
            sheet = Sheet(path, name, rows, header, note=checked.mislabelled)
            sheet.mapping = guess_mapping(rows[header])
            return sheet
    raise RosterImportError(
        f"{path.name} 中没有找到"
        + (no_header or "花名册的表头（需要有“姓名”以及身份证件号、学籍号、班级等列）")
    )


XLSX_MAGIC = b"PK\x03\x04"  # a zip, as every .xlsx is
XLS_MAGIC = b"\xd0\xcf\x11\xe0"  # an OLE compound file, as every old .xls is
SAVE_AS = "请用Excel打开它，“另存为”Excel工作簿（.xlsx）后再导入。"


def _unreadable(path: Path, exc: Exception) -> str:
    """Why an 'Excel' file could not be read, in words a clerk can act on. Web systems often
    export HTML or CSV under an .xls name, which Excel opens but no Excel reader does."""
    try:
        head = path.read_bytes()[:512]
    except OSError:
        head = b""
    if head.startswith((XLSX_MAGIC, XLS_MAGIC)):
        return (
            f"无法读取Excel文件 {path.name}：文件可能已损坏，或正被其他程序占用。"
            f"{SAVE_AS}（详细信息：{exc}）"
        )
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        kind = "网页（HTML）格式"
    else:
        kind = "文本或CSV格式"
    return f"{path.name} 不是真正的Excel文件，而是{kind}，只是扩展名为{path.suffix}。{SAVE_AS}"


# ---- the database side of planning -------------------------------------------------------------


def _existing_students() -> list[Existing]:
    classes = {c.id: (c.grade, c.number) for c in SchoolClass.select()}
    flags: dict[int, set[str]] = {}
    for f in RiskFlag.select(RiskFlag.student, RiskFlag.flag).tuples():
        flags.setdefault(f[0], set()).add(f[1])
    members: dict[int, list[dict[str, object]]] = {}
    for g in Guardian.select().order_by(Guardian.student, Guardian.sort_order, Guardian.id):
        members.setdefault(g.student_id, []).append(_guardian_dict(g))
    out = []
    attrs = [a for a, _ in STUDENT_ATTRS.values()]
    for s in Student.select():
        out.append(
            Existing(
                id=s.id,
                name=s.name,
                id_number=s.id_number or "",
                student_number=s.student_number or "",
                fields={a: getattr(s, a) for a in attrs},
                class_key=classes.get(s.school_class_id),
                status=s.status,
                flags=flags.get(s.id, set()),
                members=members.get(s.id, []),
            )
        )
    return out


def _allowed_grades() -> range:
    school = the_school()
    return SCHOOL_TYPE_GRADES.get(school.school_type, range(1, 10)) if school else range(1, 10)


CONFIRM_CLASSES = "确认要新建这个班后再导入"
CONFIRM_STATUS = "确认无误后再导入"


def make_import_plan(
    sheet: Sheet,
    mapping: dict[int, str] | None = None,
    create_classes: Iterable[tuple[int, int]] | bool = (),
    how_to_confirm: str = CONFIRM_CLASSES,
    accept_status: Iterable[int] | bool = (),
    how_to_accept: str = CONFIRM_STATUS,
) -> ImportPlan:
    """Check the sheet with `mapping` (default: the guessed one) against the database.

    A class the file names that the school does not have is made only when confirmed:
    `create_classes` lists those to make (True: all of them); the rows of any other are errors
    whose reason ends with `how_to_confirm`. `plan.asked_classes` lists them all.
    Likewise a new student in a status such as 转出 or 休学 (domain.import_status) is created
    only when its row is in `accept_status` (True: all); otherwise the row is an error."""
    if the_school() is None:
        raise RosterImportError("还没有建立学校，请先完成学校设置再导入花名册")
    parsed: ParseResult = parse_rows(sheet.rows, sheet.header_index, mapping or sheet.mapping)
    year = current_school_year()
    this_year = list(SchoolClass.select().where(SchoolClass.school_year == year))
    classes = {(c.grade, c.number) for c in this_year}
    merged = {(c.grade, c.number) for c in this_year if c.archived}
    plan = make_plan(parsed, _existing_students(), classes, _allowed_grades(), merged)
    if create_classes is True:
        create_classes = plan.asked_classes
    plan = confirm_classes(plan, create_classes or (), how_to_confirm)
    return confirm_statuses(plan, accept_status, how_to_accept, plan.status_column)


def plan_file(path: Path | str) -> tuple[Sheet, ImportPlan]:
    sheet = read_sheet(path)
    return sheet, make_import_plan(sheet)


# ---- applying ----------------------------------------------------------------------------------


@dataclass
class ImportResult:
    new: int
    updated: int
    unchanged: int
    skipped: int
    missing_from_file: int
    backup: Path | None = None


def apply_plan(
    actor: str,
    plan: ImportPlan,
    *,
    skip_invalid: bool = False,
    folder=None,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> ImportResult:
    """Write the plan in one transaction (after `folder.event_backup("before-import")` when a data
    folder is given). A plan with bad rows is refused unless `skip_invalid`."""
    guards.school(Action.EDIT_ROSTER)
    if plan.refused and not skip_invalid:
        raise RosterImportError(
            f"文件中有 {len(plan.bad_rows)} 行有错误，整个文件未导入（可选择只导入没有问题的行）"
        )
    year = current_school_year()
    if year is None and (plan.new or plan.updated):
        raise RosterImportError("还没有建立学校和班级，请先完成学校设置")
    backup = folder.event_backup("before-import") if folder is not None else None
    today = today or dt.date.today()
    total = len(plan.new) + len(plan.updated)
    done = 0
    try:
        with current().atomic():
            classes = {
                (c.grade, c.number): c
                for c in SchoolClass.select().where(SchoolClass.school_year == year)
            }
            for key in plan.new_classes:
                if key not in classes:
                    classes[key] = audit.create(
                        SchoolClass, actor, school_year=year, grade=key[0], number=key[1]
                    )
            for start in range(0, len(plan.new), BATCH):
                batch = plan.new[start : start + BATCH]
                _create_students(actor, batch, classes, year, today)
                done += len(batch)
                if progress:
                    progress(done, total)
            by_id = (
                {
                    s.id: s
                    for s in Student.select().where(
                        Student.id.in_([c.existing.id for c in plan.updated])
                    )
                }
                if plan.updated
                else {}
            )
            for change in plan.updated:
                _update_student(actor, by_id[change.existing.id], change.record, classes, year)
                done += 1
                if progress and done % 50 == 0:
                    progress(done, total)
    except (pw.IntegrityError, sqlite3.IntegrityError) as exc:
        raise RosterImportError(
            f"数据在检查之后有了变化（{exc}），没有写入任何数据；请重新检查文件后再导入"
        ) from exc
    if progress:
        progress(total, total)
    return ImportResult(
        new=len(plan.new),
        updated=len(plan.updated),
        unchanged=len(plan.unchanged),
        skipped=len(plan.bad_rows),
        missing_from_file=len(plan.missing),
        backup=backup,
    )


def _create_students(actor, records, classes, year, today) -> None:
    """New students of one batch, with class, guardians, flags and initial status, audited."""
    from kongchuo_desktop.domain.pinyin_keys import pinyin_keys

    rows = []
    for rec in records:
        fields = dict(rec.fields)
        fields["id_number"] = fields.get("id_number") or None
        fields["student_number"] = fields.get("student_number") or None
        fields["name_pinyin"], fields["name_initials"] = pinyin_keys(fields.get("name", ""))
        cls = classes.get(rec.class_key) if rec.class_key else None
        rows.append(
            {
                **fields,
                "school_class": cls.id if cls else None,
                "status": rec.status or StudentStatus.IN_SCHOOL.value,
            }
        )
    students = audit.create_many(Student, actor, rows)
    first_day = membership.year_start(year)
    enrollments, guardians, flags, changes = [], [], [], []
    for rec, student in zip(records, students, strict=True):
        if student.school_class_id is not None:
            enrollments.append(
                {
                    "student": student.id,
                    "school_class": student.school_class_id,
                    "school_year": year,
                    "start_date": first_day,
                }
            )
        for i, member in enumerate(plain_members(rec), start=1):
            guardians.append({"student": student.id, "sort_order": i, **member})
        for flag, on in rec.flags.items():
            if on:
                flags.append({"student": student.id, "flag": flag, "note": IMPORT_NOTE})
        if student.status != StudentStatus.IN_SCHOOL:
            changes.append(
                {
                    "student": student.id,
                    "status": student.status,
                    "date": today,
                    "reason": "导入花名册时的学籍状态",
                    "recorded_by": actor,
                }
            )
    audit.create_many(Enrollment, actor, enrollments)
    audit.create_many(Guardian, actor, guardians)
    audit.create_many(RiskFlag, actor, flags)
    audit.create_many(StatusChange, actor, changes)


def _update_student(actor, student: Student, rec, classes, year) -> None:
    changes = {
        attr: value
        for attr, value in rec.fields.items()
        if str(getattr(student, attr)) != str(value)
    }
    if changes:
        audit.update(student, actor, **changes)
    cls = classes.get(rec.class_key) if rec.class_key else None
    if cls is not None and student.school_class_id != cls.id:
        move_to_class(actor, student, cls)
    existing_flags = {f.flag for f in student.risk_flags}
    for flag, on in rec.flags.items():
        if on and flag not in existing_flags:
            audit.create(RiskFlag, actor, student=student, flag=flag, note=IMPORT_NOTE)
    guardians = list(student.guardians.order_by(Guardian.sort_order, Guardian.id))
    stored = [_guardian_dict(g) for g in guardians]
    last = max((g.sort_order for g in guardians), default=0)
    for member, i in match_members(plain_members(rec), stored):
        if i is not None:
            audit.update(guardians[i], actor, **member)
        else:
            last += 1
            audit.create(Guardian, actor, student=student, sort_order=last, **member)


def _guardian_dict(g: Guardian) -> dict[str, object]:
    return {
        "name": g.name,
        "relation": g.relation,
        "phone": g.phone,
        "is_guardian": g.is_guardian,
        "works_away": g.works_away,
    }


def move_to_class(actor: str, student: Student, cls: SchoolClass) -> None:
    """Put the student in `cls` from today (from the start of the year when the roster is of a
    year the child had no class in yet): services.membership keeps the dated record."""
    guards.school(Action.EDIT_ROSTER)
    membership.place(actor, student, cls)
