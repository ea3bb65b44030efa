"""The principal's review (校长审阅): each month's facts as of its cut-off day, for the month reviewed
and the months before it in its school year — counted from the event record and the services that
already count them (the month report's figures, the head-count statistics, the 包保 on a day, the
送教上门 plan), never from a screen. The shaping into charts is domain/month_review.py.

    r = review(2026, 11)                 # the Review: charts, summary, table
    sign(2026, 11, "李校长", day)         # report_filing.sign: only a 校长 account (or the system)
"""

from __future__ import annotations

import dataclasses as dc
import datetime as dt
from collections import defaultdict

from kongchuo_desktop import settings
from kongchuo_desktop.db.models import School, Teacher, stored_day
from kongchuo_desktop.domain import home_teaching as ht_rules
from kongchuo_desktop.domain import month_review as rules
from kongchuo_desktop.domain.attendance import PRESENT_REASONS
from kongchuo_desktop.domain.month_figures import ENROLLED, TOTAL, attendance_rate
from kongchuo_desktop.domain.month_period import ReportPeriod
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.domain.student_status import StudentStatus as S
from kongchuo_desktop.services import (
    guards,
    home_teaching,
    membership,
    month_report,
    month_sources,
    report_filing,
)
from kongchuo_desktop.services.attendance.statistics import class_rates
from kongchuo_desktop.services.events import EventKind, events_between
from kongchuo_desktop.services.sanbao_resolver import AssignmentBook

_OPEN = (EventKind.CASE_OPENED, EventKind.CASE_REOPENED)
_CASE_KINDS = (*_OPEN, EventKind.CASE_CLOSED)


def months_of(year: int, month: int, count: int = rules.MONTHS_SHOWN) -> list[tuple[int, int]]:
    """The month and up to `count` − 1 before it whose period reaches into its school year."""
    p = month_report.period(year, month)
    start = membership.year_start(month_sources.school_year_for(p.last))
    out = [(year, month)]
    y, m = year, month
    while len(out) < count:
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
        if month_report.period(y, m).last < start:
            break
        out.insert(0, (y, m))
    return out


def review(year: int, month: int, today: dt.date | None = None) -> rules.Review:
    # The whole school's month: an account that reads only some classes would get figures that
    # look like the school's and are not.
    guards.school(Action.READ, "校长审阅按全校统计")
    today = today or dt.date.today()
    book = assignment_book()  # read once for every month compared
    months = [facts(y, m, today, book) for y, m in months_of(year, month)]
    return rules.review(f"{year:04d}-{month:02d}", f"{year}年{month}月", months)


def assignment_book() -> AssignmentBook:
    """Every 三包 assignment, read at once (no list of 3,000 ids sent to the database)."""
    return AssignmentBook(None, dict(Teacher.select(Teacher.id, Teacher.name).tuples()))


def facts(
    year: int, month: int, today: dt.date, book: AssignmentBook | None = None
) -> rules.MonthFacts:
    """One month as of its cut-off day (or today, for a month not yet over)."""
    book = book or assignment_book()
    counted = month_report.count(year, month)
    p = counted.period
    day = min(p.last, today)
    totals = {name: stages.get(TOTAL) for name, stages in counted.figures.by_stage.items()}
    on_roll, home = _statuses_on(counted, day)
    # 包保 on the day, as services/responsibility.responsible_for answers it (its AssignmentBook)
    covered = sum(1 for sid in on_roll if book.guarantor_row(sid, day) is not None)
    open_cases, overdue = _cases_and_steps(counted.year_start, day)
    return rules.MonthFacts(
        key=p.key,
        label=f"{p.month}月",
        class_rates=_class_rates(p, counted.options.leave_as_present),
        school_rate=totals.get("出勤率"),
        absences=_absences(p),
        open_cases=open_cases,
        overdue_steps=overdue,
        new_at_risk=_new_at_risk(p.first, day),
        new_suspected=int(totals.get("本月新增疑似辍学") or 0),
        on_roll=len(on_roll),
        covered=covered,
        home_teaching=len(home),
        home_teaching_on_plan=_on_plan(home, year, month, day),
        filed=_filing_state(p.key),
    )


def _class_rates(p: ReportPeriod, leave_as_present: bool) -> dict[str, float]:
    """出勤率 by class, as the month report counts it (its setting on approved leave)."""
    out = {}
    for name, row in month_sources.attendance(p.first, p.last).items():
        value = attendance_rate([row], leave_as_present)
        if value is not None:
            out[name] = value
    return out


def _absences(p: ReportPeriod) -> dict[str, float]:
    """缺勤人日 by reason over the period (迟到/早退 are at school: left out)."""
    out: dict[str, float] = defaultdict(float)
    for row in class_rates(p.first, p.last):
        for reason, days in row.by_reason.items():
            if reason not in PRESENT_REASONS and days:
                out[reason] += days
    return dict(out)


