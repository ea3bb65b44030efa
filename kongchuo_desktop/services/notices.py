"""Notices issued: each one recorded with its number (per 学年 and kind), its day, its case (or
the contact of a 家访记录表) and the deadline it sets, so that the same notice is not sent twice by
accident and 首页 shows the deadline until it is met.

- A second notice of the same kind for the same case is refused with the day and number of the
  first (NoticeAlreadyIssued) unless asked for again (`again=True`: the window asks, the command
  line takes --again).
- A 劝返通知书 or 返校通知书 gives the 四步法 first stage's days (cases.stage1_days), a 限期复学通知书
  the second's (cases.stage2_days); issuing one moves the case to that stage if it is not there.
- A deadline is met when the case is closed (销号) or a later notice with a deadline replaces it;
  once passed without that it is 已逾期, with the next 四步法 step (domain.notice_text.NEXT_STEP).
- A 家访记录表 is a record, not a letter: printed again, it keeps its number.

The wording is the school's template (table notice_template) or the default text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from kongchuo_desktop import settings
from kongchuo_desktop.db.case_models import Case
from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.models import stored_day
from kongchuo_desktop.db.outreach_models import IssuedNotice, NoticeTemplate
from kongchuo_desktop.domain import cases as case_rules
from kongchuo_desktop.domain import notice_text as nt
from kongchuo_desktop.domain.notice_text import NoticeDocument, NoticeKind
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.domain.school_year import school_year_of
from kongchuo_desktop.services import audit, cases, guards
from kongchuo_desktop.services.notice_values import (
    NoticeError,
    case_facts,
    chinese_date,
    contact_facts,
    report_fields,
)

# The 四步法 stage whose days a notice's deadline takes, and that issuing it reaches.
STAGE_OF = {NoticeKind.PERSUADE: 1, NoticeKind.RETURN: 1, NoticeKind.DEADLINE: 2}


class NoticeAlreadyIssued(NoticeError):
    """The case already has a notice of this kind; `first` is it."""

    def __init__(self, first: Issued):
        self.first = first
        super().__init__(
            f"{first.person_name}的{first.kind.value}已于{chinese_date(first.issued_on)}发出"
            f"（{first.number}）。如确需再发一份，请确认后重新发出。"
        )


@dataclass(frozen=True)
class Issued:
    id: int
    kind: NoticeKind
    number: str
    issued_on: dt.date
    case_id: int | None
    contact_id: int | None
    student_id: int | None
    person_name: str
    deadline: dt.date | None
    issued_by: str


def _issued(row: IssuedNotice) -> Issued:
    return Issued(
        row.id,
        NoticeKind(row.kind),
        row.number,
        stored_day(row.issued_on),
        row.case_id,
        row.contact_id,
        row.student_id,
        row.person_name,
        stored_day(row.deadline) if row.deadline else None,
        row.issued_by,
    )


def kind_of(text: str) -> NoticeKind:
    """A kind as the command line or a clerk names it (辍学生返校通知书 = 返校通知书)."""
    word = text.strip().removeprefix("辍学生")
    try:
        return NoticeKind(word)
    except ValueError:
        names = "、".join(k.value for k in nt.CASE_KINDS)
        raise NoticeError(f"没有“{text}”这种通知书（可选：{names}）") from None


# --- templates ----------------------------------------------------------------------------------


def template_for(kind: NoticeKind) -> nt.Template:
    row = NoticeTemplate.get_or_none(NoticeTemplate.kind == kind.value)
    return nt.Template(row.title, row.body) if row else nt.DEFAULT_TEMPLATES[kind]


def is_customised(kind: NoticeKind) -> bool:
    return NoticeTemplate.select().where(NoticeTemplate.kind == kind.value).exists()


def save_template(actor: str, kind: NoticeKind, title: str, body: str) -> None:
    """The school's wording of a kind (checked: every placeholder must exist). Audited."""
    guards.school(Action.EDIT_SETTINGS)
    template = nt.Template(title.strip(), body.strip())
    try:
        nt.check_template(template)
    except nt.TemplateError as exc:
        raise NoticeError(f"{kind.value}：{exc}") from None
    with current().atomic():
        row = NoticeTemplate.get_or_none(NoticeTemplate.kind == kind.value)
        fields = dict(title=template.title, body=template.body, updated_by=actor)
        if row is None:
            audit.create(NoticeTemplate, actor, kind=kind.value, **fields)
        else:
            audit.update(row, actor, updated_at=dt.datetime.now().replace(microsecond=0), **fields)


