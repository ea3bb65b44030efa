"""Who is responsible for a child on a given day: the one answer the escalation, the student page,
and later the ledger, the monthly report and the assessment ask.

Today the answer is the 班主任 of the class the child was in on that day (services.membership),
as the class's head history says (`ClassHead`, schema v6: a row per change, dated; the first
head of a class counts from the start of its year). A class with no history row (made before v6
by a path that wrote none) answers with its current head on every day — a limitation only for
such classes. The 三包 assignments (db.models.Assignment, schema v10: each dated from/to) add the
principal, the grade leader, the child's 包保 teacher, the 一帮一 helpers and the village cadres
(sanbao_resolver); `Responsibility.responsible` is the 包保 teacher, else the class head (the
one proposed until someone confirms). Which of them each escalation step names is a setting
(escalation.role_*: `step_roles`, `person_for_step`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from kongchuo_desktop import settings
from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.models import ClassHead, SchoolClass, Student, Teacher, stored_day
from kongchuo_desktop.domain import escalation as esc
from kongchuo_desktop.domain.sanbao import Role
from kongchuo_desktop.services import audit, membership
from kongchuo_desktop.services.sanbao_resolver import AssignmentBook, TeacherRef

NOBODY = "未指定"


__all__ = ["NOBODY", "Resolver", "Responsibility", "TeacherRef", "responsible_for"]


@dataclass(frozen=True)
class Responsibility:
    student_id: int
    day: dt.date
    class_id: int | None
    class_name: str
    class_head: TeacherRef | None
    guarantor: TeacherRef | None = None  # 包保教师 assigned on the day (confirmed or carried over)
    guarantor_confirmed: bool = False
    principal: TeacherRef | None = None
    grade_leader: TeacherRef | None = None
    helpers: tuple[TeacherRef, ...] = ()  # 一帮一 helper teachers
    helper_students: tuple[str, ...] = ()  # … and classmates, by name
    village: str = ""  # 石门村三组
    township_cadre: str = ""  # 乡镇干部 (plain names)
    village_cadre: str = ""  # 村干部
    office: TeacherRef | None = None  # 教务处: the 教务主任

    @property
    def responsible(self) -> TeacherRef | None:
        """The child's 包保 teacher; without one, the class head (proposed until confirmed)."""
        return self.guarantor or self.class_head

    @property
    def responsible_name(self) -> str:
        return self.responsible.name if self.responsible else NOBODY

    @property
    def teachers(self) -> tuple[TeacherRef, ...]:
        """The child's own teachers that day: class head, 包保 teacher, helpers."""
        out: list[TeacherRef] = []
        for t in (self.class_head, self.guarantor, *self.helpers):
            if t is not None and all(t.id != o.id or t.role != o.role for o in out):
                out.append(t)
        return tuple(out)

    def for_role(self, role: str) -> TeacherRef | None:
        """The person holding `role` (domain.sanbao.Role value) for this child on the day."""
        return {
            Role.GUARANTOR.value: self.responsible,
            Role.CLASS_HEAD.value: self.class_head,
            Role.GRADE_LEADER.value: self.grade_leader,
            Role.PRINCIPAL.value: self.principal,
            Role.OFFICE.value: self.office,
        }.get(role)


# Which setting names the role responsible for each escalation step.
STEP_ROLE_KEYS = {
    esc.Step.CONTACT: "escalation.role_contact",
    esc.Step.REPORT: "escalation.role_report",
    esc.Step.WRITTEN_REPORT: "escalation.role_written_report",
    esc.Step.SUSPECTED_DROPOUT: "escalation.role_status_mark",
    esc.Step.DROPOUT: "escalation.role_status_mark",
    esc.Step.RETURN: "escalation.role_status_mark",
}


def step_roles() -> dict[esc.Step, str]:
    """step → the role that must act (the school's settings), read once for a list of steps."""
    return {step: settings.get(key) for step, key in STEP_ROLE_KEYS.items()}


def person_for_step(
    who: Responsibility, step: esc.Step, roles: dict[esc.Step, str]
) -> tuple[TeacherRef | None, str]:
    """(the teacher, the name shown) who must act on `step` for the child: 教务处 with no 教务主任
    on the roster is shown as 教务处; nobody else as 未指定."""
    role = roles.get(step, Role.GUARANTOR.value)
    person = who.for_role(role)
    if person is not None:
        return person, person.name
    return None, Role.OFFICE.value if role == Role.OFFICE.value else NOBODY


def _head_history(class_ids: Iterable[int] | None) -> dict[int, list[tuple[dt.date, int | None]]]:
    q = ClassHead.select(ClassHead.school_class, ClassHead.teacher, ClassHead.start_date)
    if class_ids is not None:
        q = q.where(ClassHead.school_class.in_(list(class_ids)))
    history: dict[int, list[tuple[dt.date, int | None]]] = defaultdict(list)
    for cid, tid, start in q.order_by(ClassHead.start_date).tuples():
        history[cid].append((stored_day(start), tid))
    return history


