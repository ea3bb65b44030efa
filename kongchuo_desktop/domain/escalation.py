"""Escalation of unexcused absence (无故缺席), counted in school days, in plain Python.

The school's rules (DOMAIN.md; each number a setting): the same day the 班主任 contacts the family;
after 48 hours without leave the school reports to the township and the bureau; after 3 school days
a written report and a ledger (台账) entry; after 5 school days the child is marked 疑似辍学;
疑似辍学 for a month without return becomes 辍学; coming back closes the chain (销号, 劝返复学).

How days count: only school days of the calendar (weekends, holidays, vacations are skipped).
A school day is *unexcused* when the child missed the whole day without leave; *excused* days
(病假, 事假, approved leave) neither count nor break the run; a day the class did not report is
unknown and does neither either; any day the child was at school (even half a day, or late)
ends the run.

A caller gathers each child's facts (ChildCase: status, runs, 疑似辍学 date, steps done) and asks
`case_steps` once for every step reached, with its state, in the dashboard's order.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from kongchuo_desktop.domain.attendance import PRESENT_REASONS, AbsenceReason, AbsenceRecord, Period
from kongchuo_desktop.domain.school_calendar import SchoolCalendar
from kongchuo_desktop.domain.student_status import ON_ROLL, StudentStatus


@dataclass(frozen=True)
class EscalationRules:
    contact_school_days: int  # contact the family within N school days (0 = the same day)
    report_hours: int  # report to township and bureau after this many hours away
    written_report_days: int  # written report + ledger entry after N unexcused school days
    suspected_dropout_days: int  # mark 疑似辍学 after N unexcused school days
    dropout_months: int  # 疑似辍学 this many months without return → 辍学
    unexcused_reasons: frozenset[AbsenceReason]  # reasons that count as 无故缺席

    @property
    def report_days(self) -> int:
        """48 hours → 2 school days away."""
        return max(1, math.ceil(self.report_hours / 24))


class Step(StrEnum):
    CONTACT = "contact"
    REPORT = "report"
    WRITTEN_REPORT = "written_report"
    SUSPECTED_DROPOUT = "suspected_dropout"
    DROPOUT = "dropout"
    RETURN = "return"


# Without the school's rules (a step done in the past, whose rules may have changed since).
STEP_LABELS = {
    Step.CONTACT: "联系家长",
    Step.REPORT: "报告乡镇政府和教育局",
    Step.WRITTEN_REPORT: "书面报告教育局，建立台账",
    Step.SUSPECTED_DROPOUT: "学籍标记为疑似辍学",
    Step.DROPOUT: "疑似辍学满期未返校，标记为辍学",
    Step.RETURN: "已返校：台账销号（疑似辍学的改为劝返复学）",
}


def step_label(step: Step, rules: EscalationRules) -> str:
    """The step as the clerk reads it, with the school's numbers: "联系家长（2天内）"."""
    days = {
        Step.WRITTEN_REPORT: rules.written_report_days,
        Step.SUSPECTED_DROPOUT: rules.suspected_dropout_days,
    }
    if step is Step.CONTACT:
        n = rules.contact_school_days
        return "联系家长（当天）" if n == 0 else f"联系家长（{n}天内）"
    if step is Step.REPORT:
        return f"{STEP_LABELS[step]}（缺席满{rules.report_hours}小时）"
    if step in days:
        return f"{STEP_LABELS[step]}（连续{days[step]}天）"
    if step is Step.DROPOUT:
        return f"疑似辍学满{rules.dropout_months}个月未返校，标记为辍学"
    return STEP_LABELS[step]


# Steps that change the 学籍 when done (after the clerk confirms).
STATUS_FOR_STEP = {
    Step.SUSPECTED_DROPOUT: StudentStatus.SUSPECTED_DROPOUT,
    Step.DROPOUT: StudentStatus.DROPOUT,
    Step.RETURN: StudentStatus.PERSUADED_BACK,
}
# Marked as (or beyond) 疑似辍学: 销号 for such a child is a 学籍变动 to 劝返复学.
MARKED_AWAY = frozenset({StudentStatus.SUSPECTED_DROPOUT, StudentStatus.DROPOUT})


def status_change_for(step: Step, status: str) -> StudentStatus | None:
    """The 学籍变动 that marking `step` done writes for a child now `status`, or None. 销号 of a
    child who came back before being marked 疑似辍学 only closes the ledger entry."""
    if step is Step.RETURN and status not in MARKED_AWAY:
        return None
    return STATUS_FOR_STEP.get(step)


def done_by_status(step: Step, status: str) -> bool:
    """The step is done already because the 学籍 says so (marked 疑似辍学 or 辍学 by hand)."""
    if step is Step.SUSPECTED_DROPOUT:
        return status in MARKED_AWAY
    if step is Step.DROPOUT:
        return status == StudentStatus.DROPOUT
    return False