def _statuses_on(counted: month_report.Counted, day: dt.date) -> tuple[list[int], list[int]]:
    """The children in a class and 在校 on `day`, and the 送教上门 children: each child's
    status that day from its 学籍变动, the roster's for a child without any."""
    history = {k.student_id: k for k in counted.children if k.weight == 1 and k.student_id}
    roster = month_sources.roster_statuses((*ENROLLED, S.HOME_TEACHING.value), exclude=set(history))

    def status(sid: int) -> str | None:
        kid = history.get(sid)
        return kid.status_on(day) if kid is not None else roster.get(sid)

    in_class = sorted(
        {sid for cid, ids in membership.members_on(day).items() if cid is not None for sid in ids}
    )
    on_roll = [sid for sid in in_class if status(sid) in ENROLLED]
    home = sorted(
        {sid for sid, k in history.items() if k.status_on(day) == S.HOME_TEACHING.value}
        | {sid for sid, st in roster.items() if st == S.HOME_TEACHING.value}
    )
    return on_roll, home


def _cases_and_steps(year_start: dt.date, day: dt.date) -> tuple[int, int]:
    """Children with a 劝返 case open on `day`; 缺勤上报 steps due before `day` and not done by it.
    A run of absence (its detail: "缺勤自11月02日起") has its steps done in order, so per run the
    steps due less the steps done are the ones overdue."""
    last_case: dict[int, EventKind] = {}
    due: dict[tuple[int, str], int] = defaultdict(int)
    done: dict[tuple[int, str], int] = defaultdict(int)
    kinds = [*_CASE_KINDS, EventKind.STEP_REACHED, EventKind.STEP_DONE]
    for e in events_between(None, day, kinds=kinds, today=day):
        if e.kind in _CASE_KINDS:
            last_case[e.student_id] = e.kind
        elif e.kind is EventKind.STEP_DONE:
            done[(e.student_id, e.detail)] += 1
        elif year_start <= e.date < day:
            due[(e.student_id, e.detail)] += 1
    open_cases = sum(1 for kind in last_case.values() if kind in _OPEN)
    overdue = sum(max(0, n - done[run]) for run, n in due.items())
    return open_cases, overdue


def _new_at_risk(first: dt.date, day: dt.date) -> int:
    events = events_between(first, day, kinds=[EventKind.RISK_FLAG_ADDED], today=day)
    return len({e.student_id for e in events})


def _on_plan(home: list[int], year: int, month: int, day: dt.date) -> int:
    """Of the 送教上门 children, those whose planned visits of the calendar month are made (by
    `day`, for a month not yet over)."""
    if not home:
        return 0
    first, last = ht_rules.month_bounds(dt.date(year, month, 1))
    visits = defaultdict(list)
    for v in home_teaching.visits_between(first, min(last, day), home):
        visits[v.student_id].append(
            ht_rules.VisitFacts(stored_day(v.date), v.lessons, len(v.teacher_ids or ()))
        )
    per_month = settings.get("home_teaching.visits_per_month")
    lessons = settings.get("home_teaching.min_lessons")
    teachers = settings.get("home_teaching.min_teachers")
    done = 0
    for sid in home:
        plan = home_teaching.plan_for(sid)
        progress = ht_rules.month_progress(
            visits[sid],
            first,
            plan.visits_per_month if plan else per_month,
            plan.min_lessons if plan else lessons,
            teachers,
            plan.start_date if plan else None,
        )
        if not progress.behind:
            done += 1
    return done


def _filing_state(key: str) -> str:
    filed = report_filing.latest_filed(key)
    if filed is not None:
        return f"已上报{report_filing.version_title(filed)}"
    pending = report_filing.pending(key)
    return f"{pending.signed_by}已签字" if pending is not None else ""


def signature(key: str):
    """The month's signature shown on the review: the version signed and not yet filed, else the
    latest filed one; None when nobody has signed."""
    return report_filing.pending(key) or report_filing.latest_filed(key)


def sign(year: int, month: int, name: str, day: dt.date, actor: str):
    """The principal signs the month after the review (report_filing.sign: 校长 only)."""
    return report_filing.sign(f"{year:04d}-{month:02d}", name, day, actor)


def principal_name() -> str:
    """The name to offer on the signature line: the teacher who holds the 校长 role, if any."""
    for name, roles in Teacher.select(Teacher.name, Teacher.roles).where(Teacher.active).tuples():
        if "校长" in (roles or "").split(","):
            return name
    return ""


def school_name() -> str:
    school = School.select(School.name).first()
    return school.name if school else ""


def restate(review: rules.Review) -> rules.Review:
    """The same review with each month's report state read again (after a signature)."""
    months = [dc.replace(m, filed=_filing_state(m.key)) for m in review.months]
    return rules.review(review.key, review.title, months)
