"""Contacts (家访/劝返记录): a visit, call, message, meeting at school or letter, with who went
(teachers; village cadres by name), whom they met, the guardian's attitude, what was agreed, the
outcome and the next step with its date; photos and scans through the attachments store. A visit
planned ahead names the teachers assigned; recording it later says who actually went (both kept:
the assessment counts both). Routine visits to an at-risk child without a case are the same rows
with no case. Also: the visit plan (at-risk children not visited this term) and the next steps due
for 首页.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kongchuo_desktop.db.case_models import Case, CaseContact, ContactTeacher
from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.models import RiskFlag, SchoolClass, Student, Teacher, stored_day
from kongchuo_desktop.domain import cases as rules
from kongchuo_desktop.domain.grades import class_name
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.domain.student_status import ON_ROLL
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import attachments, audit, guards, visibility
from kongchuo_desktop.services.calendar_service import term_containing

OWNER_TABLE = "case_contact"
PHOTO_KIND = "家访照片"
PLANNED, WENT = "planned", "went"


class ContactError(UserError):
    """A contact cannot be recorded as given; the text says why."""


@dataclass(frozen=True)
class ContactInput:
    """What the contact form sends."""

    day: dt.date
    method: str = "入户"
    went: tuple[int, ...] = ()  # teacher ids who went (done) …
    planned: tuple[int, ...] = ()  # … or are assigned to go (planned)
    cadres: str = ""
    met_whom: str = ""
    attitude: str = ""
    agreed: str = ""
    outcome: str = ""
    next_step: str = ""
    next_step_date: dt.date | None = None
    note: str = ""
    done: bool = True


def _refusal(c: ContactInput, today: dt.date) -> str | None:
    if c.method not in rules.METHODS:
        return f"没有“{c.method}”这种联系方式（可选：{'、'.join(rules.METHODS)}）"
    if c.done:
        if c.day > today:
            return f"{c.day}还没到：还没发生的家访请保存为“计划”"
        if not c.went and not c.cadres.strip():
            return "请选择去家访（联系）的教师，或填写同去的村干部"
    elif not c.planned:
        return "计划家访请指定要去的教师"
    if c.next_step_date and c.next_step_date < c.day:
        return f"下一步的日期{c.next_step_date}早于这次联系的日期{c.day}"
    if c.next_step_date and not c.next_step.strip():
        return "填写了下一步的日期，请写明下一步做什么"
    return None


def _fields(c: ContactInput, actor: str) -> dict:
    return dict(
        date=c.day,
        done=c.done,
        method=c.method,
        cadres=c.cadres.strip(),
        met_whom=c.met_whom.strip(),
        attitude=c.attitude.strip(),
        agreed=c.agreed.strip(),
        outcome=c.outcome.strip(),
        next_step=c.next_step.strip(),
        next_step_date=c.next_step_date,
        note=c.note.strip(),
        recorded_by=actor,
    )


def _set_teachers(actor: str, contact: CaseContact, role: str, ids: Iterable[int]) -> None:
    for row in ContactTeacher.select().where(
        (ContactTeacher.contact == contact) & (ContactTeacher.role == role)
    ):
        audit.delete(row, actor)
    for tid in dict.fromkeys(ids):
        audit.create(ContactTeacher, actor, contact=contact, teacher=tid, role=role)


def add_contact(
    actor: str,
    c: ContactInput,
    *,
    case_id: int | None = None,
    student_id: int | None = None,
    today: dt.date | None = None,
) -> CaseContact:
    """Record a contact of a case (its student taken from the case) or, without a case, a routine
    visit to a student."""
    if case_id is not None:
        guards.for_case(Action.ADD_CONTACTS, case_id)
    else:
        guards.for_student(Action.ADD_CONTACTS, student_id, c.day)
    why = _refusal(c, today or dt.date.today())
    if why:
        raise ContactError(why)
    with current().atomic():
        if case_id is not None:
            case = Case.get_by_id(case_id)
            student_id = case.student_id
        elif student_id is None:
            raise ValueError("a contact belongs to a case or a student")
        row = audit.create(
            CaseContact, actor, case=case_id, student=student_id, **_fields(c, actor)
        )
        _set_teachers(actor, row, PLANNED, c.planned)
        _set_teachers(actor, row, WENT, c.went if c.done else ())
    return row


def record_planned(
    actor: str, contact_id: int, c: ContactInput, today: dt.date | None = None
) -> CaseContact:
    """A planned visit done: the same row now says what happened and who actually went; the
    teachers planned stay as they were."""
    guards.for_contact(Action.ADD_CONTACTS, contact_id)
    c = ContactInput(**{**c.__dict__, "done": True})
    why = _refusal(c, today or dt.date.today())
    if why:
        raise ContactError(why)
    with current().atomic():
        row = CaseContact.get_by_id(contact_id)
        audit.update(row, actor, **_fields(c, actor))
        _set_teachers(actor, row, WENT, c.went)
    return row


def add_photo(actor: str, contact_id: int, path: Path) -> attachments.Attachment:
    """A photo or scan of the contact (UserError with the file's name for one that is not an
    image, too large, or missing)."""
    guards.for_contact(Action.ADD_CONTACTS, contact_id)
    return attachments.add_file(actor, Path(path), PHOTO_KIND, OWNER_TABLE, contact_id)


def photos(contact_id: int) -> list[attachments.Attachment]:
    return attachments.list_for(OWNER_TABLE, contact_id)


# --- reading ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContactRow:
    id: int
    case_id: int | None
    student_id: int | None
    student_name: str
    date: dt.date
    done: bool
    method: str
    went: tuple[str, ...]
    planned: tuple[str, ...]
    cadres: str
    met_whom: str
    attitude: str
    agreed: str
    outcome: str
    next_step: str
    next_step_date: dt.date | None
    note: str
    photos: int

    @property
    def who(self) -> str:
        people = list(self.went if self.done else self.planned)
        if self.cadres:
            people.append(self.cadres)
        return "、".join(people)

    @property
    def state(self) -> str:
        return "已完成" if self.done else "计划"


def contact_rows(
    case_id: int | None = None, student_id: int | None = None, contact_ids=None
) -> list[ContactRow]:
    """The contacts of a case, or of a student (cases and routine visits), newest first."""
    q = CaseContact.select()
    if case_id is not None:
        q = q.where(CaseContact.case == case_id)
    if student_id is not None:
        q = q.where(CaseContact.student == student_id)
    if contact_ids is not None:
        q = q.where(CaseContact.id.in_(list(contact_ids)))
    rows = list(q.order_by(CaseContact.date.desc(), CaseContact.id.desc()))
    return visibility.students(_as_rows(rows), lambda r: r.student_id)


def _as_rows(rows: list[CaseContact]) -> list[ContactRow]:
    ids = [r.id for r in rows]
    names = dict(Teacher.select(Teacher.id, Teacher.name).tuples())
    people: dict[tuple[int, str], list[str]] = {}
    for cid, tid, role in (
        ContactTeacher.select(ContactTeacher.contact, ContactTeacher.teacher, ContactTeacher.role)
        .where(ContactTeacher.contact.in_(ids))
        .order_by(ContactTeacher.id)
        .tuples()
    ):
        people.setdefault((cid, role), []).append(names.get(tid, ""))
    students = dict(
        Student.select(Student.id, Student.name)
        .where(Student.id.in_([r.student_id for r in rows if r.student_id]))
        .tuples()
    )
    counts = attachments.counts_for(OWNER_TABLE, ids)
    return [
        ContactRow(
            id=r.id,
            case_id=r.case_id,
            student_id=r.student_id,
            student_name=students.get(r.student_id, ""),
            date=stored_day(r.date),
            done=bool(r.done),
            method=r.method,
            went=tuple(people.get((r.id, WENT), ())),
            planned=tuple(people.get((r.id, PLANNED), ())),
            cadres=r.cadres,
            met_whom=r.met_whom,
            attitude=r.attitude,
            agreed=r.agreed,
            outcome=r.outcome,
            next_step=r.next_step,
            next_step_date=stored_day(r.next_step_date) if r.next_step_date else None,
            note=r.note,
            photos=counts.get(r.id, 0),
        )
        for r in rows
    ]


def teacher_ids(contact_id: int, role: str) -> list[int]:
    return [
        t
        for (t,) in ContactTeacher.select(ContactTeacher.teacher)
        .where((ContactTeacher.contact == contact_id) & (ContactTeacher.role == role))
        .tuples()
    ]


@dataclass(frozen=True)
class PlanRow:
    student_id: int
    student_name: str
    class_name: str
    flags: str
    last_visit: dt.date | None  # before this term, if ever


def visit_plan(today: dt.date) -> list[PlanRow]:
    """At-risk children (a 重点/易辍 risk flag) on roll who had no contact done this term, by
    class and name. ("At risk" will be services.risk_score's list when that exists.)"""
    term = term_containing(today)
    start = term.start_date if term else today.replace(month=9 if today.month >= 9 else 3, day=1)
    flags: dict[int, list[str]] = {}
    for sid, flag in RiskFlag.select(RiskFlag.student, RiskFlag.flag).tuples():
        flags.setdefault(sid, []).append(flag)
    last: dict[int, dt.date] = {}
    for sid, day in (
        CaseContact.select(CaseContact.student, CaseContact.date)
        .where(CaseContact.done & CaseContact.student.in_(list(flags)))
        .tuples()
    ):
        day = stored_day(day)
        if sid not in last or day > last[sid]:
            last[sid] = day
    rows = (
        Student.select(Student.id, Student.name, SchoolClass.grade, SchoolClass.number)
        .join(SchoolClass, on=(Student.school_class == SchoolClass.id))
        .where(Student.id.in_(list(flags)) & Student.status.in_([s.value for s in ON_ROLL]))
        .order_by(SchoolClass.grade, SchoolClass.number, Student.name_pinyin)
    )
    return visibility.students(
        [
            PlanRow(sid, name, class_name(grade, number), "、".join(flags[sid]), last.get(sid))
            for sid, name, grade, number in rows.tuples()
            if last.get(sid) is None or last[sid] < start
        ],
        lambda r: r.student_id,
        today,
    )


@dataclass(frozen=True)
class NextStepRow:
    contact_id: int
    case_id: int | None
    student_id: int | None
    student_name: str
    due: dt.date
    next_step: str
    contact_date: dt.date


def next_steps_due(today: dt.date) -> list[NextStepRow]:
    """The next steps whose day has come, while nothing was recorded for the child after that
    contact (a later contact answers it), oldest first."""
    due = list(
        CaseContact.select()
        .where(CaseContact.next_step_date.is_null(False) & (CaseContact.next_step_date <= today))
        .order_by(CaseContact.next_step_date)
    )
    if not due:
        return []
    latest: dict[int, tuple[dt.date, int]] = {}
    students = [r.student_id for r in due if r.student_id]
    for sid, day, cid in (
        CaseContact.select(CaseContact.student, CaseContact.date, CaseContact.id)
        .where(CaseContact.done & CaseContact.student.in_(students))
        .tuples()
    ):
        key = (stored_day(day), cid)
        if sid not in latest or key > latest[sid]:
            latest[sid] = key
    closed = {cid for (cid,) in Case.select(Case.id).where(Case.closed_on.is_null(False)).tuples()}
    names = dict(Student.select(Student.id, Student.name).where(Student.id.in_(students)).tuples())
    out = []
    for r in due:
        if r.case_id in closed:
            continue
        if r.student_id in latest and latest[r.student_id] > (stored_day(r.date), r.id):
            continue
        out.append(
            NextStepRow(
                r.id,
                r.case_id,
                r.student_id,
                names.get(r.student_id, ""),
                stored_day(r.next_step_date),
                r.next_step,
                stored_day(r.date),
            )
        )
    return visibility.students(out, lambda r: r.student_id, today)
