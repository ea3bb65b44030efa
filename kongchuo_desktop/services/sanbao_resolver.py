"""The 三包 assignments read once, answering for any day: who is the principal, a grade's leader,
a child's 包保 teacher and 一帮一 helpers, and which village cadres answer for the child's village.
services.responsibility asks this for every `responsible_for`; nobody else needs it.

An assignment holds from its `start_date` to its `end_date` (its last day, inclusive; None: still
held), so a teacher replaced in November still answers for October.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.models import (
    Assignment,
    Student,
    StudentVillage,
    Teacher,
    Village,
    stored_day,
)
from kongchuo_desktop.domain.sanbao import OFFICE_TEACHER_ROLE, Role, village_for


@dataclass(frozen=True)
class TeacherRef:
    id: int
    name: str
    role: str  # 班主任, 包保教师, 帮扶教师, 校长, 校领导, 教务处


@dataclass(slots=True)
class Held:
    """One assignment as read: its dates and holder (not frozen: thousands are made per read,
    and nothing changes them)."""

    id: int
    start: dt.date
    end: dt.date | None
    teacher_id: int | None
    person: str  # a cadre's name, or the helping classmate's
    confirmed_on: dt.date | None
    letter_id: int | None = None
    confirmed_class: int | None = None

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


def held_on(rows: Iterable[Held], day: dt.date) -> list[Held]:
    """The rows covering `day`, latest start first."""
    found = [r for r in rows if r.start <= day and (r.end is None or day <= r.end)]
    if len(found) > 1:
        found.sort(key=lambda r: (r.start, r.id), reverse=True)
    return found


# The roles as plain text: compared for every row of a 3,000-student school.
PRINCIPAL, GRADE_LEADER = Role.PRINCIPAL.value, Role.GRADE_LEADER.value
GUARANTOR, HELPER, STUDENT_HELPER = (
    Role.GUARANTOR.value,
    Role.HELPER.value,
    Role.STUDENT_HELPER.value,
)
PER_STUDENT = frozenset({Role.GUARANTOR.value, Role.HELPER.value, Role.STUDENT_HELPER.value})


class AssignmentBook:
    """Every assignment that matters for `student_ids` (None: everyone), read at once."""

    def __init__(self, student_ids: list[int] | None, names: dict[int, str]) -> None:
        self.names = names
        self.school: dict[str, list[Held]] = defaultdict(list)  # 校长
        self.grades: dict[int, list[Held]] = defaultdict(list)  # 校领导 by grade
        self.students: dict[tuple[int, str], list[Held]] = defaultdict(list)
        self.villages_rows: dict[tuple[int, str], list[Held]] = defaultdict(list)
        helper_names = {}
        q = Assignment.select(
            Assignment.id,
            Assignment.role,
            Assignment.teacher,
            Assignment.person_name,
            Assignment.student,
            Assignment.helper_student,
            Assignment.grade,
            Assignment.village,
            Assignment.start_date,
            Assignment.end_date,
            Assignment.confirmed_on,
            Assignment.letter,
            Assignment.confirmed_class,
        )
        if student_ids is not None:
            q = q.where(Assignment.student.is_null() | Assignment.student.in_(student_ids))
        rows = list(current().execute_sql(*q.sql()))  # raw: thousands of dates, parsed below
        helping = [r[5] for r in rows if r[5] is not None]
        if helping:
            helper_names = dict(
                Student.select(Student.id, Student.name).where(Student.id.in_(helping)).tuples()
            )
        for row in rows:
            aid, role, tid, person, sid, hsid, grade, vid, start, end, confirmed, letter, cc = row
            if hsid is not None:
                person = helper_names.get(hsid, person)
            held = Held(
                aid,
                stored_day(start),
                stored_day(end) if end is not None else None,
                tid,
                person,
                stored_day(confirmed) if confirmed is not None else None,
                letter,
                cc,
            )
            if role == PRINCIPAL:
                self.school[role].append(held)
            elif role == GRADE_LEADER and grade is not None:
                self.grades[grade].append(held)
            elif role in PER_STUDENT and sid is not None:
                self.students[(sid, role)].append(held)
            elif vid is not None:
                self.villages_rows[(vid, role)].append(held)
        office = (
            Teacher.select(Teacher.id, Teacher.name)
            .where((Teacher.active == True) & Teacher.roles.contains(OFFICE_TEACHER_ROLE))  # noqa: E712
            .order_by(Teacher.id)
            .first()
        )
        self.office = TeacherRef(office.id, office.name, Role.OFFICE.value) if office else None
        self._places: dict[int, tuple[str, str]] = {
            v.id: (v.name, v.group_name) for v in Village.select()
        }
        self._place_of: dict[int, int | None] = {}
        if self._places:
            q = Student.select(Student.id, Student.address, Student.household_address)
            if student_ids is not None:
                q = q.where(Student.id.in_(student_ids))
            table = [(vid, n, g) for vid, (n, g) in self._places.items()]
            for sid, address, household in current().execute_sql(*q.sql()):
                self._place_of[sid] = village_for(address, table) or village_for(household, table)
            picks = StudentVillage.select(StudentVillage.student, StudentVillage.village)
            if student_ids is not None:
                picks = picks.where(StudentVillage.student.in_(student_ids))
            self._place_of.update(dict(picks.tuples()))

    def _ref(self, held: Held | None, role: Role) -> TeacherRef | None:
        if held is None or held.teacher_id is None:
            return None
        return TeacherRef(held.teacher_id, self.names.get(held.teacher_id, ""), role.value)

    def principal(self, day: dt.date) -> TeacherRef | None:
        rows = held_on(self.school[PRINCIPAL], day)
        return self._ref(rows[0] if rows else None, Role.PRINCIPAL)

    def grade_leader(self, grade: int, day: dt.date) -> TeacherRef | None:
        rows = held_on(self.grades.get(grade, ()), day)
        return self._ref(rows[0] if rows else None, Role.GRADE_LEADER)

    def guarantor_row(self, student_id: int, day: dt.date) -> Held | None:
        rows = held_on(self.students.get((student_id, GUARANTOR), ()), day)
        return rows[0] if rows else None

    def guarantor(self, student_id: int, day: dt.date) -> tuple[TeacherRef | None, bool]:
        held = self.guarantor_row(student_id, day)
        return self._ref(held, Role.GUARANTOR), bool(held and held.confirmed_on)

    def helpers(self, student_id: int, day: dt.date) -> tuple[TeacherRef, ...]:
        rows = held_on(self.students.get((student_id, HELPER), ()), day)
        refs = (self._ref(r, Role.HELPER) for r in rows)
        return tuple(r for r in refs if r is not None)

    def helper_students(self, student_id: int, day: dt.date) -> tuple[str, ...]:
        rows = held_on(self.students.get((student_id, STUDENT_HELPER), ()), day)
        return tuple(r.person for r in rows if r.person)

    @property
    def keeps_villages(self) -> bool:
        """The school keeps a list of villages (else no child can miss one)."""
        return bool(self._places)

    def village_of(self, student_id: int) -> int | None:
        return self._place_of.get(student_id)

    def village_label(self, village_id: int | None) -> str:
        name, group = self._places.get(village_id, ("", "")) if village_id else ("", "")
        return name + group

    def township_cadre(self, village_id: int | None, day: dt.date) -> str:
        """The 乡镇干部 of the child's village (named on any row of that village)."""
        if village_id is None:
            return ""
        name = self._places[village_id][0]
        same = [v for v, (n, _g) in self._places.items() if n == name]
        rows = [h for v in same for h in self.villages_rows.get((v, Role.TOWNSHIP_CADRE.value), ())]
        found = held_on(rows, day)
        return found[0].person if found else ""

    def village_cadre(self, village_id: int | None, day: dt.date) -> str:
        """The 村干部 of the child's group (else of the village as a whole)."""
        if village_id is None:
            return ""
        name = self._places[village_id][0]
        for vid in (village_id, *(v for v, (n, g) in self._places.items() if n == name and not g)):
            found = held_on(self.villages_rows.get((vid, Role.VILLAGE_CADRE.value), ()), day)
            if found:
                return found[0].person
        return ""
