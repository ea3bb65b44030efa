"""考核奖惩 for the school's duties of process, from the event record (services.events):

- 送教上门 kept on plan (rules 送教上门按计划完成 / 送教上门未按计划, each month): a month counts in
  the period that holds its last day, once that day has passed, for a child with a 送教 plan begun
  by then and whose status on that day was 送教上门. The visits are HOME_TEACHING_VISIT events; a
  visit makes up one of the planned ones when it has the plan's lessons and the school's number of
  teachers (domain.home_teaching, 设置 → 送教上门). On plan: each teacher who went on a counted
  visit that month earns the rule's effect. Behind: each teacher of the child's plan (the plan as
  it stands: a plan is a standing arrangement, not a dated fact).
- A notice's deadline missed (rule 通知书返校期限已过未跟进): a NOTICE_ISSUED event with a 返校
  deadline, for a case, whose deadline passed (the entry is dated the day after) with the child
  not back — the case not closed, no 劝返复学/复学 recorded — and no later notice of the same or
  a further 四步法 step issued by then (services.notices: a later notice replaces it). The 包保
  教师 and 班主任 of the deadline day carry it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from kongchuo_desktop import settings
from kongchuo_desktop.db.case_models import CaseClosing
from kongchuo_desktop.db.models import StatusChange, Student, Teacher, stored_day
from kongchuo_desktop.db.outreach_models import HomeTeachingPlan, HomeTeachingVisit, IssuedNotice
from kongchuo_desktop.domain import assessment_rules as ar
from kongchuo_desktop.domain import home_teaching as ht
from kongchuo_desktop.domain.notice_text import NEXT_STEP, NoticeKind
from kongchuo_desktop.domain.student_status import StudentStatus
from kongchuo_desktop.services.assessment_entry import Entry, make_entry, people
from kongchuo_desktop.services.assessment_returns import BACK
from kongchuo_desktop.services.event_types import SourceRef
from kongchuo_desktop.services.events import Event, EventKind, events_between
from kongchuo_desktop.services.notices import STAGE_OF
from kongchuo_desktop.services.responsibility import TeacherRef, responsible_for

HOME_TEACHER_ROLE = "送教教师"  # the role services.feature_event_sources gives a visit's teachers
NOTICE_LOOKBACK = dt.timedelta(days=366)  # how far back a notice may lie whose deadline is now


def _month_ends(first: dt.date, last: dt.date, today: dt.date) -> list[dt.date]:
    out = []
    day = first.replace(day=1)
    while day <= last:
        end = ht.month_bounds(day)[1]
        if first <= end <= last and end < today:
            out.append(end)
        day = end + dt.timedelta(days=1)
    return out


def _status_on(student_id: int, day: dt.date, history: dict[int, list]) -> str:
    changes = [s for d, s in history.get(student_id, []) if d <= day]
    if changes:
        return changes[-1]
    return Student.get_by_id(student_id).status


def _status_history(student_ids: list[int]) -> dict[int, list[tuple[dt.date, str]]]:
    out: dict[int, list] = defaultdict(list)
    rows = (
        StatusChange.select(StatusChange.student, StatusChange.date, StatusChange.status)
        .where(StatusChange.student.in_(student_ids) & StatusChange.withdrawn_at.is_null())
        .order_by(StatusChange.date, StatusChange.id)
        .tuples()
    )
    for sid, day, status in rows:
        out[sid].append((stored_day(day), status))
    return out


def home_teaching_entries(
    first: dt.date,
    last: dt.date,
    kept: ar.Rule | None,
    behind: ar.Rule | None,
    today: dt.date,
) -> list[Entry]:
    ends = _month_ends(first, last, today)
    plans = {p.student_id: p for p in HomeTeachingPlan.select()}
    if not ends or not plans or (kept is None and behind is None):
        return []
    ids = list(plans)
    visits = events_between(
        ends[0].replace(day=1),
        ends[-1],
        kinds={EventKind.HOME_TEACHING_VISIT},
        students=ids,
        today=today,
    )
    lessons = dict(
        HomeTeachingVisit.select(HomeTeachingVisit.id, HomeTeachingVisit.lessons)
        .where(HomeTeachingVisit.id.in_([v.source.id for v in visits]))
        .tuples()
    )
    by_child: dict[int, list[Event]] = defaultdict(list)
    for v in visits:
        by_child[v.student_id].append(v)
    history = _status_history(ids)
    names = dict(Teacher.select(Teacher.id, Teacher.name).tuples())
    min_teachers = settings.get("home_teaching.min_teachers")
    out: list[Entry] = []
    for end in ends:
        month_first = end.replace(day=1)
        for sid, plan in plans.items():
            start = stored_day(plan.start_date)
            if start > end or _status_on(sid, end, history) != StudentStatus.HOME_TEACHING.value:
                continue
            month = [v for v in by_child[sid] if month_first <= v.date <= end]
            facts = [
                ht.VisitFacts(v.date, lessons.get(v.source.id, 0), len(_home_teachers(v)))
                for v in month
            ]
            progress = ht.month_progress(
                facts, end, plan.visits_per_month, plan.min_lessons, min_teachers, start
            )
            if progress.required == 0:
                continue
            counted = [
                v
                for v, f in zip(month, facts, strict=True)
                if ht.counts(f, plan.min_lessons, min_teachers)
            ]
            out += _month_entries(sid, plan, end, progress, counted, kept, behind, names)
    return out


def _month_entries(sid, plan, end, progress, counted, kept, behind, names) -> list[Entry]:
    ref = _ref_event(sid, end, "home_teaching_plan", plan.id)
    head = (
        f"{ref.student_name}（{ref.class_name}）{end:%Y年%m月}送教上门{progress.counted}/"
        f"{progress.required}次（计划每月{plan.visits_per_month}次、每次不少于{plan.min_lessons}课时）"
    )
    out = []
    if not progress.behind and kept is not None and ar.HOME_TEACHERS in kept.whom:
        went: dict[int, list[dt.date]] = defaultdict(list)
        for v in counted:
            for t in _home_teachers(v):
                went[t.id].append(v.date)
        for tid, days in went.items():
            text = f"{head}，按计划完成；你去了{len(days)}次（{'、'.join(f'{d:%m月%d日}' for d in days)}）"
            out.append(
                make_entry(kept, tid, names.get(tid, ""), ref, text, "home_teaching_plan", plan.id)
            )
    if progress.behind and behind is not None and ar.HOME_TEACHERS in behind.whom:
        for tid in plan.teacher_ids or ():
            text = f"{head}，少{progress.missing}次；你是其送教计划中的教师"
            out.append(
                make_entry(
                    behind, tid, names.get(tid, ""), ref, text, "home_teaching_plan", plan.id
                )
            )
    return out


def _ref_event(student_id: int, day: dt.date, table: str, row_id: int) -> Event:
    """An event standing for the child on `day` (name, class that day), to build an entry from."""
    who = responsible_for([student_id], day)[student_id]
    name = Student.get_by_id(student_id).name
    return Event(
        EventKind.STATUS_CHANGE,
        day,
        student_id,
        name,
        who.class_id,
        who.class_name,
        (),
        SourceRef(table, row_id),
        "",
    )


def _home_teachers(v: Event) -> list[TeacherRef]:
    return [t for t in v.teachers if t.role == HOME_TEACHER_ROLE]


def notice_entries(first: dt.date, last: dt.date, rule: ar.Rule, today: dt.date) -> list[Entry]:
    issued = events_between(
        first - NOTICE_LOOKBACK, last, kinds={EventKind.NOTICE_ISSUED}, today=today
    )
    if not issued:
        return []
    rows = {
        n.id: n
        for n in IssuedNotice.select().where(
            IssuedNotice.id.in_([e.source.id for e in issued])
            & IssuedNotice.deadline.is_null(False)
            & IssuedNotice.case.is_null(False)
        )
    }
    out: list[Entry] = []
    for e in issued:
        n = rows.get(e.source.id)
        if n is None or NoticeKind(n.kind) not in STAGE_OF:
            continue
        deadline = stored_day(n.deadline)
        missed_on = deadline + dt.timedelta(days=1)
        if not (first <= missed_on <= last) or deadline >= today or _met(n, deadline):
            continue
        who = responsible_for([e.student_id], deadline)[e.student_id]
        kind = NoticeKind(n.kind)
        ref = Event(
            e.kind,
            missed_on,
            e.student_id,
            e.student_name,
            who.class_id,
            who.class_name or e.class_name,
            (),
            e.source,
            e.text,
        )
        for tid, (name, roles) in people(rule.whom, who).items():
            text = (
                f"{e.student_name}（{ref.class_name}）的{kind.value}（{n.number}）"
                f"限{deadline:%Y年%m月%d日}前返校，期限已过：学生未返校、个案未销号，"
                f"也没有发出下一步的通知书（应{NEXT_STEP[kind]}）；期限当天你是其{'、'.join(roles)}"
            )
            out.append(make_entry(rule, tid, name, ref, text, "issued_notice", n.id))
    return out


def _met(n: IssuedNotice, deadline: dt.date) -> bool:
    """Met by the deadline: the case closed, the child back, or a later notice taking over."""
    closed = CaseClosing.select().where(
        (CaseClosing.case == n.case_id) & (CaseClosing.closed_on <= deadline)
    )
    if any(c.reopened_on is None or stored_day(c.reopened_on) > deadline for c in closed):
        return True
    if n.student_id is not None:
        back = StatusChange.select().where(
            (StatusChange.student == n.student_id)
            & StatusChange.withdrawn_at.is_null()
            & StatusChange.status.in_(list(BACK))
            & StatusChange.date.between(n.issued_on, deadline)
        )
        if back.exists():
            return True
    stage = STAGE_OF[NoticeKind(n.kind)]
    later = IssuedNotice.select().where(
        (IssuedNotice.case == n.case_id)
        & (IssuedNotice.id != n.id)
        & IssuedNotice.deadline.is_null(False)
        & (IssuedNotice.issued_on <= deadline)
        & (IssuedNotice.issued_on >= n.issued_on)
    )
    return any(
        STAGE_OF[NoticeKind(x.kind)] >= stage
        and (stored_day(x.issued_on), x.id) > (stored_day(n.issued_on), n.id)
        for x in later
    )
