"""The types of the event record (services.events): the kinds of fact, what a source yields,
and the event a caller gets. Apart from services.events so that the sources, in their own
modules, can name them without an import cycle."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from kongchuo_desktop.db.fast_reads import one_of
from kongchuo_desktop.domain import home_teaching as home_teaching_rules
from kongchuo_desktop.services import people_events
from kongchuo_desktop.services.responsibility import TeacherRef


class EventKind(enum.Enum):
    REGISTERED = "建档"
    ENROLMENT = "编班"  # the class a child starts a 学年 in
    CLASS_MOVE = "调班"
    STATUS_CHANGE = "学籍变动"
    STATUS_WITHDRAWN = "撤销学籍变动"  # a 学籍变动 withdrawn (录入错误 …), dated the day it was
    RISK_FLAG_ADDED = "标记重点学生"
    RISK_FLAG_REMOVED = "取消重点学生"
    ABSENCE = "缺勤"  # a run of school days with the same absence, one event
    LEAVE = "请假"  # one request, dated its first day; the text says how it was decided
    LEAVE_CANCELLED = "撤销请假"  # a leave withdrawn before its first day, dated the day it was
    STEP_REACHED = "缺勤上报到期"  # an absence run reached an escalation step (its due day)
    STEP_DONE = "缺勤上报"  # the clerk marked the step done
    TRANSFER_STEP = people_events.TRANSFER_STEP  # a step of the 转出 procedure (转出手续)
    TRANSFER_ABANDONED = people_events.TRANSFER_ABANDONED  # the procedure abandoned (撤回)
    MERGED = people_events.MERGED  # two records of one child merged into this one
    ASSIGNED = "指定包保"  # a 包保 teacher or 一帮一 helper from a day (services.sanbao)
    CONFIRMED = "确认包保"  # an assignment confirmed after it began (a new term's carry-over)
    ASSIGNMENT_ENDED = "包保结束"  # its last day: reassigned, or the 一帮一 ended
    LETTER_SIGNED = "签订责任书"  # the 责任书 covering the child's assignment
    CASE_OPENED = "立案"  # 劝返 cases and contacts: services.case_events
    CASE_STAGE = "四步法"
    CASE_CLOSED = "销号"
    CASE_REOPENED = "重新立案"
    CONTACT = "家访/劝返"
    CONTACT_PLANNED = "计划家访"
    HOME_TEACHING_VISIT = "送教记录"  # one visit made (services.home_teaching)
    NOTICE_ISSUED = "通知书"  # a notice issued, a 家访记录表 printed (services.notices)
    STRUGGLING_PROGRESS = "学困生转化"  # a term-end mark (services.struggling)

    @property
    def category(self) -> str:
        """The 类别 the student's timeline shows it under."""
        return _CATEGORY.get(self, self.value)


_CATEGORY = {
    EventKind.HOME_TEACHING_VISIT: home_teaching_rules.NAME,
    EventKind.STATUS_WITHDRAWN: "学籍变动",
    EventKind.LEAVE_CANCELLED: "请假",
    EventKind.ENROLMENT: "班级",
    EventKind.CLASS_MOVE: "班级",
    EventKind.RISK_FLAG_ADDED: "重点学生",
    EventKind.RISK_FLAG_REMOVED: "重点学生",
    EventKind.STEP_REACHED: "缺勤上报",
    EventKind.TRANSFER_STEP: "学籍变动",
    EventKind.TRANSFER_ABANDONED: "学籍变动",
    EventKind.MERGED: "建档",
    EventKind.ASSIGNED: "三包",
    EventKind.CONFIRMED: "三包",
    EventKind.ASSIGNMENT_ENDED: "三包",
    EventKind.LETTER_SIGNED: "三包",
    EventKind.CASE_OPENED: "劝返个案",
    EventKind.CASE_STAGE: "劝返个案",
    EventKind.CASE_CLOSED: "劝返个案",
    EventKind.CASE_REOPENED: "劝返个案",
    EventKind.CONTACT: "家访",
    EventKind.CONTACT_PLANNED: "家访",
}


@dataclass(frozen=True)
class SourceRef:
    """The row a fact was read from: table name and id; `COMPUTED` for a step reached, which
    the escalation ledger works out from the absences and no row holds."""

    table: str
    id: int


COMPUTED = "computed"


@dataclass(frozen=True)
class Event:
    kind: EventKind
    date: dt.date
    student_id: int
    student_name: str
    class_id: int | None  # the class the child was in on `date`
    class_name: str
    teachers: tuple[TeacherRef, ...]  # named on the source row, then responsible that day
    source: SourceRef
    text: str
    detail: str = ""
    withdrawn: bool = False


@dataclass(frozen=True)
class RawEvent:
    """What a source yields; events_between adds the names, the class and the teachers."""

    kind: EventKind
    date: dt.date
    student_id: int
    source: SourceRef
    text: str
    detail: str = ""
    withdrawn: bool = False
    teachers: tuple[TeacherRef, ...] = ()


@dataclass(frozen=True)
class Query:
    first: dt.date
    last: dt.date
    student_ids: list[int] | None
    include_withdrawn: bool
    today: dt.date
    # The kinds asked for: a source may skip reading those not asked (events_between drops
    # them anyway).
    kinds: frozenset[EventKind] = frozenset(EventKind)


class Fact(NamedTuple):
    """An event in its lean form (events.facts_between): what an `Event` says but the child's
    name and the teachers — a plain tuple, cheap to build by the hundred for a report that only
    counts facts by child, day and class."""

    kind: EventKind
    date: dt.date
    student_id: int
    class_id: int | None  # the class the child was in on `date`
    class_name: str
    source: SourceRef
    text: str
    detail: str = ""
    withdrawn: bool = False


# What a source's lean reader yields: a RawEvent's fields, in its order, without the teachers.
RawFact = tuple  # (kind, date, student_id, source, text, detail, withdrawn)


@dataclass(frozen=True)
class EventSource:
    kinds: frozenset[EventKind]
    read: Callable[[Query], Iterable[RawEvent]]
    # Optional: the same facts as `read`, as RawFact tuples (events.facts_between). A source
    # with one builds its RawEvents from it, so the two can never say different things.
    facts: Callable[[Query], Iterable[RawFact]] | None = None


def for_students(query, field, q: Query):
    return query if q.student_ids is None else query.where(one_of(field, q.student_ids))
