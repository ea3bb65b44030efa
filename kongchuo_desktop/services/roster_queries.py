"""What the roster screens show, read in a few queries (never one per row)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import peewee as pw

from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.models import (
    ClassHead,
    Guardian,
    RiskFlag,
    SchoolClass,
    Student,
    Teacher,
    stored_day,
)
from kongchuo_desktop.domain import phone_number
from kongchuo_desktop.domain.grades import GRADE_NAMES, SCHOOL_TYPE_GRADES, class_name, grade_name
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.domain.roles import TEACHER_ROLES
from kongchuo_desktop.domain.status_rules import NEW_STUDENT_STATUSES
from kongchuo_desktop.domain.student_status import StudentStatus
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import audit, guards, membership, visibility
from kongchuo_desktop.services.calendar_service import current_school_year
from kongchuo_desktop.services.new_student import (
    FirstGuardian,
    add_first_guardian,
    checked_birth_date,
    checked_guardian,
)
from kongchuo_desktop.services.responsibility import set_class_head


class RosterError(UserError, ValueError):
    pass


@dataclass(frozen=True)
class StudentRow:
    id: int
    name: str
    sex: str
    birth_date: dt.date | None
    id_number: str
    student_number: str
    grade: int  # 0 when in no class
    class_number: int
    class_id: int | None
    class_name: str
    status: str
    flags: tuple[str, ...]
    phone: str
    name_pinyin: str
    name_initials: str

    @property
    def search_key(self) -> str:
        """Everything the search box matches, lowercase, separated so terms do not run across."""
        return "\x1f".join(
            (
                self.name,
                self.name_initials,
                self.name_pinyin,
                self.student_number.lower(),
                self.id_number.lower(),
            )
        )


@dataclass(frozen=True)
class StudentCard:
    """Who a dialog is about: name, class and 学籍状态."""

    id: int
    name: str
    class_name: str  # "" when in no class
    status: str


def student_card(student_id: int) -> StudentCard:
    visibility.require_student(student_id)
    s = Student.get_by_id(student_id)
    return StudentCard(s.id, s.name, s.school_class.name if s.school_class_id else "", s.status)


def student_rows(
    school_year: str | None = None, include_archived: bool = False
) -> list[StudentRow]:
    """Students of the year's classes (default: the current year, plus students in no class and
    children still ours left in a former class). For an earlier year, the classes the students
    were in that year (their status is today's)."""

    current_year = current_school_year()
    year = school_year or current_year
    past: dict[int, int] | None = None
    if year != current_year:
        past = membership.year_classes(year)
    flags: dict[int, list[str]] = {}
    for sid, flag in RiskFlag.select(RiskFlag.student, RiskFlag.flag).tuples():
        flags.setdefault(sid, []).append(flag)
    from kongchuo_desktop.domain.status_rules import GONE

    gone = {s.value for s in GONE}
    classes = {c.id: c for c in SchoolClass.select()}
    query = Student.select(
        Student.id,
        Student.name,
        Student.sex,
        Student.birth_date,
        Student.id_number,
        Student.student_number,
        Student.school_class,
        Student.status,
        Student.phone,
        Student.name_pinyin,
        Student.name_initials,
    ).tuples()
    rows = []
    for sid, name, sex, born, idn, sn, class_id, status, phone, py, ini in query:
        if past is not None:
            if sid not in past:
                continue
            class_id = past[sid]
        cls = classes.get(class_id)
        label = cls.name if cls else ""
        if past is None and cls is not None and cls.school_year != year:
            # A former year's class: shown only if the child is still ours (e.g. 休学 in 九年级
            # at 学年升级, left in the old class for the office to handle).
            if status in gone and not include_archived:
                continue
            label = f"{cls.name}（{cls.school_year}）"
        if isinstance(born, str):
            born = dt.date.fromisoformat(born)
        rows.append(
            StudentRow(
                sid,
                name,
                sex,
                born,
                idn or "",
                sn or "",
                cls.grade if cls else 0,
                cls.number if cls else 0,
                class_id,
                label,
                status,
                tuple(sorted(flags.get(sid, ()))),
                phone,
                py,
                ini,
            )
        )
    rows.sort(key=lambda r: (r.grade, r.class_number, r.name_pinyin))
    return visibility.students(rows, lambda r: r.id)


@dataclass
class ClassRow:
    id: int
    school_year: str
    grade: int
    number: int
    name: str
    head_teacher_id: int | None
    head_teacher: str
    students: int
    archived: bool
    # The 班主任 who left school (离校) and has not been replaced: the class has a gap to fix.
    head_left: str = ""
    # Closed in its own year: merged into another class (学年升级 closes a year's classes only
    # once the next year's are made).
    merged: bool = False
    head_left_on: dt.date | None = None  # the day head_left left (None: 日期不详)


def _departed_heads(class_ids: list[int]) -> dict[int, tuple[str, dt.date | None]]:
    """class → the name of its last 班主任 when that teacher has left (离校) and nobody has
    taken the class since (the class's head history ends with that teacher or with no one)."""
    out: dict[int, tuple[str, dt.date | None]] = {}
    last: dict[int, int | None] = {}
    query = (
        ClassHead.select(ClassHead.school_class, ClassHead.teacher)
        .where(ClassHead.school_class.in_(class_ids))
        .order_by(ClassHead.start_date)
        .tuples()
    )
    for cid, tid in query:
        if tid is not None or cid not in last:
            last[cid] = tid
    gone = {
        tid: (name, stored_day(left) if left else None)
        for tid, name, left in Teacher.select(Teacher.id, Teacher.name, Teacher.left_on)
        .where(Teacher.active == False)  # noqa: E712
        .tuples()
    }
    for cid, tid in last.items():
        if tid in gone:
            out[cid] = gone[tid]
    return out


def class_rows(school_year: str | None = None) -> list[ClassRow]:
    """Classes of a year (default current) with head teacher and on-roll count."""
    from kongchuo_desktop.domain.status_rules import GONE

    year = school_year or current_school_year()
    gone = [s.value for s in GONE]
    counts = dict(
        Student.select(Student.school_class, pw.fn.COUNT(Student.id))
        .where(Student.status.not_in(gone))
        .group_by(Student.school_class)
        .tuples()
    )
    year_counts: dict[int, int] = {}
    for class_id in membership.year_classes(year).values():
        year_counts[class_id] = year_counts.get(class_id, 0) + 1
    out = []
    query = (
        SchoolClass.select(SchoolClass, Teacher)
        .join(Teacher, pw.JOIN.LEFT_OUTER)
        .where(SchoolClass.school_year == year)
        .order_by(SchoolClass.grade, SchoolClass.number)
    )
    classes = list(query)
    departed = _departed_heads([c.id for c in classes])
    this_year = current_school_year()
    for c in classes:
        n = year_counts.get(c.id, 0) if c.archived else counts.get(c.id, 0)
        left, left_on = departed.get(c.id, ("", None))
        if not left and c.head_teacher_id and not c.head_teacher.active:
            left = c.head_teacher.name
            left_on = stored_day(c.head_teacher.left_on) if c.head_teacher.left_on else None
        out.append(
            ClassRow(
                c.id,
                c.school_year,
                c.grade,
                c.number,
                c.name,
                c.head_teacher_id,
                c.head_teacher.name if c.head_teacher_id else "",
                n,
                c.archived,
                left,
                c.archived and c.school_year == this_year,
                left_on,
            )
        )
    return out


def school_years() -> list[str]:
    """Every 学年 that has classes, newest first."""
    return [
        r[0]
        for r in SchoolClass.select(SchoolClass.school_year)
        .distinct()
        .order_by(SchoolClass.school_year.desc())
        .tuples()
    ]


@dataclass
class TeacherRow:
    id: int
    name: str
    sex: str
    phone: str
    roles: str
    subject: str
    classes: str  # classes this teacher heads this year
    active: bool
    left_on: dt.date | None = None  # 离校 from that day (None while in post, or 日期不详)


def teacher_rows() -> list[TeacherRow]:
    year = current_school_year()
    heads: dict[int, list[str]] = {}
    for c in (
        SchoolClass.select()
        .where((SchoolClass.school_year == year) & SchoolClass.head_teacher.is_null(False))
        .order_by(SchoolClass.grade, SchoolClass.number)
    ):
        heads.setdefault(c.head_teacher_id, []).append(c.name)
    return [
        TeacherRow(
            t.id,
            t.name,
            t.sex,
            t.phone,
            t.roles.replace(",", "、"),
            t.subject,
            "、".join(heads.get(t.id, [])),
            t.active,
            stored_day(t.left_on) if t.left_on else None,
        )
        for t in Teacher.select().order_by(Teacher.active.desc(), Teacher.id)
    ]


def set_head_teacher(actor: str, class_id: int, teacher_id: int | None) -> None:
    guards.school(Action.EDIT_SCHOOL)
    with current().atomic():
        cls = SchoolClass.get_by_id(class_id)
        if cls.archived:
            raise RosterError("往年的班级不能修改")
        teacher = Teacher.get_by_id(teacher_id) if teacher_id else None
        if teacher is not None and not teacher.active:
            raise RosterError(f"{teacher.name}已离校，不能任班主任")
        set_class_head(actor, cls, teacher)
        if teacher and "班主任" not in teacher.role_list:
            audit.update(teacher, actor, roles=",".join([*teacher.role_list, "班主任"]))


def school_grades() -> list[int]:
    """The grades this school has (every grade before the school is set up)."""
    from kongchuo_desktop.services.school_setup import the_school

    school = the_school()
    return list(SCHOOL_TYPE_GRADES[school.school_type]) if school else list(GRADE_NAMES)


def add_class(actor: str, grade: int, number: int | None = None) -> SchoolClass:
    guards.school(Action.EDIT_ROSTER)
    from kongchuo_desktop.services.school_setup import the_school

    year = current_school_year()
    school = the_school()
    if year is None or school is None:
        raise RosterError("还没有建立学校")
    if grade not in SCHOOL_TYPE_GRADES[school.school_type]:
        have = "、".join(grade_name(g) for g in SCHOOL_TYPE_GRADES[school.school_type])
        name = grade_name(grade) if 1 <= grade <= 9 else f"{grade}年级"
        raise RosterError(f"本校没有{name}（{school.school_type}只有{have}）")
    with current().atomic():
        taken = {
            c.number
            for c in SchoolClass.select().where(
                (SchoolClass.school_year == year) & (SchoolClass.grade == grade)
            )
        }
        number = number or (max(taken, default=0) + 1)
        if number in taken:
            raise RosterError(f"{class_name(grade, number)}已经存在")
        return audit.create(SchoolClass, actor, school_year=year, grade=grade, number=number)


def checked_phone(value: str) -> str:
    """A teacher's phone as stored, or RosterError saying what a phone number must look like."""
    from kongchuo_desktop.domain import roster_values as rv

    try:
        return rv.checked_phone(value)
    except ValueError as exc:
        raise RosterError(str(exc)) from exc


def add_teacher(
    actor: str,
    name: str,
    sex: str = "",
    phone: str = "",
    roles: str = "科任教师",
    subject: str = "",
) -> Teacher:
    guards.school(Action.EDIT_SCHOOL)
    if not name.strip():
        raise RosterError("请填写教师姓名")
    unknown = [r for r in roles.split(",") if r not in TEACHER_ROLES]
    if unknown or not roles:
        raise RosterError(
            f"教师角色“{'、'.join(unknown) or '（空）'}”无效，可选：{'、'.join(TEACHER_ROLES)}"
        )
    with current().atomic():
        return audit.create(
            Teacher,
            actor,
            name=name.strip(),
            sex=sex,
            phone=checked_phone(phone),
            roles=roles,
            subject=subject.strip(),
        )


@dataclass(frozen=True)
class GuardianRow:
    name: str
    relation: str
    phone: str
    is_guardian: bool
    works_away: bool
    id: int = 0  # the stored row (0: not stored yet)


@dataclass(frozen=True)
class FlagRow:
    flag: str
    note: str
    since: dt.date | None


@dataclass(frozen=True)
class StudentDetail:
    student: StudentCard
    class_name: str
    fields: list[tuple[str, str]]
    guardians: list[GuardianRow]
    flags: list[FlagRow]
    timeline: list = field(default_factory=list)
    # What the page reminds of until it is corrected: a malformed phone let in by an import.
    warnings: list[str] = field(default_factory=list)


def student_detail(student_id: int) -> StudentDetail:
    visibility.require_student(student_id)
    from kongchuo_desktop.services.timeline import timeline

    s = Student.get_by_id(student_id)
    cls = s.school_class

    def yn(x):
        return "" if x is None else ("是" if x else "否")

    fields = [
        ("姓名", s.name),
        ("性别", s.sex),
        ("出生日期", str(s.birth_date or "")),
        ("身份证件类型", s.id_type),
        ("身份证件号", s.id_number or ""),
        ("学籍号", s.student_number or ""),
        ("年级", grade_name(cls.grade) if cls else ""),
        ("班级", cls.name if cls else ""),
        ("学籍状态", s.status),
        ("民族", s.ethnicity),
        ("籍贯", s.native_place),
        ("户口所在地", s.household_address),
        ("户口性质", s.household_type),
        ("健康状况", s.health),
        ("入学年月", s.enrolled_on),
        ("就读方式", s.study_mode),
        ("现住址", s.address),
        ("联系电话", s.phone),
        ("是否独生子女", yn(s.is_only_child)),
        ("残疾人类型", s.disability_type),
        ("备注", s.notes),
    ]
    guardians = [
        GuardianRow(g.name, g.relation, g.phone, g.is_guardian, g.works_away, g.id)
        for g in s.guardians.order_by(Guardian.sort_order, Guardian.id)
    ]
    flags = [FlagRow(f.flag, f.note, f.since) for f in s.risk_flags.order_by(RiskFlag.id)]
    card = StudentCard(s.id, s.name, cls.name if cls else "", s.status)
    warnings = [
        why
        for number, what in [
            (s.phone, "联系电话"),
            *((g.phone, f"家庭成员{g.name}的联系电话") for g in guardians),
        ]
        if (why := phone_number.problem(number, what))
    ]
    return StudentDetail(card, card.class_name, fields, guardians, flags, timeline(s), warnings)


def set_risk_flag(actor: str, student_id: int, flag: str, on: bool, note: str = "") -> None:
    guards.school(Action.EDIT_ROSTER)
    from kongchuo_desktop.domain.risk_flags import RISK_FLAGS

    if flag not in RISK_FLAGS:
        raise RosterError(f"没有“{flag}”这种重点学生类别")
    with current().atomic():
        existing = RiskFlag.get_or_none((RiskFlag.student == student_id) & (RiskFlag.flag == flag))
        if on and existing is None:
            audit.create(
                RiskFlag,
                actor,
                student=student_id,
                flag=flag,
                note=note.strip(),
                since=dt.date.today(),
            )
        elif on and existing is not None and note.strip():
            audit.update(existing, actor, note=note.strip())  # an empty note keeps the old one
        elif not on and existing is not None:
            audit.delete(existing, actor)


def add_student(
    actor: str,
    *,
    name: str,
    class_id: int,
    id_number: str = "",
    student_number: str = "",
    sex: str = "",
    phone: str = "",
    status: str = StudentStatus.IN_SCHOOL,
    date: dt.date | None = None,
    reason: str = "",
    from_school: str = "",
    birth_date: dt.date | None = None,
    guardian: FirstGuardian | None = None,
) -> Student:
    """Add one child by hand: a 转入 (with the school it came from) or a new 在校 student. The same
    checks as the import: a valid ID number or a 学籍号, no duplicates; the birth date and the
    first guardian as services.new_student checks them."""
    guards.school(Action.EDIT_ROSTER)
    from kongchuo_desktop.db.models import Enrollment, StatusChange
    from kongchuo_desktop.domain import id_number as idn
    from kongchuo_desktop.domain import roster_values as rv

    name = rv.name(name)
    number = rv.id_number(id_number) if id_number else ""
    sn = rv.student_number(student_number) if student_number else ""
    if not name:
        raise RosterError("请填写姓名")
    if not number and not sn:
        raise RosterError("身份证件号和学籍号至少要填一个")
    if number and (why := idn.problem(number)):
        raise RosterError(why)
    try:
        phone = rv.phone(phone)
    except ValueError as exc:
        raise RosterError(str(exc)) from exc
    if why := phone_number.problem(phone):
        raise RosterError(why)  # typed by the clerk: refused, as on the student page
    try:
        born = checked_birth_date(number, birth_date, dt.date.today())
        first_guardian = checked_guardian(guardian)
    except UserError as exc:
        raise RosterError(str(exc)) from exc
    if status not in NEW_STUDENT_STATUSES:
        allowed = "或".join(f"“{s}”" for s in NEW_STUDENT_STATUSES[::-1])
        raise RosterError(f"新增学生的学籍状态只能是{allowed}")
    status = StudentStatus(status).value
    transfer_in = status == StudentStatus.TRANSFERRED_IN
    if transfer_in and not from_school.strip():
        raise RosterError("转入学生请填写原学校")
    with current().atomic():
        if number and (other := Student.get_or_none(Student.id_number == number)):
            raise RosterError(f"身份证件号已属于学生{other.name}")
        if sn and (other := Student.get_or_none(Student.student_number == sn)):
            raise RosterError(f"学籍号已属于学生{other.name}")
        cls = SchoolClass.get_by_id(class_id)
        if cls.archived:
            raise RosterError("往年的班级不能添加学生")
        student = audit.create(
            Student,
            actor,
            name=name,
            sex=rv.sex(sex) or (idn.sex(number) if number else ""),
            birth_date=born,
            id_number=number or None,
            student_number=sn or None,
            phone=phone,
            school_class=cls,
            status=status,
        )
        row = membership.enrolment_row(student.id, cls)
        if transfer_in and date is not None:
            row["start_date"] = date  # a child who came mid-year is in the class from that day
        audit.create(Enrollment, actor, **row)
        add_first_guardian(actor, student, first_guardian)
        if transfer_in:
            audit.create(
                StatusChange,
                actor,
                student=student,
                status=status,
                date=date or dt.date.today(),
                reason=reason.strip() or status,
                details={"原学校": from_school.strip()},
                recorded_by=actor,
            )
    return student
