"""考核奖惩 entries: what each teacher earns or loses in a term or year, computed from the event
record (services.events.events_between — never from a screen) by the school's rules
(domain.assessment_rules, setting assessment.rules).

- 辍学 (a STATUS_CHANGE to 辍学, through a case or `student-status` alike): the teachers the rule
  names (包保教师, 班主任, 校长) as they were on the first day of the absence run that ended in
  the dropout; with no run recorded, on the day the child became 疑似辍学; with neither, the day of
  the dropout itself (services.responsibility.responsible_for on that day).
- 劝返复学 recorded as a 学籍变动 without a case's 销号: services.assessment_returns.
- 劝返复学 (a CASE_CLOSED as 已复学, not reopened): the teachers who went on the case's visits
  (CONTACT events, role 家访) share the reward; one planned for a visit who did not go (role
  计划家访 without 家访 on the same contact) loses his share to those who went (方案18).
- 按计划完成家访: each teacher planned for a visit who went, one entry per visit.
- 计划家访未参加: every such skipped visit in the period, one entry each, linked to the visit.
- 学困生转化 (方案8): each STRUGGLING_PROGRESS that says the child moved up rewards the class
  head of that day; a class with a dropout in that school year has its 学困生 points voided (the
  entry stays, at 0, saying why).
- 全学年无辍学 (a 学年 only, once it has ended): each class of the year with no dropout rewards
  the class head it had on the year's last day.
- 送教上门 kept on plan or not, each month; a notice's 返校 deadline missed:
  services.assessment_process.
- 校长调整: manual entries with a reason (db.assessment_models.AssessmentAdjustment).

Every entry names the child (or class) in its text and links to its source row (table, id).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from kongchuo_desktop.db.assessment_models import AssessmentAdjustment
from kongchuo_desktop.db.case_models import CaseClosing, CaseContact
from kongchuo_desktop.db.models import SchoolClass, Teacher, Term, stored_day
from kongchuo_desktop.domain import assessment_rules as ar
from kongchuo_desktop.domain import cases as case_rules
from kongchuo_desktop.domain.school_year import school_year_of
from kongchuo_desktop.domain.student_status import StudentStatus
from kongchuo_desktop.services import struggling
from kongchuo_desktop.services.assessment_entry import (
    MANUAL,
    MANUAL_LABEL,
    PLANNED,
    WENT,
    Entry,
    make_entry,
    people,
    responsible_day,
    statuses_of,
    went_and_skipped,
)
from kongchuo_desktop.services.assessment_process import home_teaching_entries, notice_entries
from kongchuo_desktop.services.assessment_returns import anchored_on_status, status_return_entries
from kongchuo_desktop.services.events import Event, EventKind, events_between
from kongchuo_desktop.services.responsibility import heads_on, responsible_for


def compute(
    first: dt.date,
    last: dt.date,
    rules: Iterable[ar.Rule],
    *,
    period: str,
    school_year: str | None = None,
    today: dt.date | None = None,
) -> list[Entry]:
    """Every entry of the period `first … last` by `rules` (those switched on), then the manual
    entries of `period`. `school_year` given: the period is that 学年 (全学年无辍学 counts)."""
    today = today or dt.date.today()
    by_trigger = {r.trigger: r for r in rules if r.on}
    out: list[Entry] = []
    events = events_between(
        first,
        last,
        kinds={
            EventKind.STATUS_CHANGE,
            EventKind.CASE_CLOSED,
            EventKind.CONTACT,
            EventKind.STRUGGLING_PROGRESS,
        },
        today=today,
    )
    dropouts = _dropouts(events)
    if ar.DROPOUT in by_trigger:
        out += _dropout_entries(dropouts, by_trigger[ar.DROPOUT], today)
    if ar.RETURN in by_trigger:
        out += _return_entries(events, by_trigger[ar.RETURN], today)
        out += status_return_entries(events, by_trigger[ar.RETURN], today)
    if ar.VISIT_SKIPPED in by_trigger:
        out += _skipped_entries(events, by_trigger[ar.VISIT_SKIPPED])
    if ar.VISIT_DONE in by_trigger:
        out += _done_entries(events, by_trigger[ar.VISIT_DONE])
    if ar.STRUGGLING_UP in by_trigger:
        out += _struggling_entries(events, by_trigger[ar.STRUGGLING_UP], today)
    kept, behind = by_trigger.get(ar.HOME_TEACHING_KEPT), by_trigger.get(ar.HOME_TEACHING_BEHIND)
    out += home_teaching_entries(first, last, kept, behind, today)
    if ar.NOTICE_OVERDUE in by_trigger:
        out += notice_entries(first, last, by_trigger[ar.NOTICE_OVERDUE], today)
    if ar.NO_DROPOUT_YEAR in by_trigger and school_year and last <= today:
        out += _no_dropout_entries(dropouts, by_trigger[ar.NO_DROPOUT_YEAR], school_year, last)
    out += manual_entries(period)
    return sorted(out, key=lambda e: (e.date, e.teacher_name, e.rule))


def _dropouts(events: list[Event]) -> list[Event]:
    statuses = statuses_of(events)
    return [
        e
        for e in events
        if e.kind is EventKind.STATUS_CHANGE
        and statuses.get(e.source.id) == StudentStatus.DROPOUT.value
    ]


def _dropout_entries(dropouts: list[Event], rule: ar.Rule, today: dt.date) -> list[Entry]:
    out = []
    for e in dropouts:
        day, how = responsible_day(e.student_id, e.date)
        who = responsible_for([e.student_id], day)[e.student_id]
        for tid, (name, roles) in people(rule.whom, who).items():
            text = (
                f"{e.student_name}（{who.class_name or e.class_name}）{e.date:%Y年%m月%d日}辍学；"
                f"{how}，当天你是其{'、'.join(roles)}"
            )
            out.append(make_entry(rule, tid, name, e, text, e.source.table, e.source.id))
    return out


def _contacts_by_case(events: list[Event]) -> dict[int, int]:
    ids = [e.source.id for e in events if e.kind is EventKind.CONTACT]
    if not ids:
        return {}
    return dict(
        CaseContact.select(CaseContact.id, CaseContact.case)
        .where(CaseContact.id.in_(ids) & CaseContact.case.is_null(False))
        .tuples()
    )


def _return_entries(events: list[Event], rule: ar.Rule, today: dt.date) -> list[Entry]:
    closings = [e for e in events if e.kind is EventKind.CASE_CLOSED]
    rows = {
        c.id: c
        for c in CaseClosing.select().where(CaseClosing.id.in_([e.source.id for e in closings]))
    }
    out = []
    for e in closings:
        closing = rows.get(e.source.id)
        if closing is None or closing.kind != case_rules.RETURNED or closing.reopened_on:
            continue
        if anchored_on_status(closing):  # counted on its 学籍变动 (services.assessment_returns)
            continue
        case = closing.case
        visits = events_between(
            stored_day(case.opened_on),
            e.date,
            kinds={EventKind.CONTACT},
            students=[e.student_id],
            today=today,
        )
        of_case = _contacts_by_case(visits)
        visits = [v for v in visits if of_case.get(v.source.id) == case.id]
        went: dict[int, str] = {}
        skipped: dict[int, str] = {}
        for v in visits:
            w, s = went_and_skipped(v)
            went.update((t.id, t.name) for t in w)
            skipped.update((t.id, t.name) for t in s)
        sharers = {t: n for t, n in went.items() if t not in skipped} or went
        dates = "、".join(f"{v.date:%m月%d日}" for v in visits)
        lost = [n for t, n in skipped.items()]
        base = (
            f"{e.student_name}（{e.class_name}）劝返复学，{e.date:%Y年%m月%d日}销号；"
            f"个案{case.id}家访{len(visits)}次（{dates}）"
        )
        if ar.VISITORS in rule.whom and sharers:
            points = ar.split(rule.points, len(sharers))
            amount = ar.split(rule.amount, len(sharers))
            names = "、".join(sharers.values())
            for tid, name in sharers.items():
                text = f"{base}，奖励由参加家访的{names}{len(sharers)}人平分"
                if lost:
                    text += f"；{'、'.join(lost)}计划参加却未去，其份额归去了的教师"
                out.append(
                    make_entry(rule, tid, name, e, text, "case_closing", closing.id, points, amount)
                )
        others = [r for r in rule.whom if r != ar.VISITORS]
        if others:
            who = responsible_for([e.student_id], e.date)[e.student_id]
            for tid, (name, roles) in people(others, who).items():
                text = f"{base}；销号当天你是其{'、'.join(roles)}"
                out.append(make_entry(rule, tid, name, e, text, "case_closing", closing.id))
    return out


def _skipped_entries(events: list[Event], rule: ar.Rule) -> list[Entry]:
    out = []
    for v in events:
        if v.kind is not EventKind.CONTACT:
            continue
        went, skipped = went_and_skipped(v)
        for t in skipped:
            names = "、".join(w.name for w in went) or "无人"
            text = (
                f"{v.student_name}（{v.class_name}）{v.date:%Y年%m月%d日}的家访计划你参加，"
                f"实际去的是{names}"
            )
            out.append(make_entry(rule, t.id, t.name, v, text, "case_contact", v.source.id))
    return out


def _done_entries(events: list[Event], rule: ar.Rule) -> list[Entry]:
    """Each teacher planned for a visit who went (家访 and 计划家访 on the same contact)."""
    out = []
    if ar.VISITORS not in rule.whom:
        return out
    for v in events:
        if v.kind is not EventKind.CONTACT:
            continue
        planned = {t.id for t in v.teachers if t.role == PLANNED}
        went = [t for t in v.teachers if t.role == WENT]
        for t in went:
            if t.id not in planned:
                continue
            mates = "、".join(w.name for w in went if w.id != t.id)
            text = (
                f"{v.student_name}（{v.class_name}）{v.date:%Y年%m月%d日}的家访事先安排了你，"
                f"你按计划去了" + (f"（同去：{mates}）" if mates else "")
            )
            out.append(make_entry(rule, t.id, t.name, v, text, "case_contact", v.source.id))
    return out


def _no_dropout_entries(
    dropouts: list[Event], rule: ar.Rule, school_year: str, last: dt.date
) -> list[Entry]:
    lost = {e.class_id for e in dropouts}
    classes = list(SchoolClass.select().where(SchoolClass.school_year == school_year))
    heads = heads_on([c.id for c in classes], last)
    names = dict(Teacher.select(Teacher.id, Teacher.name).tuples())
    out = []
    for c in classes:
        tid = heads.get(c.id)
        if c.id in lost or tid is None:
            continue
        out.append(
            Entry(
                tid,
                names.get(tid, ""),
                rule.key,
                rule.label,
                rule.points,
                rule.amount,
                rule.veto,
                last,
                f"{c.name}{school_year}学年全年无学生辍学，你是班主任",
                "school_class",
                c.id,
                class_name=c.name,
            )
        )
    return out


def _year_dropouts(school_year: str, today: dt.date) -> dict[int | None, list[str]]:
    """class → the names of its children who dropped out in `school_year` (calendar terms)."""
    terms = list(Term.select().where(Term.school_year == school_year))
    if not terms:
        return {}
    first = min(stored_day(t.start_date) for t in terms)
    last = max(stored_day(t.end_date) for t in terms)
    found: dict[int | None, list[str]] = {}
    changes = events_between(first, last, kinds={EventKind.STATUS_CHANGE}, today=today)
    for e in _dropouts(changes):
        found.setdefault(e.class_id, []).append(e.student_name)
    return found


def _struggling_entries(events: list[Event], rule: ar.Rule, today: dt.date) -> list[Entry]:
    marks = [e for e in events if e.kind is EventKind.STRUGGLING_PROGRESS]
    up = struggling.moved_up(e.source.id for e in marks)
    lost_by_year: dict[str, dict] = {}
    by_day: dict[dt.date, set[int]] = {}
    for e in marks:
        if e.source.id in up:
            by_day.setdefault(e.date, set()).add(e.student_id)
    whose = {day: responsible_for(sorted(ids), day) for day, ids in by_day.items()}
    out = []
    for e in marks:
        if e.source.id not in up:
            continue
        year = school_year_of(e.date)
        if year not in lost_by_year:
            lost_by_year[year] = _year_dropouts(year, today)
        lost = lost_by_year[year].get(e.class_id)
        who = whose[e.date][e.student_id]
        base = f"{e.student_name}（{e.class_name}）学困生转化，{e.date:%Y年%m月%d日}进入班级前80%"
        for tid, (name, roles) in people(rule.whom, who).items():
            if lost:
                text = (
                    f"{base}；但本学年本班有学生辍学（{'、'.join(lost)}），"
                    "全班学困生转化积分作废（方案8）"
                )
                out.append(
                    make_entry(rule, tid, name, e, text, struggling.TABLE, e.source.id, 0, 0)
                )
            else:
                text = f"{base}，你是其{'、'.join(roles)}"
                out.append(make_entry(rule, tid, name, e, text, struggling.TABLE, e.source.id))
    return out


def manual_entries(period: str) -> list[Entry]:
    """The principal's adjustments of `period`; for a 学年 ("2026-2027"), its terms' too."""
    wanted = AssessmentAdjustment.period == period
    if period.count("-") == 1:
        wanted |= AssessmentAdjustment.period.startswith(period + "-")
    rows = AssessmentAdjustment.select().where(wanted).order_by(AssessmentAdjustment.id)
    return [
        Entry(
            a.teacher_id,
            a.teacher.name,
            MANUAL,
            MANUAL_LABEL,
            a.points,
            a.amount,
            a.veto,
            stored_day(a.date),
            f"{a.reason}（{a.recorded_by}登记）" if a.recorded_by else a.reason,
            "assessment_adjustment",
            a.id,
        )
        for a in rows
    ]
