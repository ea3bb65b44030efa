"""The demo school's 教师考核, so that a newcomer sees teacher pages with real entries: a child who
became 疑似辍学 and, a month on, 辍学 (the 包保 teacher, class head and principal of that day carry
the veto); a visit of that case where a teacher planned did not go; a principal's adjustment. The
return of case C (services.case_demo) already rewards its visitors; the rules are the defaults."""

from __future__ import annotations

import datetime as dt
import random

from kongchuo_desktop.db.models import Absence, SchoolClass, StatusChange, Student
from kongchuo_desktop.domain.student_status import StudentStatus as S
from kongchuo_desktop.services import assessment_report, case_contacts, cases
from kongchuo_desktop.services.calendar_service import term_containing
from kongchuo_desktop.services.case_contacts import ContactInput
from kongchuo_desktop.services.responsibility import responsible_for
from kongchuo_desktop.services.student_status import change_status


def _untouched(rng: random.Random) -> Student | None:
    """An in-school child of grade 7 or above with no absence and no 学籍变动."""
    rows = list(
        Student.select()
        .join(SchoolClass, on=(Student.school_class == SchoolClass.id))
        .where(
            (SchoolClass.grade >= 7)
            & (Student.status == S.IN_SCHOOL.value)
            & Student.id.not_in(Absence.select(Absence.student))
            & Student.id.not_in(StatusChange.select(StatusChange.student))
        )
        .order_by(Student.id)
    )
    return rng.choice(rows) if rows else None


def add_demo_assessment(actor: str, rng: random.Random, summary: dict) -> None:
    today = dt.date.fromisoformat(summary["today"])
    start = dt.date.fromisoformat(summary["term_start"])
    term = term_containing(today)
    child = _untouched(rng)
    if child is None or term is None:
        return
    marked = max(start, today - dt.timedelta(days=35))
    who = responsible_for([child.id], marked)[child.id]
    change_status(
        actor, child, S.SUSPECTED_DROPOUT, marked, "开学后多次逃学，连续无故缺课", today=today
    )
    case_id = cases.cases_of_student(child.id)[0]
    others = [
        tid
        for tid, _ in cases.teacher_choices()
        if who.responsible is None or tid != who.responsible.id
    ][:2]
    lead = (who.responsible.id,) if who.responsible else ()
    visit = case_contacts.add_contact(
        actor,
        ContactInput(marked + dt.timedelta(days=2), planned=lead + tuple(others), done=False),
        case_id=case_id,
        today=marked,
    )
    case_contacts.record_planned(
        actor,
        visit.id,
        ContactInput(
            marked + dt.timedelta(days=2),
            went=lead + tuple(others[:1]),
            met_whom="母亲",
            attitude="不配合",
            outcome="孩子已随亲戚外出打工",
        ),
        today=today,
    )
    # Dated the demo's today: the head-counts made before stay as they were.
    change_status(actor, child, S.DROPOUT, today, "外出务工，疑似辍学满一个月未返校", today=today)
    head = who.class_head
    if head is not None:
        assessment_report.add_adjustment(
            actor,
            f"{term.school_year}-{term.semester}",
            head.id,
            "组织本班控辍保学宣传月活动，家长会到会率100%",
            points=2,
            day=today,
        )
    summary["assessment_dropout"] = child.name
