"""Escalation counts school days of the real calendar: weekends, the National Day week, 调休."""

import datetime as dt

import pytest

from kongchuo_desktop.domain.attendance import AbsenceReason, AbsenceRecord, Period
from kongchuo_desktop.domain.escalation import (
    ActionState,
    ChildCase,
    DayKind,
    Step,
    StepRecord,
    action_state,
    add_months,
    case_steps,
    classify_day,
    done_by_status,
    due_steps,
    find_chains,
    status_change_for,
)
from kongchuo_desktop.domain.holidays import holiday_days
from kongchuo_desktop.domain.school_calendar import SchoolCalendar, TermSpan
from kongchuo_desktop.domain.student_status import StudentStatus as S
from kongchuo_desktop.services.attendance_rules import default_escalation_rules

D = dt.date
TERM = TermSpan(D(2026, 9, 1), D(2027, 1, 22))


@pytest.fixture
def calendar():
    special = {day: kind for day, kind, _ in holiday_days(2026)}
    return SchoolCalendar([TERM], special)


@pytest.fixture
def rules():
    return default_escalation_rules()


def truant(*days, period=Period.FULL):
    return [AbsenceRecord(d, AbsenceReason.TRUANT, period) for d in days]


def steps_on(calendar, rules, records, today, leave=None, status="在校", since=None):
    chains = find_chains(calendar, TERM.start, today, records, leave or {}, None, rules)
    if not chains:
        return [], None
    last = chains[-1]
    return due_steps(calendar, last, rules, today, status, since), last


def keys(steps):
    return [s.step for s in steps]


def test_defaults_are_the_domain_defaults(rules):
    assert (rules.contact_school_days, rules.report_hours) == (0, 48)
    assert (rules.written_report_days, rules.suspected_dropout_days, rules.dropout_months) == (
        3,
        5,
        1,
    )
    assert rules.unexcused_reasons == {AbsenceReason.TRUANT}
    assert rules.report_days == 2


def test_thu_fri_weekend_mon_tue_is_four_school_days_not_five(calendar, rules):
    # Thu 19, Fri 20 Nov, weekend, Mon 23, Tue 24: five calendar days by Mon, but four school days.
    absent = truant(D(2026, 11, 19), D(2026, 11, 20), D(2026, 11, 23), D(2026, 11, 24))
    steps, chain = steps_on(calendar, rules, absent[:3], D(2026, 11, 23))
    assert chain.count == 3
    assert Step.SUSPECTED_DROPOUT not in keys(steps)
    steps, chain = steps_on(calendar, rules, absent, D(2026, 11, 24))
    assert chain.count == 4
    assert keys(steps) == [Step.CONTACT, Step.REPORT, Step.WRITTEN_REPORT]
    # The fifth school day is Wednesday 25th: now 疑似辍学 is due, dated that day.
    steps, chain = steps_on(calendar, rules, [*absent, *truant(D(2026, 11, 25))], D(2026, 11, 25))
    suspected = next(s for s in steps if s.step is Step.SUSPECTED_DROPOUT)
    assert suspected.due_date == D(2026, 11, 25)
    due = {s.step: s.due_date for s in steps}
    assert due[Step.CONTACT] == D(2026, 11, 19)  # the same day
    assert due[Step.REPORT] == D(2026, 11, 20)  # 48 hours = the second school day
    assert due[Step.WRITTEN_REPORT] == D(2026, 11, 23)  # third school day, after the weekend


def test_national_day_week_and_makeup_saturday(calendar, rules):
    # Tue 29, Wed 30 Sep; 1–7 Oct holiday; Thu 8, Fri 9 Oct; Sat 10 Oct is a 调休 school day.
    assert calendar.is_school_day(D(2026, 10, 10))
    days = [D(2026, 9, 29), D(2026, 9, 30), D(2026, 10, 8), D(2026, 10, 9), D(2026, 10, 10)]
    steps, chain = steps_on(calendar, rules, truant(*days[:4]), D(2026, 10, 9))
    assert chain.count == 4 and Step.SUSPECTED_DROPOUT not in keys(steps)
    steps, chain = steps_on(calendar, rules, truant(*days), D(2026, 10, 10))
    assert chain.count == 5
    assert {s.step: s.due_date for s in steps}[Step.SUSPECTED_DROPOUT] == D(2026, 10, 10)


