"""The escalation ledger (控辍保学台账): each child's runs of unexcused absence this term, the steps
they have reached with their state (done / due today / overdue), and marking a step done.

The rules (which steps, when due, what a step done changes in the 学籍) are domain.escalation with
the school's settings (services.attendance_rules); the person who must act is
services.responsibility's. Every write goes through services.audit with an explicit actor.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import peewee as pw

from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.models import (
    Absence,
    AttendanceReport,
    EscalationAction,
    SchoolClass,
    StatusChange,
    Student,
    stored_day,
)
from kongchuo_desktop.domain import escalation as esc
from kongchuo_desktop.domain import pending_leave
from kongchuo_desktop.domain.attendance import AbsenceReason, AbsenceRecord, Period
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.domain.school_calendar import SchoolCalendar
from kongchuo_desktop.domain.student_status import StudentStatus
from kongchuo_desktop.services import attendance_rules, audit, guards, membership
from kongchuo_desktop.services.attendance.headcount import reported_days
from kongchuo_desktop.services.attendance.leave import leave_periods_by_student
from kongchuo_desktop.services.calendar_service import load_calendar, term_containing
from kongchuo_desktop.services.responsibility import (
    Responsibility,
    person_for_step,
    responsible_for,
    step_roles,
)
from kongchuo_desktop.services.student_status import change_status


@dataclass(frozen=True)
class ActionItem:
    student_id: int
    student_name: str
    class_id: int | None
    class_name: str
    step: esc.Step
    label: str
    chain_start: dt.date
    due_date: dt.date
    state: esc.ActionState
    absent_days: int
    responsible: str  # who must act on this step (escalation.role_*: 包保教师, 教务处 …)
    responsible_id: int | None
    status: str
    done_by: str = ""
    note: str = ""


@dataclass
class StudentChains:
    student: Student
    chains: list[esc.AbsenceChain]

    @property
    def last(self) -> esc.AbsenceChain | None:
        return self.chains[-1] if self.chains else None


def term_bounds(today: dt.date) -> tuple[dt.date, dt.date] | None:
    """This term so far: its first day to `today` (None: `today` is in no term)."""
    term = term_containing(today)
    if term is None:
        return None
    return term.start_date, min(today, term.end_date)


def student_chains(
    today: dt.date,
    calendar: SchoolCalendar | None = None,
    rules: esc.EscalationRules | None = None,
    student_ids: Iterable[int] | None = None,
) -> list[StudentChains]:
    """The runs of unexcused absence this term, for every student who has one (or is 疑似辍学)."""
    calendar = calendar or load_calendar()
    rules = rules or attendance_rules.escalation_rules()
    bounds = term_bounds(today)
    if bounds is None:
        return []
    first, last = bounds
    unexcused = [r.value for r in rules.unexcused_reasons]
    if student_ids is None:
        ids = {
            sid
            for (sid,) in Absence.select(Absence.student)
            .where(
                (
                    Absence.reason.in_(unexcused)
                    | (Absence.note == pending_leave.PENDING_FORM_NOTE)  # 待补请假单
                )
                & Absence.date.between(first, last)
            )
            .distinct()
            .tuples()
        }
        ids |= {
            sid
            for (sid,) in Student.select(Student.id)
            .where(Student.status == StudentStatus.SUSPECTED_DROPOUT.value)
            .tuples()
        }
    else:
        ids = set(student_ids)
    if not ids:
        return []
    students = {s.id: s for s in Student.select().where(Student.id.in_(list(ids)))}
    records: dict[int, list[AbsenceRecord]] = defaultdict(list)
    for sid, d, reason, period, note in (
        Absence.select(Absence.student, Absence.date, Absence.reason, Absence.period, Absence.note)
        .where(Absence.student.in_(list(ids)) & Absence.date.between(first, last))
        .tuples()
    ):
        records[sid].append(
            AbsenceRecord(stored_day(d), AbsenceReason(reason), Period(period), note or "")
        )
    grace = attendance_rules.pending_leave_form_days()
    for sid, rows in records.items():  # 待补请假单: excused for a few school days, then not
        records[sid] = pending_leave.as_the_escalation_sees_them(
            rows, last, calendar, grace, rules.unexcused_reasons
        )
    # A day counts as reported when the class the child was in that day reported it.
    spells = membership.memberships(list(ids))
    class_ids = {s.school_class_id for s in students.values() if s.school_class_id}
    class_ids |= {m.class_id for rows in spells.values() for m in rows}
    reported: dict[int, set[dt.date]] = defaultdict(set)
    for cid, d in (
        AttendanceReport.select(AttendanceReport.school_class, AttendanceReport.date)
        .where(
            AttendanceReport.school_class.in_(list(class_ids))
            & AttendanceReport.date.between(first, last)
        )
        .tuples()
    ):
        reported[cid].add(stored_day(d))
    leave = leave_periods_by_student(first, last, calendar, student_ids=ids)
    out = []
    for sid in sorted(ids):
        s = students.get(sid)
        if s is None:
            continue
        chains = esc.find_chains(
            calendar,
            first,
            last,
            records.get(sid, []),
            {d: p for d, (p, _) in leave.get(sid, {}).items()},
            reported_days(spells.get(sid), s.school_class_id, reported),
            rules,
        )
        if chains:
            out.append(StudentChains(s, chains))
    return out


def _suspected_since(student_ids: Iterable[int]) -> dict[int, dt.date]:
    out: dict[int, dt.date] = {}
    for sid, d in (
        StatusChange.select(StatusChange.student, StatusChange.date)
        .where(
            StatusChange.student.in_(list(student_ids))
            & (StatusChange.status == StudentStatus.SUSPECTED_DROPOUT.value)
            & StatusChange.withdrawn_at.is_null()
        )
        .order_by(StatusChange.date, StatusChange.id)
        .tuples()
    ):
        out[sid] = stored_day(d)
    return out


def escalation_items(
    today: dt.date,
    calendar: SchoolCalendar | None = None,
    rules: esc.EscalationRules | None = None,
    include_done: bool = False,
    student_ids: Iterable[int] | None = None,
    chains: list[StudentChains] | None = None,
) -> list[ActionItem]:
    """Every escalation step reached by `today` on each student's runs of absence, with its state
    (done / due today / overdue), sorted by due date: the steps of the run still open, and the
    销号 of a run that ended (stays listed until done, even when the child is away again).
    `chains`: student_chains() already computed by the caller for the same day and rules.

    The facts are read in one pass (_ledger_facts), handed to domain.escalation.case_steps once,
    and its answer is turned into rows."""
    calendar = calendar or load_calendar()
    rules = rules or attendance_rules.escalation_rules()
    all_chains = (
        chains if chains is not None else student_chains(today, calendar, rules, student_ids)
    )
    if not all_chains:
        return []
    facts = _ledger_facts(all_chains, today)
    steps = esc.case_steps(calendar, facts.cases.values(), rules, today, include_done)
    return [_action_item(step, facts) for step in steps]


@dataclass(frozen=True)
class _LedgerFacts:
    cases: dict[int, esc.ChildCase]  # student → what the domain works the steps out from
    class_ids: dict[int, int | None]  # student → the class named on the row
    who: dict[int, Responsibility]  # student → who is responsible now
    roles: dict[esc.Step, str]  # step → the role that must act (settings)


_STEP_VALUES = frozenset(s.value for s in esc.Step)


def _ledger_facts(all_chains: list[StudentChains], today: dt.date) -> _LedgerFacts:
    """Everything the steps of `all_chains` are worked out from, read from the database at once:
    since when each child is 疑似辍学, the steps the ledger records as done, the child's class
    (today's, as the row shows it) and who is responsible for the child today."""
    ids = [c.student.id for c in all_chains]
    since = _suspected_since(ids)
    done: dict[int, list[esc.StepRecord]] = defaultdict(list)
    for a in done_steps(ids):
        if a.step in _STEP_VALUES:  # an unknown step (a later version's) matches no step
            done[a.student_id].append(
                esc.StepRecord(stored_day(a.chain_start), esc.Step(a.step), a.done_by, a.note)
            )
    classes = {
        c.id: c
        for c in SchoolClass.select().where(
            SchoolClass.id.in_(list({sc.student.school_class_id for sc in all_chains}))
        )
    }
    cases, class_ids = {}, {}
    for sc in all_chains:
        s = sc.student
        cls = classes.get(s.school_class_id)
        class_ids[s.id] = cls.id if cls else None
        cases[s.id] = esc.ChildCase(
            student_id=s.id,
            name=s.name,
            class_name=cls.name if cls else "",
            status=s.status,
            chains=tuple(sc.chains),
            suspected_since=since.get(s.id),
            done=tuple(done[s.id]),
        )
    return _LedgerFacts(cases, class_ids, responsible_for(ids, today), step_roles())


def done_steps(student_ids: Iterable[int] | None = None):
    """The steps recorded as done (of `student_ids`; None: everyone's), leaving out a step whose
    学籍变动 was withdrawn (撤销): it is due again, as though never marked."""
    q = (
        EscalationAction.select()
        .join(
            StatusChange,
            pw.JOIN.LEFT_OUTER,
            on=(EscalationAction.status_change == StatusChange.id),
        )
        .where(EscalationAction.done_at.is_null(False) & StatusChange.withdrawn_at.is_null())
    )
    if student_ids is not None:
        q = q.where(EscalationAction.student.in_(list(student_ids)))
    return q


def _action_item(step: esc.CaseStep, facts: _LedgerFacts) -> ActionItem:
    case = facts.cases[step.student_id]
    who = facts.who[step.student_id]
    person, name = person_for_step(who, step.due.step, facts.roles)
    return ActionItem(
        student_id=case.student_id,
        student_name=case.name,
        class_id=facts.class_ids[case.student_id],
        class_name=case.class_name,
        step=step.due.step,
        label=step.due.label,
        chain_start=step.due.chain_start,
        due_date=step.due.due_date,
        state=step.state,
        absent_days=step.due.absent_days,
        responsible=name,
        responsible_id=person.id if person else None,
        status=case.status,
        done_by=step.record.done_by if step.record else "",
        note=step.record.note if step.record else "",
    )


def mark_done(
    actor: str,
    item: ActionItem,
    note: str = "",
    day: dt.date | None = None,
) -> EscalationAction:
    """Record that a step was done. For 疑似辍学 / 辍学 / 劝返复学 this also writes the 学籍变动
    (the caller has asked the clerk to confirm), and the step names it: withdrawing that change
    (student_status.undo_status_change) reopens the step."""
    guards.for_student(Action.EDIT_CASES, item.student_id, day)
    day = day or dt.date.today()
    with current().atomic():
        student = Student.get_by_id(item.student_id)
        new_status = esc.status_change_for(item.step, student.status)
        change = None
        if new_status:
            reason = {
                esc.Step.SUSPECTED_DROPOUT: f"自{item.chain_start:%m月%d日}起连续无故缺席"
                f"{item.absent_days}个上学日",
                esc.Step.DROPOUT: f"疑似辍学满期未返校（自{item.chain_start:%m月%d日}起缺席）",
                esc.Step.RETURN: "经劝返已返校",
            }[item.step]
            with guards.part_of_allowed_step():  # the 学籍变动 the step itself records
                change = change_status(
                    actor, student, new_status, day, reason, approved_by="", today=day
                )
        existing = EscalationAction.get_or_none(
            (EscalationAction.student == item.student_id)
            & (EscalationAction.chain_start == item.chain_start)
            & (EscalationAction.step == item.step.value)
        )
        fields = dict(
            due_date=item.due_date,
            responsible=item.responsible_id,
            done_at=dt.datetime.now().replace(microsecond=0),
            done_by=actor,
            note=note.strip(),
            status_change=change,
        )
        if existing is None:
            return audit.create(
                EscalationAction,
                actor,
                student=item.student_id,
                chain_start=item.chain_start,
                step=item.step.value,
                **fields,
            )
        return audit.update(existing, actor, **fields)