class DayKind(StrEnum):
    UNEXCUSED = "无故缺席"
    EXCUSED = "请假"
    PRESENT = "到校"
    UNKNOWN = "未上报"


class ActionState(StrEnum):
    DONE = "已完成"
    DUE = "今日办理"
    OVERDUE = "已逾期"
    UPCOMING = "未到期"


def classify_day(
    records: Iterable[AbsenceRecord],
    leave: Period | None,
    reported: bool,
    unexcused_reasons: frozenset[AbsenceReason],
) -> DayKind:
    """What one school day means for the run of unexcused absences."""
    unexcused: set[Period] = set()
    covered: set[Period] = set()
    any_record = False
    for r in records:
        any_record = True
        if r.reason in PRESENT_REASONS:
            continue
        halves = _halves(r.period)
        covered |= halves
        if r.reason in unexcused_reasons:
            unexcused |= halves
    if leave is not None:
        covered |= _halves(leave)
        unexcused -= _halves(leave)
    if unexcused == {Period.MORNING, Period.AFTERNOON}:
        return DayKind.UNEXCUSED
    if covered == {Period.MORNING, Period.AFTERNOON}:
        return DayKind.EXCUSED
    if not reported and not any_record and leave is None:
        return DayKind.UNKNOWN
    return DayKind.PRESENT


def _halves(period: Period | str) -> set[Period]:
    p = Period(period)
    return {Period.MORNING, Period.AFTERNOON} if p is Period.FULL else {p}


@dataclass(frozen=True)
class AbsenceChain:
    """A run of unexcused school days; `returned_on` is the first day back (None: still away);
    `present_before` the last school day the child was at school before the run (None: not
    since the start of the days looked at)."""

    days: tuple[dt.date, ...]
    returned_on: dt.date | None = None
    present_before: dt.date | None = None

    @property
    def start(self) -> dt.date:
        return self.days[0]

    @property
    def count(self) -> int:
        return len(self.days)

    @property
    def is_open(self) -> bool:
        return self.returned_on is None

    def away_through(self, day: dt.date) -> bool:
        """True when the child was away (not at school) on `day`'s side of this run: not back at
        school between `day` and the run's start, and the run had not ended before `day`."""
        not_back = self.present_before is None or self.present_before < day
        return not_back and (self.returned_on is None or self.returned_on >= day)


def find_chains(
    calendar: SchoolCalendar,
    first: dt.date,
    last: dt.date,
    records: Iterable[AbsenceRecord],
    leave: Mapping[dt.date, Period],
    reported_days: set[dt.date] | None,
    rules: EscalationRules,
) -> list[AbsenceChain]:
    """Every run of unexcused absence between `first` and `last` (school days only)."""
    by_day: dict[dt.date, list[AbsenceRecord]] = {}
    for r in records:
        by_day.setdefault(r.date, []).append(r)
    chains: list[AbsenceChain] = []
    run: list[dt.date] = []
    present: dt.date | None = None  # the last day at school before the current run
    for day in calendar.school_days_between(first, last):
        reported = reported_days is None or day in reported_days
        kind = classify_day(by_day.get(day, ()), leave.get(day), reported, rules.unexcused_reasons)
        if kind is DayKind.UNEXCUSED:
            run.append(day)
        elif kind is DayKind.PRESENT:
            if run:
                chains.append(AbsenceChain(tuple(run), returned_on=day, present_before=present))
                run = []
            present = day
    if run:
        chains.append(AbsenceChain(tuple(run), present_before=present))
    return chains


@dataclass(frozen=True)
class DueStep:
    step: Step
    chain_start: dt.date
    due_date: dt.date
    absent_days: int  # unexcused school days in the chain
    label: str = ""  # step_label with the rules it was reached under

    def __post_init__(self) -> None:
        if not self.label:
            object.__setattr__(self, "label", STEP_LABELS[self.step])


def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(d, day.day))
        except ValueError:
            continue
    raise ValueError(day)


