"""The facts of 劝返 cases and contacts for the event record (services.events reads them through
`case_facts`): a case opened, a 四步法 stage reached, a 销号, a reopening, a contact done or
planned. Each fact names its source row; a contact names the teachers who went (and those planned).
A case about a child not on the roster has no student and so no event (the ledger lists it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from kongchuo_desktop.db.case_models import (
    Case,
    CaseClosing,
    CaseContact,
    CaseStage,
    ContactTeacher,
)
from kongchuo_desktop.db.models import Teacher, stored_day
from kongchuo_desktop.domain import cases as rules
from kongchuo_desktop.services.case_opening import ORIGIN_LABELS

# EventKind member names in services.events.
OPENED, STAGE, CLOSED, REOPENED, CONTACT, PLANNED = (
    "CASE_OPENED",
    "CASE_STAGE",
    "CASE_CLOSED",
    "CASE_REOPENED",
    "CONTACT",
    "CONTACT_PLANNED",
)


@dataclass(frozen=True)
class CaseFact:
    kind: str  # an EventKind member name
    date: dt.date
    student_id: int
    table: str
    row_id: int
    text: str
    detail: str = ""
    teachers: tuple[tuple[int, str, str], ...] = ()  # (id, name, role)


def _students(query, field, student_ids: list[int] | None):
    query = query.where(field.is_null(False))
    return query if student_ids is None else query.where(field.in_(student_ids))


def case_facts(
    first: dt.date, last: dt.date, student_ids: list[int] | None, kinds: set[str]
) -> Iterator[CaseFact]:
    if OPENED in kinds:
        q = Case.select().where(Case.opened_on.between(first, last))
        for c in _students(q, Case.student, student_ids):
            reasons = rules.reasons_text(c.reasons, c.reason_text)
            note = f"：{c.origin_note}" if c.origin_note else ""
            yield CaseFact(
                OPENED,
                stored_day(c.opened_on),
                c.student_id,
                "student_case",
                c.id,
                f"立案（{ORIGIN_LABELS.get(c.origin, c.origin)}）{note}",
                "；".join(
                    x for x in (f"原因：{reasons}" if reasons else "", f"登记：{c.opened_by}") if x
                ),
            )
    if STAGE in kinds:
        q = (
            CaseStage.select(CaseStage, Case.student)
            .join(Case)
            .where(CaseStage.started_on.between(first, last))
        )
        for s in _students(q, Case.student, student_ids).objects():
            deadline = f"，期限至{stored_day(s.deadline):%m月%d日}" if s.deadline else ""
            yield CaseFact(
                STAGE,
                stored_day(s.started_on),
                s.student,
                "case_stage",
                s.id,
                f"四步法{rules.stage_label(s.stage)}{deadline}",
                "；".join(x for x in (s.note, f"登记：{s.recorded_by}") if x),
            )
    if CLOSED in kinds or REOPENED in kinds:
        q = CaseClosing.select(CaseClosing, Case.student).join(Case)
        for c in _students(q, Case.student, student_ids).objects():
            closed = stored_day(c.closed_on)
            if CLOSED in kinds and first <= closed <= last:
                how = f"（{c.placement}）" if c.placement else ""
                yield CaseFact(
                    CLOSED,
                    closed,
                    c.student,
                    "case_closing",
                    c.id,
                    f"销号：{c.kind}{how}",
                    "；".join(
                        x
                        for x in (
                            f"证明：{c.evidence}" if c.evidence else "",
                            c.note,
                            f"登记：{c.closed_by}",
                        )
                        if x
                    ),
                )
            if REOPENED in kinds and c.reopened_on and first <= stored_day(c.reopened_on) <= last:
                yield CaseFact(
                    REOPENED,
                    stored_day(c.reopened_on),
                    c.student,
                    "case_closing",
                    c.id,
                    f"重新立案：{c.reopen_reason}",
                    f"撤回{closed:%m月%d日}的销号（{c.kind}）；登记：{c.reopened_by}",
                )
    if CONTACT in kinds or PLANNED in kinds:
        yield from _contacts(first, last, student_ids, kinds)


def _contacts(first, last, student_ids, kinds) -> Iterable[CaseFact]:
    q = CaseContact.select().where(CaseContact.date.between(first, last))
    rows = list(_students(q, CaseContact.student, student_ids))
    names = dict(Teacher.select(Teacher.id, Teacher.name).tuples())
    people: dict[int, list[tuple[int, str, str]]] = {}
    for cid, tid, role in (
        ContactTeacher.select(ContactTeacher.contact, ContactTeacher.teacher, ContactTeacher.role)
        .where(ContactTeacher.contact.in_([r.id for r in rows]))
        .order_by(ContactTeacher.id)
        .tuples()
    ):
        label = "家访" if role == "went" else "计划家访"
        people.setdefault(cid, []).append((tid, names.get(tid, ""), label))
    for r in rows:
        kind = CONTACT if r.done else PLANNED
        if kind not in kinds:
            continue
        who = [
            n for _, n, role in people.get(r.id, []) if role == ("家访" if r.done else "计划家访")
        ]
        if r.cadres:
            who.append(r.cadres)
        text = f"{'' if r.done else '计划'}{r.method}（{'、'.join(who)}）"
        if r.done and r.outcome:
            text += f"：{r.outcome}"
        parts = [
            f"见到：{r.met_whom}" if r.met_whom else "",
            f"态度：{r.attitude}" if r.attitude else "",
            f"约定：{r.agreed}" if r.agreed else "",
            f"下一步：{r.next_step}" if r.next_step else "",
            f"（{stored_day(r.next_step_date):%m月%d日}前）" if r.next_step_date else "",
        ]
        yield CaseFact(
            kind,
            stored_day(r.date),
            r.student_id,
            "case_contact",
            r.id,
            text,
            "；".join(p for p in parts if p),
            tuple(people.get(r.id, ())),
        )
