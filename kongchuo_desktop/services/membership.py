"""Which class a child is in on a given day: dated class membership (schema v6).

A membership (`Enrollment`) starts on its `start_date` and lasts until the child's next one
begins; 学年升级 starts one on the new year's first day, 调班 one on the day it takes effect.
Leaving school is a 学籍变动, not the end of a membership: a 转出 child's class stays readable.
Every move goes through `place`; a child's first membership of a year is written from
`enrolment_row` (imports, adding a child, 学年升级's record of the closing year).
`Student.school_class` is the cache of the latest membership, kept by `place`.

Reading, for a day: the latest membership that began on or before it. A day before the child's
first recorded membership counts in that first class (the roster was typed in after term began;
a head-count entered afterwards for those days must still find the child). A child with no
membership at all (rows written before schema v3 or by a path that wrote none) is in
`Student.school_class` on every day.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.fast_reads import IDS, as_json, one_of, sql_rows
from kongchuo_desktop.db.models import Enrollment, SchoolClass, Student, stored_day
from kongchuo_desktop.domain.grades import class_name
from kongchuo_desktop.services import audit


class MembershipError(ValueError):
    """A class move that cannot be recorded; the message says why, in Chinese."""


class Membership(NamedTuple):
    """One class placement (a tuple: the month report and the event record read every child's
    at once)."""

    id: int
    student_id: int
    class_id: int
    school_year: str
    start_date: dt.date
    withdrawn_at: dt.datetime | None = None
    recorded_by: str = ""

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None


def year_start(school_year: str) -> dt.date:
    """The first day of a 学年: its earliest term start, else 1 September."""
    rows = sql_rows("SELECT start_date FROM term WHERE school_year = ?", school_year)
    days = [stored_day(start) for (start,) in rows]
    return min(days) if days else dt.date(int(school_year[:4]), 9, 1)


def _row(e: Enrollment) -> Membership:
    return Membership(
        e.id,
        e.student_id,
        e.school_class_id,
        e.school_year,
        stored_day(e.start_date),
        e.withdrawn_at,
        e.recorded_by,
    )


def memberships(
    student_ids: Iterable[int] | None = None, include_withdrawn: bool = False
) -> dict[int, list[Membership]]:
    """student → memberships, oldest first."""
    # Read raw with a fixed statement, not as model rows or peewee tuples: the event record and
    # the month report ask for every child's placements at once, and converting thousands of
    # rows (and building the query) was most of the time.
    sql = (
        "SELECT id, student_id, school_class_id, school_year, start_date, withdrawn_at,"
        " recorded_by FROM enrollment WHERE 1"
    )
    params = []
    if student_ids is not None:
        sql += f" AND student_id IN {IDS}"
        params.append(as_json(student_ids))
    if not include_withdrawn:
        sql += " AND withdrawn_at IS NULL"
    out: dict[int, list[Membership]] = defaultdict(list)
    when = Enrollment.withdrawn_at.python_value
    for eid, sid, cid, year, start, withdrawn, by in sql_rows(
        sql + " ORDER BY start_date, id", *params
    ):
        withdrawn = when(withdrawn) if withdrawn is not None else None
        out[sid].append(Membership(eid, sid, cid, year, stored_day(start), withdrawn, by))
    return dict(out)


def on_day(spells: list[Membership], day: dt.date) -> Membership:
    """Of one child's memberships (oldest first, none withdrawn), the one in force on `day`."""
    chosen = spells[0]
    for m in spells:
        if m.start_date <= day:
            chosen = m
    return chosen


def classes_on(student_ids: Iterable[int], day: dt.date) -> dict[int, int | None]:
    """student → the class it was in on `day` (None: in no class)."""
    ids = list(student_ids)
    spells = memberships(ids)
    out: dict[int, int | None] = {}
    missing = []
    for sid in ids:
        if sid in spells:
            out[sid] = on_day(spells[sid], day).class_id
        else:
            missing.append(sid)
    if missing:
        for sid, cid in (
            Student.select(Student.id, Student.school_class)
            .where(one_of(Student.id, missing))
            .tuples()
        ):
            out[sid] = cid
    return out