def test_unmarked_makeup_saturday_breaks_the_run(calendar, rules):
    # Sat 10 Oct is a school day: a child not marked absent that day was at school.
    records = truant(D(2026, 10, 8), D(2026, 10, 9), D(2026, 10, 12))
    chains = find_chains(calendar, TERM.start, D(2026, 10, 12), records, {}, None, rules)
    assert [c.count for c in chains] == [2, 1]
    assert chains[0].returned_on == D(2026, 10, 10)


def test_leave_days_do_not_count_and_do_not_reset(calendar, rules):
    # Mon–Fri 16–20 Nov absent without reason, but Wed 18 under approved leave.
    records = truant(*(D(2026, 11, d) for d in range(16, 21)))
    leave = {D(2026, 11, 18): Period.FULL}
    steps, chain = steps_on(calendar, rules, records, D(2026, 11, 20), leave=leave)
    assert chain.count == 4
    assert chain.days == (D(2026, 11, 16), D(2026, 11, 17), D(2026, 11, 19), D(2026, 11, 20))
    assert Step.SUSPECTED_DROPOUT not in keys(steps)
    # Monday 23 absent again: the fifth unexcused school day.
    steps, chain = steps_on(
        calendar, rules, [*records, *truant(D(2026, 11, 23))], D(2026, 11, 23), leave
    )
    assert {s.step: s.due_date for s in steps}[Step.SUSPECTED_DROPOUT] == D(2026, 11, 23)


def test_sick_days_are_excused(calendar, rules):
    records = [
        *truant(D(2026, 11, 16), D(2026, 11, 17)),
        AbsenceRecord(D(2026, 11, 18), AbsenceReason.SICK),
        *truant(D(2026, 11, 19)),
    ]
    _, chain = steps_on(calendar, rules, records, D(2026, 11, 19))
    assert chain.count == 3


def test_returning_closes_the_chain(calendar, rules):
    records = truant(D(2026, 11, 16), D(2026, 11, 17), D(2026, 11, 18))
    steps, chain = steps_on(calendar, rules, records, D(2026, 11, 19))
    assert chain.returned_on == D(2026, 11, 19) and not chain.is_open
    # After a ledger entry (3 days) the only step left is to close the case (销号).
    assert keys(steps) == [Step.RETURN]
    steps, chain = steps_on(calendar, rules, records[:1], D(2026, 11, 17))
    assert steps == []  # one day, back the next: nothing to do any more


def test_suspected_dropout_coming_back_is_persuaded_back(calendar, rules):
    records = truant(D(2026, 11, 16))
    steps, _ = steps_on(calendar, rules, records, D(2026, 11, 17), status="疑似辍学")
    assert keys(steps) == [Step.RETURN]


def test_half_day_unexcused_is_not_a_day_away(calendar, rules):
    records = [*truant(D(2026, 11, 16)), *truant(D(2026, 11, 17), period=Period.MORNING)]
    chains = find_chains(calendar, TERM.start, D(2026, 11, 17), records, {}, None, rules)
    assert chains[-1].returned_on == D(2026, 11, 17)


def test_unreported_days_neither_count_nor_reset(calendar, rules):
    records = truant(D(2026, 11, 16), D(2026, 11, 18))
    reported = {D(2026, 11, 16), D(2026, 11, 18)}  # Tue 17 never reported
    chains = find_chains(calendar, TERM.start, D(2026, 11, 18), records, {}, reported, rules)
    assert len(chains) == 1 and chains[0].count == 2 and chains[0].is_open


