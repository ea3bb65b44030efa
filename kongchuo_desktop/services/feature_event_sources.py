"""The event record's sources for the later features: the 转出 procedure and merged records
(services.people_events), 三包 assignments, 劝返 cases and contacts (services.case_events),
送教上门 visits and issued notices. See services.events for the design."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from kongchuo_desktop.db.models import Assignment, ResponsibilityLetter, Teacher, stored_day
from kongchuo_desktop.services import case_events, home_teaching, notices, people_events
from kongchuo_desktop.services.event_types import (
    EventKind,
    Query,
    RawEvent,
    SourceRef,
    for_students,
)
from kongchuo_desktop.services.responsibility import TeacherRef


def facts(read: Callable[..., Iterable[people_events.Fact]]) -> Callable[[Query], Iterable]:
    """A source reading `people_events` facts (their kinds named by value) as RawEvents."""

    def source(q: Query) -> Iterable[RawEvent]:
        for f in read(q.first, q.last, q.student_ids):
            ref = SourceRef(f.table, f.row_id)
            kind = EventKind(f.kind)
            yield RawEvent(kind, f.date, f.student_id, ref, f.text, f.detail, f.withdrawn)

    return source


def assignments(q: Query) -> Iterable[RawEvent]:
    """三包 assignments about a child (包保教师, 帮扶教师, 帮扶学生): begun, confirmed later,
    ended, covered by a signed 责任书. School, grade and village assignments name no child and are
    not events of a child."""
    letters = dict(
        ResponsibilityLetter.select(
            ResponsibilityLetter.id, ResponsibilityLetter.signed_on
        ).tuples()
    )
    names = dict(Teacher.select(Teacher.id, Teacher.name).tuples())
    rows = Assignment.select().where(
        Assignment.student.is_null(False)
        & (
            Assignment.start_date.between(q.first, q.last)
            | Assignment.confirmed_on.between(q.first, q.last)
            | Assignment.end_date.between(q.first, q.last)
            | Assignment.letter.is_null(False)
        )
    )
    for a in for_students(rows, Assignment.student, q):
        holder = names.get(a.teacher_id, "") if a.teacher_id is not None else a.person_name
        teachers = (TeacherRef(a.teacher_id, holder, a.role),) if a.teacher_id is not None else ()
        source = SourceRef("assignment", a.id)
        start = stored_day(a.start_date)
        facts = [(EventKind.ASSIGNED, start, f"{a.role}：{holder}")]
        if a.confirmed_on is not None and stored_day(a.confirmed_on) > start:
            facts.append((EventKind.CONFIRMED, stored_day(a.confirmed_on), f"{a.role}：{holder}"))
        if a.end_date is not None:
            facts.append(
                (EventKind.ASSIGNMENT_ENDED, stored_day(a.end_date), f"{a.role}：{holder}")
            )
        if a.letter_id in letters:
            signed = stored_day(letters[a.letter_id])
            facts.append((EventKind.LETTER_SIGNED, signed, f"{holder}签订{a.role}责任书"))
        for kind, day, text in facts:
            if q.first <= day <= q.last:
                yield RawEvent(kind, day, a.student_id, source, text, teachers=teachers)


CASE_KINDS = frozenset(
    {
        EventKind.CASE_OPENED,
        EventKind.CASE_STAGE,
        EventKind.CASE_CLOSED,
        EventKind.CASE_REOPENED,
        EventKind.CONTACT,
        EventKind.CONTACT_PLANNED,
    }
)


def cases(q: Query) -> Iterable[RawEvent]:
    kinds = {k.name for k in CASE_KINDS}
    for f in case_events.case_facts(q.first, q.last, q.student_ids, kinds):
        yield RawEvent(
            EventKind[f.kind],
            f.date,
            f.student_id,
            SourceRef(f.table, f.row_id),
            f.text,
            f.detail,
            teachers=tuple(TeacherRef(*t) for t in f.teachers),
        )


def home_teaching_visits(q: Query) -> Iterable[RawEvent]:
    names = dict(Teacher.select(Teacher.id, Teacher.name).tuples())
    for v in home_teaching.visits_between(q.first, q.last, q.student_ids):
        signed = f"；家长已签字（{v.signed_by}）" if v.parent_signed else "；家长未签字"
        yield RawEvent(
            EventKind.HOME_TEACHING_VISIT,
            stored_day(v.date),
            v.student_id,
            SourceRef(home_teaching.VISIT_TABLE, v.id),
            f"送教上门{v.lessons}课时：{v.content}" if v.content else f"送教上门{v.lessons}课时",
            f"送教教师：{'、'.join(names.get(t, '') for t in v.teacher_ids or ())}{signed}",
            teachers=tuple(
                TeacherRef(t, names.get(t, ""), "送教教师") for t in v.teacher_ids or ()
            ),
        )


def issued_notices(q: Query) -> Iterable[RawEvent]:
    for n in notices.issued_between(q.first, q.last, q.student_ids):
        due = f"，限{n.deadline:%m月%d日}前返校" if n.deadline else ""
        yield RawEvent(
            EventKind.NOTICE_ISSUED,
            n.issued_on,
            n.student_id,
            SourceRef("issued_notice", n.id),
            f"发出{n.kind.value}（{n.number}）{due}",
            f"经办：{n.issued_by}" if n.issued_by else "",
        )


transfer_steps = facts(people_events.transfer_facts)
merges = facts(people_events.merge_facts)
