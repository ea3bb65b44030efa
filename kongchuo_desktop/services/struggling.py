"""学困生转化 (方案8): at the start of the year the school names each class's bottom 20% — naming a
child sets the roster's 学困生 flag (db.models.RiskFlag), removing it clears the flag — and at a
term's end marks who moved up into the top 80% (db.assessment_models.StrugglingProgress, which also
clears the flag). The marks are facts of the event record (EventKind.STRUGGLING_PROGRESS, source
`progress_events`); the points follow the assessment rules (services.assessment)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from kongchuo_desktop import settings
from kongchuo_desktop.db.assessment_models import StrugglingProgress
from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.models import RiskFlag, SchoolClass, Student, stored_day
from kongchuo_desktop.domain import struggling_scores as scores
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.domain.student_status import ON_ROLL
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import audit, guards, visibility
from kongchuo_desktop.services.event_types import EventKind, Query, RawEvent, SourceRef

FLAG = "学困生"


def share_percent() -> int:
    """The bottom share of a class named 学困生, in percent (the school's setting, 方案8: 20)."""
    return settings.get("assessment.struggling_percent")


def most_named(class_size: int) -> int:
    """How many 学困生 a class of `class_size` may have by the school's setting."""
    return scores.most_named(class_size, share_percent())


TABLE = "struggling_progress"


class StrugglingError(UserError):
    """A 学困生 list or mark that cannot be saved as given; the text says why."""


def name_struggling(actor: str, class_id: int, student_ids: Iterable[int], day: dt.date) -> int:
    """Make `student_ids` the class's 学困生 from `day`: their flag is set, the flag of any other
    child of the class is cleared. Returns how many are named."""
    guards.for_class(Action.EDIT_CASES, class_id)
    cls = SchoolClass.get_by_id(class_id)
    pupils = {
        s.id: s
        for s in Student.select().where(
            (Student.school_class == class_id) & Student.status.in_([x.value for x in ON_ROLL])
        )
    }
    chosen = set(student_ids)
    strangers = chosen - set(pupils)
    if strangers:
        raise StrugglingError(f"所选学生中有{len(strangers)}人不在{cls.name}的在册学生中")
    limit = most_named(len(pupils))
    if len(chosen) > limit:
        raise StrugglingError(
            f"{cls.name}在册{len(pupils)}人，后{share_percent()}%最多{limit}人，选了{len(chosen)}人"
        )
    with current().atomic():
        for row in RiskFlag.select().where(
            (RiskFlag.flag == FLAG) & RiskFlag.student.in_(list(pupils))
        ):
            if row.student_id not in chosen:
                audit.delete(row, actor)
                continue
            chosen.discard(row.student_id)  # already named: its date stays
        for sid in sorted(chosen):
            audit.create(
                RiskFlag, actor, student=sid, flag=FLAG, note=f"期初后{share_percent()}%", since=day
            )
    return len(set(student_ids))


def mark_progress(
    actor: str, student_id: int, term: str, day: dt.date, moved_up: bool = True, note: str = ""
) -> StrugglingProgress:
    """At the end of `term`: the child moved up out of the bottom 20% (the flag is cleared), or
    not. A second mark for the same term replaces the first (audited)."""
    guards.for_student(Action.EDIT_CASES, student_id, day)
    existing = StrugglingProgress.get_or_none(
        (StrugglingProgress.student == student_id) & (StrugglingProgress.term == term)
    )
    flag = RiskFlag.get_or_none((RiskFlag.student == student_id) & (RiskFlag.flag == FLAG))
    if existing is None and flag is None:
        name = Student.get_by_id(student_id).name
        raise StrugglingError(f"{name}不是学困生：请先在期初名单中把他列为学困生")
    with current().atomic():
        if existing is not None:
            row = audit.update(existing, actor, date=day, moved_up=moved_up, note=note)
        else:
            row = audit.create(
                StrugglingProgress,
                actor,
                student=student_id,
                term=term,
                date=day,
                moved_up=moved_up,
                note=note,
                recorded_by=actor,
            )
        if moved_up and flag is not None:
            audit.delete(flag, actor)
        elif not moved_up and flag is None:  # a move up taken back: a 学困生 again
            audit.create(
                RiskFlag, actor, student=student_id, flag=FLAG, note="期初后20%", since=day
            )
    return row


def progress_events(q: Query) -> Iterable[RawEvent]:
    rows = StrugglingProgress.select().where(StrugglingProgress.date.between(q.first, q.last))
    if q.student_ids is not None:
        rows = rows.where(StrugglingProgress.student.in_(q.student_ids))
    for r in rows:
        text = "学困生转化：进入班级前80%" if r.moved_up else "学困生：本学期仍在班级后20%"
        yield RawEvent(
            EventKind.STRUGGLING_PROGRESS,
            stored_day(r.date),
            r.student_id,
            SourceRef(TABLE, r.id),
            f"{text}（{r.term}）",
            "；".join(x for x in (r.note, f"登记：{r.recorded_by}") if x),
        )


def moved_up(row_ids: Iterable[int]) -> set[int]:
    """Of these progress rows, those that say the child moved up."""
    ids = list(row_ids)
    if not ids:
        return set()
    return {
        i
        for (i,) in StrugglingProgress.select(StrugglingProgress.id)
        .where(StrugglingProgress.id.in_(ids) & StrugglingProgress.moved_up)
        .tuples()
    }


@dataclass(frozen=True)
class PupilRow:
    student_id: int
    name: str
    named: bool  # a 学困生 now (the roster's flag)
    moved_up: bool  # marked as moved up in the term


def class_rows(class_id: int, term: str) -> list[PupilRow]:
    """The class's children on the roll, with their 学困生 flag and this term's mark."""
    visibility.require_class(class_id)
    pupils = list(
        Student.select(Student.id, Student.name)
        .where((Student.school_class == class_id) & Student.status.in_([x.value for x in ON_ROLL]))
        .order_by(Student.id)
        .tuples()
    )
    ids = [sid for sid, _ in pupils]
    named = {
        sid
        for (sid,) in RiskFlag.select(RiskFlag.student)
        .where((RiskFlag.flag == FLAG) & RiskFlag.student.in_(ids))
        .tuples()
    }
    up = {
        sid
        for (sid,) in StrugglingProgress.select(StrugglingProgress.student)
        .where(
            StrugglingProgress.student.in_(ids)
            & (StrugglingProgress.term == term)
            & StrugglingProgress.moved_up
        )
        .tuples()
    }
    return [PupilRow(sid, name, sid in named, sid in up) for sid, name in pupils]


def class_choices() -> list[tuple[int, str]]:
    """(id, name) of the classes in use."""
    rows = (
        SchoolClass.select()
        .where(SchoolClass.archived == False)  # noqa: E712 - peewee expression
        .order_by(SchoolClass.grade, SchoolClass.number)
    )
    return visibility.classes([(c.id, c.name) for c in rows], lambda c: c[0])