def test_dropout_after_a_month_as_suspected(calendar, rules):
    days = calendar.school_days_between(D(2026, 10, 12), D(2026, 11, 20))
    records = truant(*days)
    steps, _ = steps_on(
        calendar, rules, records, D(2026, 11, 13), status="疑似辍学", since=D(2026, 10, 16)
    )
    assert Step.DROPOUT not in keys(steps)
    steps, _ = steps_on(
        calendar, rules, records, D(2026, 11, 20), status="疑似辍学", since=D(2026, 10, 16)
    )
    assert {s.step: s.due_date for s in steps}[Step.DROPOUT] == D(2026, 11, 16)


def test_back_after_suspected_dropout_then_away_again_is_a_new_chain(calendar, rules):
    from kongchuo_desktop.domain.escalation import student_steps

    # 疑似辍学 on Fri 16 Oct, back on Mon 19, away one day on Tue 27 Oct, away again on 23 Nov.
    records = truant(*calendar.school_days_between(D(2026, 10, 12), D(2026, 10, 16)))
    records += truant(D(2026, 10, 27), D(2026, 11, 23))
    today = D(2026, 11, 23)
    chains = find_chains(calendar, TERM.start, today, records, {}, None, rules)
    steps = student_steps(calendar, chains, rules, today, "疑似辍学", D(2026, 10, 16))
    # The 销号 of the first run is still listed; the new run starts from contact; no 辍学.
    assert [(s.step, s.chain_start) for s in steps] == [
        (Step.RETURN, D(2026, 10, 12)),
        (Step.CONTACT, D(2026, 11, 23)),
    ]


def test_thresholds_are_settings(calendar, rules):
    from dataclasses import replace

    seven = replace(rules, suspected_dropout_days=7, contact_school_days=1)
    records = truant(*(D(2026, 11, d) for d in (16, 17, 18, 19, 20)))
    steps, _ = steps_on(calendar, seven, records, D(2026, 11, 20))
    assert Step.SUSPECTED_DROPOUT not in keys(steps)
    assert {s.step: s.due_date for s in steps}[Step.CONTACT] == D(2026, 11, 17)


def test_classify_day_and_states():
    unexcused = frozenset({AbsenceReason.TRUANT})
    late = [AbsenceRecord(D(2026, 11, 16), AbsenceReason.LATE)]
    assert classify_day(late, None, True, unexcused) is DayKind.PRESENT
    assert classify_day([], None, False, unexcused) is DayKind.UNKNOWN
    assert classify_day([], Period.FULL, False, unexcused) is DayKind.EXCUSED
    morning_sick = [
        AbsenceRecord(D(2026, 11, 16), AbsenceReason.SICK, Period.MORNING),
        AbsenceRecord(D(2026, 11, 16), AbsenceReason.TRUANT, Period.AFTERNOON),
    ]
    assert classify_day(morning_sick, None, True, unexcused) is DayKind.EXCUSED
    today = D(2026, 11, 28)
    assert action_state(today, today, False) is ActionState.DUE
    assert action_state(D(2026, 11, 27), today, False) is ActionState.OVERDUE
    assert action_state(D(2026, 11, 27), today, True) is ActionState.DONE
    assert add_months(D(2027, 1, 31), 1) == D(2027, 2, 28)


def test_closing_the_case_changes_the_status_only_of_a_child_marked_away():
    assert status_change_for(Step.RETURN, S.SUSPECTED_DROPOUT) is S.PERSUADED_BACK
    assert status_change_for(Step.RETURN, S.DROPOUT) is S.PERSUADED_BACK
    assert status_change_for(Step.RETURN, S.IN_SCHOOL) is None  # back before being marked
    assert status_change_for(Step.SUSPECTED_DROPOUT, S.IN_SCHOOL) is S.SUSPECTED_DROPOUT
    assert status_change_for(Step.CONTACT, S.IN_SCHOOL) is None


def test_a_status_set_by_hand_counts_as_the_step_done():
    assert done_by_status(Step.SUSPECTED_DROPOUT, S.DROPOUT)
    assert done_by_status(Step.DROPOUT, S.DROPOUT)
    assert not done_by_status(Step.DROPOUT, S.SUSPECTED_DROPOUT)
    assert not done_by_status(Step.CONTACT, S.DROPOUT)