def due_steps(
    calendar: SchoolCalendar,
    chain: AbsenceChain,
    rules: EscalationRules,
    today: dt.date,
    status: str = StudentStatus.IN_SCHOOL,
    suspected_since: dt.date | None = None,
) -> list[DueStep]:
    """The steps this chain has reached by `today` (done or not: the caller knows which are done).

    `status` is the child's 学籍 status now; `suspected_since` the date it became 疑似辍学.
    An open run lists the steps from 联系家长 on; a closed run lists 销号 when it opened a ledger
    entry or the child was 疑似辍学 during it. 辍学 counts the month only while the child has not
    been back: a child who returned and is away again starts a new chain (and, if that run is long
    enough to be 疑似辍学 again, the month counts from its own 疑似辍学 day)."""
    out: list[DueStep] = []
    n = chain.count

    def label(step: Step) -> str:
        return step_label(step, rules)

    if chain.is_open:
        contact_due = calendar.nth_school_day_after(chain.start, rules.contact_school_days)
        out.append(DueStep(Step.CONTACT, chain.start, contact_due, n, label(Step.CONTACT)))
        for step, threshold in (
            (Step.REPORT, rules.report_days),
            (Step.WRITTEN_REPORT, rules.written_report_days),
            (Step.SUSPECTED_DROPOUT, rules.suspected_dropout_days),
        ):
            if n >= threshold:
                out.append(DueStep(step, chain.start, chain.days[threshold - 1], n, label(step)))
        suspected = _suspected_from(chain, rules, status, suspected_since)
        if suspected is not None:
            due = add_months(suspected, rules.dropout_months)
            if due <= today:
                out.append(DueStep(Step.DROPOUT, chain.start, due, n, label(Step.DROPOUT)))
    elif n >= rules.written_report_days or (
        status == StudentStatus.SUSPECTED_DROPOUT
        and (suspected_since is None or chain.away_through(suspected_since))
    ):
        # Back at school after a ledger entry (or as a suspected dropout): close the case.
        assert chain.returned_on is not None
        out.append(DueStep(Step.RETURN, chain.start, chain.returned_on, n, label(Step.RETURN)))
    return out


def _suspected_from(
    chain: AbsenceChain, rules: EscalationRules, status: str, since: dt.date | None
) -> dt.date | None:
    """From when the 辍学 month counts for this open run (None: it does not)."""
    if status != StudentStatus.SUSPECTED_DROPOUT:
        return None
    if since is not None and chain.away_through(since):
        return since  # away ever since being marked 疑似辍学
    if chain.count >= rules.suspected_dropout_days:
        return chain.days[rules.suspected_dropout_days - 1]  # back once, then away again as long
    return None


def student_steps(
    calendar: SchoolCalendar,
    chains: Iterable[AbsenceChain],
    rules: EscalationRules,
    today: dt.date,
    status: str = StudentStatus.IN_SCHOOL,
    suspected_since: dt.date | None = None,
) -> list[DueStep]:
    """The steps of all of one child's runs: a 销号 reached on an earlier run stays listed (the
    caller drops the done ones) when a new run starts, and the new run starts from 联系家长."""
    out: list[DueStep] = []
    for chain in chains:
        out.extend(due_steps(calendar, chain, rules, today, status, suspected_since))
    return out


def action_state(due_date: dt.date, today: dt.date, done: bool) -> ActionState:
    if done:
        return ActionState.DONE
    if due_date > today:
        return ActionState.UPCOMING
    return ActionState.DUE if due_date == today else ActionState.OVERDUE


@dataclass(frozen=True)
class StepRecord:
    """A step the ledger (台账) records as done on a run: by whom, with what note."""

    chain_start: dt.date
    step: Step
    done_by: str = ""
    note: str = ""


@dataclass(frozen=True)
class ChildCase:
    """Everything one child's escalation is worked out from, gathered by the caller in one pass:
    the 学籍 status now, the runs of unexcused absence, since when the child is 疑似辍学 (None:
    not marked, or not known), and the steps the ledger records as done."""

    student_id: int
    name: str
    class_name: str
    status: str
    chains: tuple[AbsenceChain, ...]
    suspected_since: dt.date | None = None
    done: tuple[StepRecord, ...] = ()


@dataclass(frozen=True)
class CaseStep:
    """One step a child's runs have reached, with its state; `record` is the ledger's entry when
    it was marked done (None for a step done by the 学籍 alone, or not done)."""

    student_id: int
    due: DueStep
    state: ActionState
    record: StepRecord | None = None


def case_steps(
    calendar: SchoolCalendar,
    cases: Iterable[ChildCase],
    rules: EscalationRules,
    today: dt.date,
    include_done: bool = False,
) -> list[CaseStep]:
    """Every step the children's runs have reached by `today`, with its state, in the order the
    dashboard lists them: by due date, class, name, then the order of the steps (children of the
    same class and name keep the order of `cases`).

    A child no longer on the roll (辍学, 休学, 转出 …) is left out: no longer a head-count case
    (辍学 belongs to the 劝返 ledger). A step is done when the ledger records it or the 学籍 says
    so (marked 疑似辍学 or 辍学 by hand); done steps are left out unless `include_done`."""
    out: list[tuple[ChildCase, CaseStep]] = []
    for case in cases:
        if case.status not in ON_ROLL:
            continue
        records = {(r.chain_start, r.step): r for r in case.done}
        steps = student_steps(
            calendar, case.chains, rules, today, case.status, case.suspected_since
        )
        for due in steps:
            record = records.get((due.chain_start, due.step))
            done = record is not None or done_by_status(due.step, case.status)
            state = action_state(due.due_date, today, done)
            if state is ActionState.DONE and not include_done:
                continue
            out.append((case, CaseStep(case.student_id, due, state, record)))
    order = list(Step)
    out.sort(
        key=lambda t: (t[1].due.due_date, t[0].class_name, t[0].name, order.index(t[1].due.step))
    )
    return [step for _, step in out]