def reset_template(actor: str, kind: NoticeKind) -> None:
    """Back to the default wording."""
    guards.school(Action.EDIT_SETTINGS)
    row = NoticeTemplate.get_or_none(NoticeTemplate.kind == kind.value)
    if row is not None:
        audit.delete(row, actor)


# --- issuing --------------------------------------------------------------------------------------


def issued_for_case(case_id: int, kind: NoticeKind | None = None) -> list[Issued]:
    q = IssuedNotice.select().where(IssuedNotice.case_id == case_id)
    if kind is not None:
        q = q.where(IssuedNotice.kind == kind.value)
    return [_issued(r) for r in q.order_by(IssuedNotice.issued_on, IssuedNotice.id)]


def _next_serial(kind: NoticeKind, school_year: str) -> int:
    last = (
        IssuedNotice.select(IssuedNotice.serial)
        .where((IssuedNotice.kind == kind.value) & (IssuedNotice.school_year == school_year))
        .order_by(IssuedNotice.serial.desc())
        .scalar()
    )
    return (last or 0) + 1


def _number(kind: NoticeKind, day: dt.date) -> tuple[str, int, str]:
    year = school_year_of(day)
    serial = _next_serial(kind, year)
    return year, serial, nt.notice_number(settings.get("notice.number_prefix"), kind, year, serial)


def _deadline(kind: NoticeKind, day: dt.date) -> dt.date | None:
    stage = STAGE_OF.get(kind)
    days = cases.stage_days().get(stage) if stage else None
    return day + dt.timedelta(days=days) if days else None


def _document(
    kind: NoticeKind, values: dict, number: str, day: dt.date, deadline: dt.date | None, fields
) -> NoticeDocument:
    filled = {**values, "编号": number, "发文日期": chinese_date(day)}
    filled["返校期限"] = chinese_date(deadline)
    return nt.build(kind, template_for(kind), filled, fields)


@dataclass(frozen=True)
class Printed:
    """A notice issued (or a 家访记录表 printed again) and its document to print."""

    notice: Issued
    document: NoticeDocument
    again: bool = False  # a second notice of its kind for the case


def issue_for_case(
    actor: str,
    case_id: int,
    kind: NoticeKind | str,
    day: dt.date,
    *,
    again: bool = False,
    write: Callable[[NoticeDocument], object] | None = None,
) -> Printed:
    """Issue a notice about a case on `day`: numbered, recorded, its deadline set. Raises
    NoticeAlreadyIssued when the case has one of this kind already, unless `again`. `write`
    (saving the PDF) runs inside the same transaction: if it fails, nothing is recorded."""
    guards.for_case(Action.EDIT_CASES, case_id)
    kind = kind if isinstance(kind, NoticeKind) else kind_of(kind)
    if kind not in nt.CASE_KINDS:
        raise NoticeError("家访记录表属于一次家访：请用家访记录打印")
    facts = case_facts(case_id)
    with current().atomic():
        earlier = issued_for_case(case_id, kind)
        if earlier and not again:
            raise NoticeAlreadyIssued(earlier[0])
        if facts.closed_on is not None and kind in nt.SETS_DEADLINE:
            raise NoticeError(
                f"{facts.person_name}的个案已于{chinese_date(facts.closed_on)}销号，不再发{kind.value}"
            )
        year, serial, number = _number(kind, day)
        deadline = _deadline(kind, day)
        fields = report_fields(facts, case_id) if kind is NoticeKind.DROPOUT_REPORT else None
        document = _document(kind, facts.values, number, day, deadline, fields)
        row = audit.create(
            IssuedNotice,
            actor,
            kind=kind.value,
            school_year=year,
            serial=serial,
            number=number,
            issued_on=day,
            case_id=case_id,
            student=facts.student_id,
            person_name=facts.person_name,
            deadline=deadline,
            text="\n\n".join(document.paragraphs),
            issued_by=actor,
        )
        stage = STAGE_OF.get(kind)
        if stage and facts.stage < stage:
            cases.enter_stage(actor, case_id, stage, day, note=f"发出{kind.value}（{number}）")
        if write is not None:
            write(document)
    return Printed(_issued(row), document, bool(earlier))


