"""劝返复学 recorded as a 学籍变动 (`kongchuo student-status`, the status dialog), not through a
case's 销号: the rule 劝返复学 rewards it too, once.

A return is the change to 劝返复学, or to 复学 when the child was 疑似辍学 or 辍学 before it.
Each return is counted exactly once, on one anchor:
- the change written by a case's 销号 as 已复学 (CaseClosing.status_change): the case's entry
  (services.assessment), dated the 销号;
- any other such change: an entry here, dated the change. A case of the child closed as 已复学
  later, without a change of its own, is then not counted again (`anchored_on_status`).

Who shares it: the teachers who went on the visits to the child (家访 contacts, with a case or
without) from the first day of the absence that ended in the leaving (services.assessment_entry.
responsible_day) to the return; one planned for a visit who did not go loses his share to those
who went (方案18). With no visit recorded, the child's 包保教师 on the day of the return earns it:
the teacher who had the child when it came back. Other roles the rule names (班主任, 校长) are
those of the return day.
"""

from __future__ import annotations

import datetime as dt

from kongchuo_desktop.db.case_models import CaseClosing
from kongchuo_desktop.db.models import StatusChange, stored_day
from kongchuo_desktop.domain import assessment_rules as ar
from kongchuo_desktop.domain.escalation import MARKED_AWAY
from kongchuo_desktop.domain.student_status import StudentStatus
from kongchuo_desktop.services.assessment_entry import (
    Entry,
    make_entry,
    people,
    responsible_day,
    went_and_skipped,
)
from kongchuo_desktop.services.events import Event, EventKind, events_between
from kongchuo_desktop.services.responsibility import responsible_for

AWAY = {s.value for s in MARKED_AWAY}
BACK = {StudentStatus.PERSUADED_BACK.value, StudentStatus.RESUMED.value}


def _history(student_id: int) -> list[StatusChange]:
    return list(
        StatusChange.select()
        .where((StatusChange.student == student_id) & StatusChange.withdrawn_at.is_null())
        .order_by(StatusChange.date, StatusChange.id)
    )


def _left_on(history: list[StatusChange], change_id: int) -> dt.date | None:
    """The day the child was marked away before the return `change_id` (the first mark of the
    run of away statuses just before it), or None when it was not marked away."""
    before = []
    for c in history:
        if c.id == change_id:
            break
        before.append(c)
    day = None
    for c in reversed(before):
        if c.status not in AWAY:
            break
        day = stored_day(c.date)
    return day


def is_return(change: StatusChange, history: list[StatusChange]) -> bool:
    """A change to 劝返复学, or to 复学 from 疑似辍学/辍学."""
    if change.status == StudentStatus.PERSUADED_BACK.value:
        return True
    return change.status == StudentStatus.RESUMED.value and _left_on(history, change.id) is not None


def _written_by_closings() -> set[int]:
    return {
        sid
        for (sid,) in CaseClosing.select(CaseClosing.status_change)
        .where(CaseClosing.status_change.is_null(False))
        .tuples()
    }


def anchored_on_status(closing: CaseClosing) -> bool:
    """Whether this 已复学 销号 is already counted on a return 学籍变动 of its own (one not written
    by a 销号, dated between the case's opening and its closing)."""
    if closing.status_change_id is not None:
        return False
    case = closing.case
    if case.student_id is None:
        return False
    first, last = stored_day(case.opened_on), stored_day(closing.closed_on)
    written = _written_by_closings()
    history = _history(case.student_id)
    return any(
        first <= stored_day(c.date) <= last and c.id not in written and is_return(c, history)
        for c in history
        if c.status in BACK
    )


def status_return_entries(events: list[Event], rule: ar.Rule, today: dt.date) -> list[Entry]:
    changes = [e for e in events if e.kind is EventKind.STATUS_CHANGE]
    if not changes:
        return []
    rows = {
        c.id: c
        for c in StatusChange.select().where(StatusChange.id.in_([e.source.id for e in changes]))
    }
    written = _written_by_closings()
    out: list[Entry] = []
    for e in changes:
        change = rows.get(e.source.id)
        if change is None or change.status not in BACK or change.id in written:
            continue
        history = _history(e.student_id)
        if not is_return(change, history):
            continue
        out += _entries(e, change, history, rule, today)
    return out


def _entries(
    e: Event, change: StatusChange, history: list[StatusChange], rule: ar.Rule, today: dt.date
) -> list[Entry]:
    left = _left_on(history, change.id) or e.date
    since, _ = responsible_day(e.student_id, left)
    visits = events_between(
        since, e.date, kinds={EventKind.CONTACT}, students=[e.student_id], today=today
    )
    went: dict[int, str] = {}
    skipped: dict[int, str] = {}
    for v in visits:
        w, s = went_and_skipped(v)
        went.update((t.id, t.name) for t in w)
        skipped.update((t.id, t.name) for t in s)
    sharers = {t: n for t, n in went.items() if t not in skipped} or went
    who = responsible_for([e.student_id], e.date)[e.student_id]
    base = f"{e.student_name}（{e.class_name}）{e.date:%Y年%m月%d日}学籍变动为{change.status}"
    if visits:
        dates = "、".join(f"{v.date:%m月%d日}" for v in visits)
        base += f"；{since:%m月%d日}以来家访{len(visits)}次（{dates}）"
    else:
        base += f"；{since:%m月%d日}以来没有家访记录"
    out: list[Entry] = []
    table, row_id = e.source.table, e.source.id
    if ar.VISITORS in rule.whom:
        if sharers:
            names = "、".join(sharers.values())
            points = ar.split(rule.points, len(sharers))
            amount = ar.split(rule.amount, len(sharers))
            text = f"{base}，奖励由参加家访的{names}{len(sharers)}人平分"
            lost = [n for t, n in skipped.items() if t not in sharers]
            if lost:
                text += f"；{'、'.join(lost)}计划参加却未去，其份额归去了的教师"
            for tid, name in sharers.items():
                out.append(make_entry(rule, tid, name, e, text, table, row_id, points, amount))
        elif who.guarantor is not None:
            text = f"{base}，奖励归当天的包保教师"
            g = who.guarantor
            out.append(make_entry(rule, g.id, g.name, e, text, table, row_id))
    others = [r for r in rule.whom if r != ar.VISITORS]
    for tid, (name, roles) in people(others, who).items():
        if any(x.teacher_id == tid for x in out):
            continue
        text = f"{base}；复学当天你是其{'、'.join(roles)}"
        out.append(make_entry(rule, tid, name, e, text, table, row_id))
    return out
