"""The ledger (台账): every open and closed 劝返 case of a school year as one row each, with the
columns the bureau's ledger asks for (the 辍学学生台账 sheet of the county's template), and the
page's filters. Read in a fixed number of queries whatever the number of cases (bench/).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kongchuo_desktop import settings
from kongchuo_desktop.db.case_models import Case, CaseClosing, CasePerson
from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.models import stored_day
from kongchuo_desktop.domain import cases as rules
from kongchuo_desktop.domain.grades import class_name, grade_name
from kongchuo_desktop.domain.school_year import school_year_of
from kongchuo_desktop.services import visibility
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
    still open are listed too (a case runs until 销号). A fixed number of queries, each
    filtered by a subquery rather than a list of ids (300 cases must open in < 300 ms)."""
    today = today or dt.date.today()
    year = school_year or school_year_of(today)
    wanted = (Case.school_year == year) | Case.closed_on.is_null()
    cases = list(Case.select().where(wanted).order_by(Case.opened_on, Case.id))
    if not cases:
        return []
    db = current()
    in_cases = 'SELECT "id" FROM "student_case" WHERE "school_year" = ? OR "closed_on" IS NULL'
    of_cases = (
        'SELECT "student_id" FROM "student_case" WHERE "school_year" = ? OR "closed_on" IS NULL'
    )
    students = {
        row[0]: row
        for row in db.execute_sql(
            'SELECT "id", "name", "sex", "id_number", "student_number", "school_class_id",'
            ' "household_address", "native_place", "address", "phone", "status",'
            f' "disability_type" FROM "student" WHERE "id" IN ({of_cases})',
            (year,),
        )
    }
    classes = {
        cid: (grade, number)
        for cid, grade, number in db.execute_sql(
            'SELECT "id", "grade", "number" FROM "school_class"'
        )
    }
    persons = {
        p.id: p
        for p in CasePerson.select().where(
            CasePerson.id.in_([c.person_id for c in cases if c.person_id])
        )
    }
    guardians: dict[int, tuple[str, str]] = {}
    for sid, name, phone in db.execute_sql(
        'SELECT "student_id", "name", "phone" FROM "guardian"'
        f' WHERE "student_id" IN ({of_cases}) ORDER BY "sort_order" DESC, "id" DESC',
        (year,),
    ):
        guardians[sid] = (name, phone)  # the first by sort order wins (read last)
    flags: dict[int, set[str]] = {}
    for sid, flag in db.execute_sql(
        f'SELECT "student_id", "flag" FROM "risk_flag" WHERE "student_id" IN ({of_cases})',
        (year,),
    ):
        flags.setdefault(sid, set()).add(flag)
    # case → [contacts done, last day, last way, last outcome], as of `today`: the month report
    # asks as of its cut-off day, and a visit after it belongs to the next month's 劝返次数.
    counts: dict[int, list] = {}
    for cid, day, method, outcome in db.execute_sql(
        'SELECT "case_id", "date", "method", "outcome" FROM "case_contact"'
        f' WHERE "done" AND "date" <= ? AND "case_id" IN ({in_cases}) ORDER BY "date", "id"',
        (today.isoformat(), year),
    ):
        seen = counts.setdefault(cid, [0, None, "", ""])
        seen[0] += 1
        seen[1:] = [day, method, outcome]
    closings: dict[int, CaseClosing] = {}
    for c in (
        CaseClosing.select()
        .where(CaseClosing.case.in_(Case.select(Case.id).where(wanted)))
        .where(CaseClosing.reopened_on.is_null())
        .order_by(CaseClosing.id)
    ):
        closings[c.case_id] = c
    responsible = responsible_names(cases, today)
    facts = _Facts(students, classes, persons, guardians, flags, counts, closings, responsible)
    return visibility.students([_row(c, facts) for c in cases], lambda r: r.student_id, today)


@dataclass(frozen=True)
class _Facts:
    students: dict[int, tuple]
    classes: dict[int, tuple[int, int]]
    persons: dict[int, CasePerson]
    guardians: dict[int, tuple[str, str]]
    flags: dict[int, set[str]]
    counts: dict[int, list]
    closings: dict[int, CaseClosing]
    responsible: dict[int, list[str]]


def _row(c: Case, f: _Facts) -> LedgerRow:
    n, last, method, outcome = f.counts.get(c.id, (0, None, "", ""))
    last = stored_day(last) if last else None
    closing = f.closings.get(c.id) if c.closed_on else None
    progress = [p for p in (c.measures, rules.stage_label(c.stage) if c.stage else "") if p]
    if last:
        progress.append(f"最近：{last:%m月%d日}{method}：{outcome or '已联系'}")
    common = dict(
        id=c.id,
        opened_on=stored_day(c.opened_on),
        reasons=tuple(c.reasons or ()),
        reasons_text=rules.reasons_text(c.reasons, c.reason_text),
        whereabouts=rules.whereabouts_text(c.whereabouts, c.whereabouts_place),
        stage=c.stage,
        stage_label=rules.stage_label(c.stage),
        responsible=tuple(f.responsible.get(c.id, ())),
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
        (
            sid,
            name,
            sex,
            id_number,
            number,
            class_id,
            household,
            native,
            address,
            phone,
            status,
            disability,
        ) = f.students[c.student_id]
        grade_number = f.classes.get(class_id)
        guardian, guardian_phone = f.guardians.get(sid, ("", ""))
        flags = f.flags.get(sid, set())
        return LedgerRow(
            student_id=sid,
            name=name,
            sex=sex,
            id_number=id_number or "",
            student_number=number or "",
            grade=grade_name(grade_number[0]) if grade_number else "",
            class_name=class_name(*grade_number) if grade_number else "",
            class_id=class_id if grade_number else None,
            household=household or native,
            address=address,
            guardian=guardian,
            phone=guardian_phone or phone,
            poor=POOR_FLAG in flags,
            disabled=bool(flags & DISABLED_FLAGS) or bool(disability),
            left_behind=LEFT_BEHIND_FLAG in flags,
            status=status,
            **common,
        )
    p = f.persons[c.person_id]
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
