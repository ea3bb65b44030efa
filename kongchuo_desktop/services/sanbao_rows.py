"""What the 三包责任 page, the 包保责任表 export and the printed 责任书 show: frozen rows read at
once for a day, and the look-ups the command line needs (a class by name, a teacher by name,
students by ID number)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from kongchuo_desktop.db.models import (
    Guardian,
    ResponsibilityLetter,
    SchoolClass,
    Student,
    Teacher,
)
from kongchuo_desktop.domain.sanbao import GUARANTOR_DUTIES
from kongchuo_desktop.services import table_export, visibility
from kongchuo_desktop.services.calendar_service import current_school_year
from kongchuo_desktop.services.responsibility import Resolver, responsible_for
from kongchuo_desktop.services.sanbao import ON_ROLL_VALUES, SanbaoError, term_start
from kongchuo_desktop.services.school_setup import the_school

NOT_CONFIRMED = "待确认"
CARRIED = "延续待确认"
CONFIRMED = "已确认"
PROPOSED = "建议（班主任）"


@dataclass(frozen=True)
class StudentRow:
    student_id: int
    name: str
    id_number: str
    class_id: int | None
    class_name: str
    guarantor_id: int | None
    guarantor: str  # the 包保 teacher, or the class head proposed
    state: str  # 已确认 / 待确认 / 延续待确认 / 建议（班主任）/ 已离校
    guarantor_phone: str
    helpers: str  # 一帮一: teachers and classmates
    guardian_phone: str
    signed_on: dt.date | None


@dataclass(frozen=True)
class Choice:
    id: int
    name: str


def class_choices(day: dt.date) -> list[Choice]:
    year = current_school_year(day)
    return visibility.classes(
        [
            Choice(c.id, c.name)
            for c in SchoolClass.select()
            .where((SchoolClass.school_year == year) & (SchoolClass.archived == False))  # noqa: E712
            .order_by(SchoolClass.grade, SchoolClass.number)
        ],
        lambda c: c.id,
    )


def teacher_choices() -> list[Choice]:
    """Teachers still at school, by name."""
    return [
        Choice(t.id, t.name)
        for t in Teacher.select().where(Teacher.active == True).order_by(Teacher.name)  # noqa: E712
    ]


def student_rows(day: dt.date, class_id: int | None = None) -> list[StudentRow]:
    """Every child on roll (of `class_id`), in class order, with its 三包 on `day`."""
    if class_id is not None:
        visibility.require_class(class_id)
    q = (
        Student.select(Student, SchoolClass)
        .join(SchoolClass)
        .where(Student.status.in_(ON_ROLL_VALUES))
        .order_by(SchoolClass.grade, SchoolClass.number, Student.name_pinyin, Student.id)
    )
    if class_id is not None:
        q = q.where(Student.school_class == class_id)
    students = list(q)
    ids = [s.id for s in students]
    # A class: its children's ids; the school: everything (no list of 3,000 ids to send).
    resolver = Resolver(ids if class_id is not None else None)
    teachers = {t.id: t for t in Teacher.select()}
    phones: dict[int, str] = {}
    for g in Guardian.select().where(Guardian.phone != "").order_by(Guardian.sort_order):
        phones.setdefault(g.student_id, g.phone)
    letters = {
        t: d
        for t, d in ResponsibilityLetter.select(
            ResponsibilityLetter.id, ResponsibilityLetter.signed_on
        ).tuples()
    }
    since = term_start(day)
    out = []
    for s in students:
        w = resolver.responsible(s.id, day)
        held = resolver.book.guarantor_row(s.id, day)
        person = w.responsible
        teacher = teachers.get(person.id) if person else None
        if w.guarantor is None:
            state = PROPOSED if person else "无"
        elif teacher is not None and not teacher.active:
            state = "已离校"
        elif not w.guarantor_confirmed:
            state = NOT_CONFIRMED
        else:
            moved = held.confirmed_class != s.school_class_id
            state = CARRIED if held.confirmed_on < since or moved else CONFIRMED
        helpers = [h.name for h in w.helpers] + [f"{n}（学生）" for n in w.helper_students]
        letter = held.letter_id if held else None
        out.append(
            StudentRow(
                s.id,
                s.name,
                s.id_number or s.student_number or "",
                s.school_class_id,
                s.school_class.name,
                person.id if person else None,
                person.name if person else "",
                state,
                teacher.phone if teacher else "",
                "、".join(helpers),
                phones.get(s.id, s.phone),
                letters.get(letter) if letter else None,
            )
        )
    return visibility.students(out, lambda r: r.student_id, day)


PLAN_HEADER = (
    "班级",
    "学生",
    "身份证号",
    "包保教师",
    "状态",
    "包保教师电话",
    "一帮一帮扶",
    "家长电话",
    "责任书签订日期",
)


def export_plan(path: Path | str, day: dt.date, *, overwrite: bool = False) -> Path:
    """The 包保责任表 (plan_table) written to an .xlsx."""
    return table_export.export_table(path, plan_table(day), overwrite=overwrite)


def plan_table(day: dt.date) -> table_export.ShownTable:
    """The 包保责任表: every child by class with its 包保 teacher, helpers, phones and the date
    the 责任书 was signed."""
    school = the_school()
    rows = [
        (
            r.class_name,
            r.name,
            r.id_number,
            r.guarantor,
            r.state,
            r.guarantor_phone,
            r.helpers,
            r.guardian_phone,
            r.signed_on.isoformat() if r.signed_on else "未签",
        )
        for r in student_rows(day)
    ]
    return table_export.ShownTable(
        title=f"{school.name if school else ''} 包保责任表",
        subtitle=f"{current_school_year(day) or ''}学年（截至{day:%Y年%m月%d日}）",
        header=PLAN_HEADER,
        rows=rows,
        sheet_name="包保责任表",
    )


@dataclass(frozen=True)
class LetterData:
    """One teacher's 责任书: whom it binds, to which children, and the duties."""

    school: str
    school_year: str
    teacher: str
    phone: str
    principal: str
    students: tuple[StudentRow, ...]
    helped: tuple[StudentRow, ...]  # children the teacher helps (一帮一)
    duties: tuple[str, ...]


