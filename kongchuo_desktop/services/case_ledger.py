"""The ledger (台账): every open and closed 劝返 case of a school year as one row each, with the
columns the bureau's ledger asks for (the 辍学学生台账 sheet of the county's template), and the
page's filters. Read in a fixed number of queries whatever the number of cases (bench/).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import peewee as pw

from kongchuo_desktop import settings
from kongchuo_desktop.db.case_models import Case, CaseClosing, CaseContact, CasePerson
from kongchuo_desktop.db.models import Guardian, RiskFlag, SchoolClass, Student, stored_day
from kongchuo_desktop.domain import cases as rules
from kongchuo_desktop.domain.grades import class_name, grade_name
from kongchuo_desktop.domain.school_year import school_year_of
from kongchuo_desktop.services.cases import responsible_names

POOR_FLAG = "建档立卡/脱贫户/监测户"
DISABLED_FLAGS = frozenset({"残疾"})
LEFT_BEHIND_FLAG = "留守儿童"
OPEN, CLOSED = "未销号", "已销号"


@dataclass(frozen=True)
class LedgerRow:
    id: int
    student_id: int | None
    name: str
    sex: str
    id_number: str
    student_number: str
    grade: str
    class_name: str
    class_id: int | None
    household: str  # 户籍所在地
    address: str  # 家庭住址
    guardian: str
    phone: str
    poor: bool  # 建档立卡
    disabled: bool
    left_behind: bool
    status: str  # 学籍 status (未入学 for a child not on the roster)
    opened_on: dt.date
    reasons: tuple[str, ...]
    reasons_text: str
    whereabouts: str
    stage: int
    stage_label: str
    responsible: tuple[str, ...]
    contacts: int  # 劝返次数: contacts done
    last_contact: dt.date | None
    measures: str  # 劝返措施及进展
    closed_on: dt.date | None
    close_kind: str
    placement: str
    note: str

    @property
    def state(self) -> str:
        return OPEN if self.closed_on is None else CLOSED

    @property
    def returned(self) -> bool:
        return self.close_kind == rules.RETURNED

    def days_without_contact(self, today: dt.date) -> int:
        since = self.last_contact or self.opened_on
        return (today - since).days


def ledger_rows(school_year: str | None = None, today: dt.date | None = None) -> list[LedgerRow]:
    """Every case of the school year (default: today's), oldest first; cases of earlier years
    still open are listed too (a case runs until 销号)."""
    today = today or dt.date.today()
    year = school_year or school_year_of(today)
    cases = list(
        Case.select()
        .where((Case.school_year == year) | Case.closed_on.is_null())
        .order_by(Case.opened_on, Case.id)
    )
    if not cases:
        return []
    ids = [c.id for c in cases]
    sids = [c.student_id for c in cases if c.student_id]
    students = {s.id: s for s in Student.select().where(Student.id.in_(sids))}
    classes = {k.id: k for k in SchoolClass.select()}
    persons = {
        p.id: p
        for p in CasePerson.select().where(
            CasePerson.id.in_([c.person_id for c in cases if c.person_id])
        )
    }
    guardians: dict[int, Guardian] = {}
    for g in (
        Guardian.select()
        .where(Guardian.student.in_(sids))
        .order_by(Guardian.sort_order.desc(), Guardian.id.desc())
    ):
        guardians[g.student_id] = g  # the first by sort order wins (read last)
    flags: dict[int, set[str]] = {}
    for sid, flag in (
        RiskFlag.select(RiskFlag.student, RiskFlag.flag).where(RiskFlag.student.in_(sids)).tuples()
    ):
        flags.setdefault(sid, set()).add(flag)
    counts: dict[int, tuple[int, dt.date | None]] = {}
    for cid, n, last in (
        CaseContact.select(
            CaseContact.case, pw.fn.COUNT(CaseContact.id), pw.fn.MAX(CaseContact.date)
        )
        .where(CaseContact.case.in_(ids) & CaseContact.done)
        .group_by(CaseContact.case)
        .tuples()
    ):
        counts[cid] = (n, stored_day(last) if last else None)
    last_outcome: dict[int, str] = {}
    for cid, day, method, outcome in (
        CaseContact.select(
            CaseContact.case, CaseContact.date, CaseContact.method, CaseContact.outcome
        )
        .where(CaseContact.case.in_(ids) & CaseContact.done)
        .order_by(CaseContact.date, CaseContact.id)
        .tuples()
    ):
        last_outcome[cid] = f"{stored_day(day):%m月%d日}{method}：{outcome or '已联系'}"
    closings: dict[int, CaseClosing] = {}
    for c in (
        CaseClosing.select()
        .where(CaseClosing.case.in_(ids) & CaseClosing.reopened_on.is_null())
        .order_by(CaseClosing.id)
    ):
        closings[c.case_id] = c
    responsible = responsible_names(cases, today)
    return [
        _row(
            c,
            students,
            classes,
            persons,
            guardians,
            flags,
            counts,
            last_outcome,
            closings,
            responsible,
        )
        for c in cases
    ]


def _row(
    c, students, classes, persons, guardians, flags, counts, last_outcome, closings, responsible
):
    n, last = counts.get(c.id, (0, None))
    closing = closings.get(c.id) if c.closed_on else None
    progress = [p for p in (c.measures, rules.stage_label(c.stage) if c.stage else "") if p]
    if c.id in last_outcome:
        progress.append(f"最近：{last_outcome[c.id]}")
    common = dict(
        id=c.id,
        opened_on=stored_day(c.opened_on),
        reasons=tuple(c.reasons or ()),
        reasons_text=rules.reasons_text(c.reasons, c.reason_text),
        whereabouts=rules.whereabouts_text(c.whereabouts, c.whereabouts_place),
        stage=c.stage,
        stage_label=rules.stage_label(c.stage),
        responsible=tuple(responsible.get(c.id, ())),
        contacts=n,
        last_contact=last,
        measures="；".join(progress),
        closed_on=stored_day(c.closed_on) if c.closed_on else None,
        close_kind=closing.kind if closing else "",
        placement=closing.placement if closing else "",
        note=(closing.evidence or closing.note)
        if closing and closing.kind != rules.RETURNED
        else "",
    )
    if c.student_id:
        s = students[c.student_id]
        k = classes.get(s.school_class_id)
        g = guardians.get(s.id)
        f = flags.get(s.id, set())
        return LedgerRow(
            student_id=s.id,
            name=s.name,
            sex=s.sex,
            id_number=s.id_number or "",
            student_number=s.student_number or "",
            grade=grade_name(k.grade) if k else "",
            class_name=class_name(k.grade, k.number) if k else "",
            class_id=k.id if k else None,
            household=s.household_address or s.native_place,
            address=s.address,
            guardian=g.name if g else "",
            phone=(g.phone if g and g.phone else s.phone),
            poor=POOR_FLAG in f,
            disabled=bool(f & DISABLED_FLAGS) or bool(s.disability_type),
            left_behind=LEFT_BEHIND_FLAG in f,
            status=s.status,
            **common,
        )
    p = persons[c.person_id]
    return LedgerRow(
        student_id=None,
        name=p.name,
        sex=p.sex,
        id_number=p.id_number,
        student_number="",
        grade="",
        class_name="不在花名册",
        class_id=None,
        household=p.village,
        address=p.village,
        guardian=p.guardian,
        phone=p.phone,
        poor=False,
        disabled=False,
        left_behind=False,
        status="未入学",
        **common,
    )


@dataclass(frozen=True)
class LedgerFilter:
    state: str = ""  # "" / 未销号 / 已销号
    stage: int | None = None
    class_id: int | None = None
    reason: str = ""
    responsible: str = ""
    no_contact: bool = False  # no contact in the setting's N days (open cases)
    text: str = ""


def no_contact_days() -> int:
    return settings.get("cases.no_contact_days")


def matches(row: LedgerRow, f: LedgerFilter, today: dt.date, days: int) -> bool:
    if f.state and row.state != f.state:
        return False
    if f.stage is not None and row.stage != f.stage:
        return False
    if f.class_id is not None and row.class_id != f.class_id:
        return False
    if f.reason and f.reason not in row.reasons:
        return False
    if f.responsible and f.responsible not in row.responsible:
        return False
    if f.no_contact and (row.closed_on is not None or row.days_without_contact(today) <= days):
        return False
    return not f.text or f.text in row.name


def filtered(rows: list[LedgerRow], f: LedgerFilter, today: dt.date) -> list[LedgerRow]:
    days = no_contact_days()
    return [r for r in rows if matches(r, f, today, days)]
