"""One 考核奖惩 entry (services.assessment), and what the triggers share: who of a day's
responsible teachers a rule touches, an entry from an event, the day whose 三包 decides who
carries a child's leaving, and who went on (or skipped) a visit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from kongchuo_desktop.db.models import StatusChange
from kongchuo_desktop.domain import assessment_rules as ar
from kongchuo_desktop.domain.student_status import StudentStatus
from kongchuo_desktop.services.attendance.escalation_ledger import student_chains
from kongchuo_desktop.services.events import Event, EventKind, events_between
from kongchuo_desktop.services.responsibility import Responsibility

MANUAL = "manual"
MANUAL_LABEL = "校长调整"
WENT, PLANNED = "家访", "计划家访"  # the roles services.case_events gives a contact's teachers


@dataclass(frozen=True)
class Entry:
    teacher_id: int
    teacher_name: str
    rule: str  # rule key, or MANUAL
    rule_label: str
    points: float
    amount: float
    veto: bool
    date: dt.date
    text: str  # names the child (or the class) and says why
    source_table: str  # where it came from: status_change, case_closing, case_contact …
    source_id: int
    student_id: int | None = None
    student_name: str = ""
    class_name: str = ""

    @property
    def effect(self) -> str:
        return ar.effect_text(self.points, self.amount, self.veto)

    @property
    def source(self) -> str:
        return f"{SOURCE_NAMES.get(self.source_table, self.source_table)} {self.source_id}"

    def as_dict(self) -> dict:
        d = asdict(self)
        d["date"] = self.date.isoformat()
        d["effect"] = self.effect
        return d

    @classmethod
    def from_dict(cls, d: dict) -> Entry:
        fields = {k: v for k, v in d.items() if k in cls.__dataclass_fields__}
        fields["date"] = dt.date.fromisoformat(d["date"])
        return cls(**fields)


SOURCE_NAMES = {
    "status_change": "学籍变动",
    "case_closing": "劝返个案销号",
    "case_contact": "家访记录",
    "school_class": "班级",
    "assessment_adjustment": "校长调整",
    "struggling_progress": "学困生转化记录",
    "home_teaching_plan": "送教计划",
    "issued_notice": "通知书",
}


def people(whom: Iterable[str], who: Responsibility) -> dict[int, tuple[str, list[str]]]:
    """teacher id → (name, the roles of `whom` they held for the child that day)."""
    found: dict[int, tuple[str, list[str]]] = {}
    for role in whom:
        person = {
            ar.GUARANTOR: who.guarantor,
            ar.CLASS_HEAD: who.class_head,
            ar.PRINCIPAL: who.principal,
        }.get(role)
        if person is not None:
            found.setdefault(person.id, (person.name, []))[1].append(role)
    return found


def make_entry(rule, tid, name, e: Event, text, table, row_id, points=None, amount=None) -> Entry:
    return Entry(
        tid,
        name,
        rule.key,
        rule.label,
        rule.points if points is None else points,
        rule.amount if amount is None else amount,
        rule.veto,
        e.date,
        text,
        table,
        row_id,
        e.student_id,
        e.student_name,
        e.class_name,
    )


def statuses_of(events: list[Event]) -> dict[int, str]:
    ids = [e.source.id for e in events if e.kind is EventKind.STATUS_CHANGE]
    if not ids:
        return {}
    return dict(
        StatusChange.select(StatusChange.id, StatusChange.status)
        .where(StatusChange.id.in_(ids))
        .tuples()
    )


def responsible_day(student_id: int, dropout_day: dt.date) -> tuple[dt.date, str]:
    """(the day whose 三包 decides who carries a dropout, how it was found): the first day of the
    absence run that ended in it; else the day the child became 疑似辍学; else the dropout day."""
    runs = [
        c.start
        for sc in student_chains(dropout_day, student_ids=[student_id])
        for c in sc.chains
        if c.start <= dropout_day
    ]
    if runs:
        start = max(runs)
        return start, f"缺勤从{start:%Y年%m月%d日}开始"
    earlier = events_between(
        None, dropout_day, kinds={EventKind.STATUS_CHANGE}, students=[student_id]
    )
    statuses = statuses_of(earlier)
    marked = [
        e.date
        for e in earlier
        if statuses.get(e.source.id) == StudentStatus.SUSPECTED_DROPOUT.value
    ]
    if marked:
        return marked[-1], f"{marked[-1]:%Y年%m月%d日}标为疑似辍学"
    return dropout_day, f"{dropout_day:%Y年%m月%d日}标为辍学"


def went_and_skipped(e: Event) -> tuple[list, list]:
    went = [t for t in e.teachers if t.role == WENT]
    went_ids = {t.id for t in went}
    skipped = [t for t in e.teachers if t.role == PLANNED and t.id not in went_ids]
    return went, skipped