def letter_data(teacher_id: int, day: dt.date) -> LetterData:
    teacher = Teacher.get_by_id(teacher_id)
    rows = student_rows(day)
    mine = tuple(r for r in rows if r.guarantor_id == teacher.id and r.state != PROPOSED)
    helped = tuple(r for r in rows if teacher.name in r.helpers.split("、"))
    if not mine and not helped:
        raise SanbaoError(f"{teacher.name}没有包保或帮扶的学生，无需打印责任书")
    who = responsible_for([mine[0].student_id if mine else helped[0].student_id], day)
    principal = next(iter(who.values())).principal
    school = the_school()
    return LetterData(
        school.name if school else "",
        current_school_year(day) or "",
        teacher.name,
        teacher.phone,
        principal.name if principal else "",
        mine,
        helped,
        GUARANTOR_DUTIES,
    )


def find_class(name: str, day: dt.date) -> SchoolClass:
    for c in class_choices(day):
        if c.name == name.strip():
            return SchoolClass.get_by_id(c.id)
    raise SanbaoError(f"本学年没有“{name}”；班级写作 七年级1班 这样")


def find_teacher(name: str) -> Teacher:
    found = list(Teacher.select().where((Teacher.name == name.strip()) & (Teacher.active == True)))  # noqa: E712
    if not found:
        raise SanbaoError(f"没有在校教师叫“{name}”")
    if len(found) > 1:
        raise SanbaoError(f"有{len(found)}位在校教师叫“{name}”，请在窗口中选择")
    return found[0]


def find_students(cls: SchoolClass, id_numbers: list[str]) -> list[int]:
    """The class's children with these 身份证号 (or 学籍号); all its children on roll when none."""
    q = Student.select(Student.id, Student.id_number, Student.student_number).where(
        (Student.school_class == cls.id) & Student.status.in_(ON_ROLL_VALUES)
    )
    rows = list(q.tuples())
    if not id_numbers:
        return [sid for sid, _n, _s in rows]
    by_key = {}
    for sid, number, sn in rows:
        for key in (number, sn):
            if key:
                by_key[key.upper()] = sid
    missing = [n for n in id_numbers if n.strip().upper() not in by_key]
    if missing:
        raise SanbaoError(f"{cls.name}没有身份证号（或学籍号）为 {'、'.join(missing)} 的在校学生")
    return [by_key[n.strip().upper()] for n in id_numbers]