def reprint(notice_id: int) -> Printed:
    """A notice already issued, laid out again with its own number, day and deadline."""
    row = IssuedNotice.get_by_id(notice_id)
    notice = _issued(row)
    if notice.contact_id is not None:
        facts = contact_facts(notice.contact_id)
        values, fields = facts.values, facts.fields
    else:
        facts = case_facts(notice.case_id)
        values = facts.values
        fields = (
            report_fields(facts, notice.case_id)
            if notice.kind is NoticeKind.DROPOUT_REPORT
            else None
        )
    document = _document(
        notice.kind, values, notice.number, notice.issued_on, notice.deadline, fields
    )
    return Printed(notice, document)


def visit_record(
    actor: str,
    contact_id: int,
    day: dt.date,
    *,
    write: Callable[[NoticeDocument], object] | None = None,
) -> Printed:
    """The 家访记录表 of one contact: numbered the first time it is printed, the same number
    after. `write` runs inside the transaction that records it."""
    guards.for_contact(Action.ADD_CONTACTS, contact_id)
    facts = contact_facts(contact_id)
    with current().atomic():
        row = IssuedNotice.get_or_none(
            (IssuedNotice.contact_id == contact_id)
            & (IssuedNotice.kind == NoticeKind.VISIT_RECORD.value)
        )
        if row is not None:
            printed = reprint(row.id)
            if write is not None:
                write(printed.document)
            return printed
        kind = NoticeKind.VISIT_RECORD
        year, serial, number = _number(kind, facts.day)
        document = _document(kind, facts.values, number, facts.day, None, facts.fields)
        row = audit.create(
            IssuedNotice,
            actor,
            kind=kind.value,
            school_year=year,
            serial=serial,
            number=number,
            issued_on=day,
            case_id=facts.case_id,
            contact_id=contact_id,
            student=facts.student_id,
            person_name=facts.person_name,
            text="\n".join(f"{k}：{v}" for k, v in facts.fields),
            issued_by=actor,
        )
        if write is not None:
            write(document)
    return Printed(_issued(row), document)


# --- deadlines ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    notice_id: int
    kind: str
    number: str
    case_id: int
    student_id: int | None
    person_name: str
    class_name: str
    issued_on: dt.date
    deadline: dt.date
    overdue: bool
    text: str


def open_deadlines(today: dt.date) -> list[Deadline]:
    """Deadlines not met: the case still open and no later notice with a deadline for it."""
    rows = list(
        IssuedNotice.select()
        .where(IssuedNotice.deadline.is_null(False) & IssuedNotice.case_id.is_null(False))
        .order_by(IssuedNotice.issued_on, IssuedNotice.id)
    )
    latest: dict[int, IssuedNotice] = {}
    for r in rows:  # a later notice of the same or a further 四步法 step replaces the earlier
        kept = latest.get(r.case_id)
        if kept is None or STAGE_OF[NoticeKind(r.kind)] >= STAGE_OF[NoticeKind(kept.kind)]:
            latest[r.case_id] = r
    if not latest:
        return []
    open_cases = {
        c.id: c for c in Case.select().where(Case.id.in_(list(latest)) & Case.closed_on.is_null())
    }
    out = []
    for case_id, r in latest.items():
        if case_id not in open_cases:
            continue
        facts = case_facts(case_id)
        deadline = stored_day(r.deadline)
        overdue = deadline < today
        kind = NoticeKind(r.kind)
        if overdue:
            text = f"限{deadline:%m月%d日}前返校，已逾期；下一步：{nt.NEXT_STEP[kind]}"
        else:
            text = f"限{deadline:%m月%d日}前返校（{case_rules.stage_label(facts.stage)}）"
        out.append(
            Deadline(
                r.id,
                kind.value,
                r.number,
                case_id,
                r.student_id,
                r.person_name,
                facts.class_name,
                stored_day(r.issued_on),
                deadline,
                overdue,
                text,
            )
        )
    return sorted(out, key=lambda d: (not d.overdue, d.deadline))


def issued_between(first: dt.date, last: dt.date, student_ids: list[int] | None) -> list[Issued]:
    """Notices issued first … last about children on the roster (the event record's source)."""
    q = IssuedNotice.select().where(
        IssuedNotice.issued_on.between(first, last) & IssuedNotice.student.is_null(False)
    )
    if student_ids is not None:
        q = q.where(IssuedNotice.student.in_(student_ids))
    return [_issued(r) for r in q.order_by(IssuedNotice.issued_on, IssuedNotice.id)]


def all_issued() -> list[Issued]:
    """Every notice, newest first (the list of 发文记录)."""
    q = IssuedNotice.select().order_by(IssuedNotice.issued_on.desc(), IssuedNotice.id.desc())
    return [_issued(r) for r in q]
