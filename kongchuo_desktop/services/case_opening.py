"""Opening a 劝返 case (一生一案): the one write every path takes — by hand, from the escalation's
立案, and when a child is marked 疑似辍学 or 辍学 (services.student_status asks here, so such a
child always has an open case). Kept apart from services.cases so that student_status can call it
without an import cycle."""

from __future__ import annotations

import datetime as dt

from kongchuo_desktop.db.case_models import Case, CasePerson
from kongchuo_desktop.db.connection import current
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.domain.school_year import school_year_of
from kongchuo_desktop.services import audit, guards

ORIGIN_LABELS = {
    "manual": "手工立案",
    "escalation": "缺勤上报立案",
    "status": "标记疑似辍学时立案",
    "upgrade": "升级时补建",
}


def open_case_of(student_id: int) -> Case | None:
    return (
        Case.select()
        .where((Case.student == student_id) & Case.closed_on.is_null())
        .order_by(Case.id.desc())
        .first()
    )


def open_case(
    actor: str,
    day: dt.date,
    *,
    student_id: int | None = None,
    person: CasePerson | None = None,
    origin: str = "manual",
    origin_note: str = "",
    chain_start: dt.date | None = None,
    reasons: list[str] | None = None,
    reason_text: str = "",
    whereabouts: str = "",
    whereabouts_place: str = "",
) -> Case:
    """A new open case about a student on the roster or a person record (exactly one)."""
    guards.for_student(Action.EDIT_CASES, student_id, day)
    if (student_id is None) == (person is None):
        raise ValueError("a case concerns a student or a person, exactly one")
    return audit.create(
        Case,
        actor,
        student=student_id,
        person=person,
        school_year=school_year_of(day),
        opened_on=day,
        opened_by=actor,
        origin=origin,
        origin_note=origin_note.strip(),
        chain_start=chain_start,
        reasons=reasons or None,
        reason_text=reason_text.strip(),
        whereabouts=whereabouts,
        whereabouts_place=whereabouts_place.strip(),
    )


def ensure_open_case(
    actor: str,
    student_id: int,
    day: dt.date,
    origin: str,
    origin_note: str = "",
    chain_start: dt.date | None = None,
) -> tuple[Case, bool]:
    """The child's open case, opened now if there is none; (case, whether it was opened)."""
    guards.for_student(Action.EDIT_CASES, student_id, day)
    with current().atomic():
        existing = open_case_of(student_id)
        if existing is not None:
            return existing, False
        return (
            open_case(
                actor,
                day,
                student_id=student_id,
                origin=origin,
                origin_note=origin_note,
                chain_start=chain_start,
            ),
            True,
        )