class Placements:
    """The class of each of `student_ids` on any day, after one read of their placements: what
    `responsibility.Resolver` answers without the teachers, for callers that need only the class
    (the event record's class-only mode, the month report)."""

    def __init__(self, student_ids: Iterable[int] | None = None) -> None:
        ids = sorted(set(student_ids)) if student_ids is not None else None
        self._ids = ids
        self._spells = memberships(ids)
        self._current: dict[int, int | None] | None = None  # read when a child has no placement
        self._names = {
            cid: class_name(grade, number)
            for cid, grade, number in sql_rows("SELECT id, grade, number FROM school_class")
        }

    def moved(self, student_id: int) -> bool:
        """Whether the child has been in more than one class (else `class_on` is one class on
        every day)."""
        return len(self._spells.get(student_id, ())) > 1

    def first_day(self, student_id: int) -> dt.date | None:
        """The first day of the child's first placement (None: no placement recorded)."""
        spells = self._spells.get(student_id)
        return spells[0].start_date if spells else None

    def class_on(self, student_id: int, day: dt.date) -> int | None:
        spells = self._spells.get(student_id)
        if spells:
            return on_day(spells, day).class_id
        if self._current is None:
            if self._ids is None:
                self._current = dict(sql_rows("SELECT id, school_class_id FROM student"))
            else:
                sql = f"SELECT id, school_class_id FROM student WHERE id IN {IDS}"
                self._current = dict(sql_rows(sql, as_json(self._ids)))
        return self._current.get(student_id)

    def class_name(self, class_id: int | None) -> str:
        return self._names.get(class_id, "") if class_id is not None else ""


def class_on(student_id: int, day: dt.date) -> int | None:
    return classes_on([student_id], day).get(student_id)


def members_on(day: dt.date, class_ids: Iterable[int] | None = None) -> dict[int, list[int]]:
    """class → the students in it on `day` (whatever their status), in register order."""
    wanted = set(class_ids) if class_ids is not None else None
    spells = memberships()
    out: dict[int, list[int]] = defaultdict(list)
    for sid, rows in spells.items():
        cid = on_day(rows, day).class_id
        if wanted is None or cid in wanted:
            out[cid].append(sid)
    legacy = Student.select(Student.id, Student.school_class).where(
        Student.school_class.is_null(False)
    )
    if wanted is not None:
        legacy = legacy.where(Student.school_class.in_(list(wanted)))
    for sid, cid in legacy.tuples():
        if sid not in spells:
            out[cid].append(sid)
    for ids in out.values():
        ids.sort()
    return dict(out)


def year_classes(school_year: str) -> dict[int, int]:
    """student → the class it ended `school_year` in (its last membership of that year)."""
    out: dict[int, int] = {}
    for e in (
        Enrollment.select(Enrollment.student, Enrollment.school_class)
        .where((Enrollment.school_year == school_year) & Enrollment.withdrawn_at.is_null())
        .order_by(Enrollment.start_date, Enrollment.id)
        .tuples()
    ):
        out[e[0]] = e[1]
    return out


def enrolment_row(student_id: int, cls: SchoolClass) -> dict:
    """A first membership for a bulk insert (audit.create_many): from the start of the year."""
    return {
        "student": student_id,
        "school_class": cls.id,
        "school_year": cls.school_year,
        "start_date": year_start(cls.school_year),
    }


def place(
    actor: str,
    student: Student,
    cls: SchoolClass,
    day: dt.date | None = None,
    today: dt.date | None = None,
) -> Student:
    """Put the child in `cls` from `day` (default: the start of the class's 学年 when the child
    has no membership that year yet, else today). A day before the child's latest membership
    began is refused: the latest membership is always the current class.
    Placing the child again on the day its latest membership began corrects it: that one is
    withdrawn (kept, marked), and a move back to the class before is no new membership at all."""
    today = today or dt.date.today()
    with current().atomic():
        spells = memberships([student.id]).get(student.id, [])
        if not spells and student.school_class_id and student.school_class_id != cls.id:
            # A child placed before memberships were dated: its class so far is a membership too.
            old = SchoolClass.get_by_id(student.school_class_id)
            first = year_start(old.school_year)
            audit.create(
                Enrollment,
                actor,
                student=student,
                school_class=old,
                school_year=old.school_year,
                start_date=min(first, day or today),
            )
            spells = memberships([student.id]).get(student.id, [])
        same_year = [m for m in spells if m.school_year == cls.school_year]
        latest = spells[-1] if spells else None
        if day is None:
            day = today if same_year else year_start(cls.school_year)
            if latest is not None and day < latest.start_date:
                day = latest.start_date  # a roster re-read before term: the place is corrected
        if latest is not None and day < latest.start_date:
            name = SchoolClass.get_by_id(latest.class_id).name
            raise MembershipError(
                f"调班日期 {day} 早于{student.name}进入{name}的日期（{latest.start_date}），"
                "请检查日期"
            )
        if latest is not None and latest.class_id == cls.id:
            raise MembershipError(f"{student.name}已经在{cls.name}")
        if latest is not None and day == latest.start_date:
            audit.update(
                Enrollment.get_by_id(latest.id),
                actor,
                withdrawn_at=dt.datetime.now().replace(microsecond=0),
            )
            before = spells[-2] if len(spells) > 1 else None
            if before is not None and before.class_id == cls.id:
                audit.update(student, actor, school_class=cls)
                return student
        audit.create(
            Enrollment,
            actor,
            student=student,
            school_class=cls,
            school_year=cls.school_year,
            start_date=day,
            recorded_by=actor,
        )
        audit.update(student, actor, school_class=cls)
    return student