def test_the_dashboard_lists_each_child_s_steps_once_with_their_state(calendar, rules):
    """What 首页 shows on Mon 23 Nov, worked out from the facts of four children at once."""
    today = D(2026, 11, 23)

    def chains_of(records):
        return tuple(find_chains(calendar, TERM.start, today, records, {}, None, rules))

    # 张三 away since Thu 19 Nov; the class head has phoned the family already.
    called = ChildCase(
        1,
        "张三",
        "三年级1班",
        S.IN_SCHOOL,
        chains_of(truant(D(2026, 11, 19), D(2026, 11, 20), D(2026, 11, 23))),
        done=(StepRecord(D(2026, 11, 19), Step.CONTACT, "王老师", "已电话联系"),),
    )
    # 李四 away since 12 Oct, marked 疑似辍学 on the fifth day (16 Oct): 辍学 was due on 16 Nov.
    suspected = ChildCase(
        2,
        "李四",
        "八年级2班",
        S.SUSPECTED_DROPOUT,
        chains_of(truant(*calendar.school_days_between(D(2026, 10, 12), today))),
        suspected_since=D(2026, 10, 16),
    )
    # 王五 away 9–11 Nov (a ledger entry), back on Thu 12: the case waits to be closed (销号).
    returned = ChildCase(
        3,
        "王五",
        "五年级1班",
        S.IN_SCHOOL,
        chains_of(truant(D(2026, 11, 9), D(2026, 11, 10), D(2026, 11, 11))),
    )
    # 赵六 is 辍学: the 劝返 ledger's, no longer the dashboard's.
    dropped = ChildCase(4, "赵六", "八年级2班", S.DROPOUT, chains_of(truant(D(2026, 11, 23))))
    cases = [called, suspected, returned, dropped]

    shown = case_steps(calendar, cases, rules, today)
    assert [(s.student_id, s.due.step, s.due.due_date, s.state) for s in shown] == [
        (2, Step.CONTACT, D(2026, 10, 12), ActionState.OVERDUE),
        (2, Step.REPORT, D(2026, 10, 13), ActionState.OVERDUE),
        (2, Step.WRITTEN_REPORT, D(2026, 10, 14), ActionState.OVERDUE),
        (3, Step.RETURN, D(2026, 11, 12), ActionState.OVERDUE),
        (2, Step.DROPOUT, D(2026, 11, 16), ActionState.OVERDUE),
        (1, Step.REPORT, D(2026, 11, 20), ActionState.OVERDUE),
        (1, Step.WRITTEN_REPORT, D(2026, 11, 23), ActionState.DUE),
    ]
    assert all(s.record is None for s in shown)

    # With the done steps: 张三's call with who made it; 李四's 疑似辍学, done by the 学籍 itself.
    every = case_steps(calendar, cases, rules, today, include_done=True)
    done = [s for s in every if s.state is ActionState.DONE]
    assert [(s.student_id, s.due.step) for s in done] == [
        (2, Step.SUSPECTED_DROPOUT),
        (1, Step.CONTACT),
    ]
    assert done[0].record is None
    assert (done[1].record.done_by, done[1].record.note) == ("王老师", "已电话联系")


def test_children_due_the_same_day_are_listed_by_class_then_name(calendar, rules):
    today = D(2026, 11, 16)
    chains = tuple(find_chains(calendar, TERM.start, today, truant(today), {}, None, rules))
    cases = [
        ChildCase(1, "王二", "二年级1班", S.IN_SCHOOL, chains),
        ChildCase(2, "王一", "二年级1班", S.IN_SCHOOL, chains),
        ChildCase(3, "王二", "一年级1班", S.IN_SCHOOL, chains),
        ChildCase(4, "王一", "二年级1班", S.IN_SCHOOL, chains),  # a namesake keeps its place
    ]
    shown = case_steps(calendar, cases, rules, today)
    assert [s.student_id for s in shown] == [3, 2, 4, 1]