def _head_on(rows: list[tuple[dt.date, int | None]], day: dt.date) -> int | None:
    chosen = rows[0][1]
    for start, tid in rows:
        if start <= day:
            chosen = tid
    return chosen


def heads_on(class_ids: Iterable[int], day: dt.date) -> dict[int, int | None]:
    """class → its 班主任 (teacher id) on `day`. Before a class's first recorded head, that first
    one; a class with no history, its current head."""
    ids = list(class_ids)
    history = _head_history(ids)
    current_heads = dict(
        SchoolClass.select(SchoolClass.id, SchoolClass.head_teacher)
        .where(SchoolClass.id.in_(ids))
        .tuples()
    )
    return {
        cid: _head_on(history[cid], day) if cid in history else current_heads.get(cid)
        for cid in ids
    }


class Resolver:
    """Answers `responsible_for` for many (student, day) pairs after one read of the records:
    what the event record and the reports use for thousands of events."""

    def __init__(self, student_ids: Iterable[int] | None = None) -> None:
        ids = list(student_ids) if student_ids is not None else None
        self._spells = membership.memberships(ids)
        q = Student.select(Student.id, Student.school_class)
        if ids is not None:
            q = q.where(Student.id.in_(ids))
        self._current_class = dict(q.tuples())
        self._classes = {c.id: c for c in SchoolClass.select()}
        self._history = _head_history(None)
        self._names = dict(Teacher.select(Teacher.id, Teacher.name).tuples())
        self.book = AssignmentBook(ids, self._names)

    def class_on(self, student_id: int, day: dt.date) -> int | None:
        spells = self._spells.get(student_id)
        if spells:
            return membership.on_day(spells, day).class_id
        return self._current_class.get(student_id)

    def class_name(self, class_id: int | None) -> str:
        cls = self._classes.get(class_id) if class_id is not None else None
        return cls.name if cls else ""

    def teacher_name(self, teacher_id: int | None) -> str:
        return self._names.get(teacher_id, "") if teacher_id is not None else ""

    def head_on(self, class_id: int | None, day: dt.date) -> int | None:
        if class_id is None:
            return None
        rows = self._history.get(class_id)
        if rows:
            return _head_on(rows, day)
        cls = self._classes.get(class_id)
        return cls.head_teacher_id if cls else None

    def responsible(self, student_id: int, day: dt.date) -> Responsibility:
        cid = self.class_on(student_id, day)
        tid = self.head_on(cid, day)
        head = TeacherRef(tid, self.teacher_name(tid), "班主任") if tid is not None else None
        book = self.book
        cls = self._classes.get(cid) if cid is not None else None
        guarantor, confirmed = book.guarantor(student_id, day)
        place = book.village_of(student_id)
        return Responsibility(
            student_id,
            day,
            cid,
            self.class_name(cid),
            head,
            guarantor=guarantor,
            guarantor_confirmed=confirmed,
            principal=book.principal(day),
            grade_leader=book.grade_leader(cls.grade, day) if cls else None,
            helpers=book.helpers(student_id, day),
            helper_students=book.helper_students(student_id, day),
            village=book.village_label(place),
            township_cadre=book.township_cadre(place, day),
            village_cadre=book.village_cadre(place, day),
            office=book.office,
        )


def responsible_for(student_ids: Iterable[int], day: dt.date) -> dict[int, Responsibility]:
    """student → who is responsible for the child on `day` (any past day too)."""
    ids = list(student_ids)
    resolver = Resolver(ids)
    return {sid: resolver.responsible(sid, day) for sid in ids}


def set_class_head(
    actor: str, cls: SchoolClass, teacher: Teacher | None, day: dt.date | None = None
) -> SchoolClass:
    """Make `teacher` the class's 班主任 from `day` (default today; a class's first head counts
    from the start of its year). A second change on the same day replaces the first."""
    day = day or dt.date.today()
    with current().atomic():
        rows = list(
            ClassHead.select().where(ClassHead.school_class == cls).order_by(ClassHead.start_date)
        )
        if not rows:
            first = membership.year_start(cls.school_year)
            if cls.head_teacher_id is not None and cls.head_teacher_id != (
                teacher.id if teacher else None
            ):
                # A head set before heads were dated: it held the class until today.
                audit.create(
                    ClassHead,
                    actor,
                    school_class=cls,
                    teacher=cls.head_teacher_id,
                    start_date=min(first, day),
                )
            else:
                day = min(first, day)
            rows = list(
                ClassHead.select()
                .where(ClassHead.school_class == cls)
                .order_by(ClassHead.start_date)
            )
        latest = rows[-1] if rows else None
        if latest is not None and stored_day(latest.start_date) > day:
            day = stored_day(latest.start_date)
        if latest is not None and stored_day(latest.start_date) == day:
            audit.update(latest, actor, teacher=teacher)
        elif latest is None or latest.teacher_id != (teacher.id if teacher else None):
            audit.create(ClassHead, actor, school_class=cls, teacher=teacher, start_date=day)
        audit.update(cls, actor, head_teacher=teacher)
    return cls
