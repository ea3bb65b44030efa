"""The event record: every dated fact about a child, read through one call, `events_between`.

What the monthly report, the assessment and the student's timeline count — a 学籍变动, a class
placement or 调班, a risk flag added or removed, absences, leave, an escalation step reached or
done, the child's file opened — comes back as `Event` rows: the kind (an enum), the date, the
child, the class the child was in ON THAT DAY, the teachers responsible that day, a link to the
source row, the Chinese text, and whether the fact was withdrawn.

Design: a union over the source tables, not a table of its own. Each fact already lives, dated
and audited, in the row its service writes (status_change, enrollment, leave_request …); a second
copy written beside it would have to be kept equal by every write path, imports and migrations
included, and would drift the first time one forgot — and the report must never disagree with
the student's page. The price is that a period query runs one query per source rather than one
indexed range scan; every source filters by date in SQL, so a school year of a 3,000-student
school stays a few queries. A source whose rows cannot be undone has no withdrawn facts; one that
can (a 调班 corrected on the day it took effect: `Enrollment.withdrawn_at`; a 学籍变动 withdrawn,
撤销: `StatusChange.withdrawn_at`, and with it the escalation step done that wrote it) marks the
row and returns it with `withdrawn=True`, shown only with `include_withdrawn=True`. The withdrawal
itself is a fact of its own day (STATUS_WITHDRAWN), never withdrawn.

Limits, said here once: the only dated record of a removed risk flag is the audit trail's delete
line, so that kind reads it; a flag without a `since` date has no date and is not an event; the
escalation steps reached are computed by the escalation ledger for the term containing the end
of the period (earlier terms' steps show through the steps done); a run of absences is cut at the
period's bounds (a report counts the days inside its month).

Adding a kind (the 劝返 case, a contact, a notice, a 送教 visit, a 三包 assignment …):
  1. add a member to `EventKind` (its value is the Chinese name; `category` says which timeline
     column it shows under);
  2. write a source `def my_rows(q: Query) -> Iterable[RawEvent]` (types in services.event_types;
     roster and head-count sources in services.event_sources, later features' in
     services.feature_event_sources or a module of their own) that reads its table for
     `q.first … q.last` and `q.student_ids` and yields `RawEvent`s (teachers named on the source
     row go in `teachers`; the day's responsible teachers are added here);
  3. add `EventSource(frozenset({EventKind.MY_KIND}), my_rows)` to `SOURCES` below. Nothing is
     registered by importing a module: this list is the registry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from kongchuo_desktop.db.fast_reads import IDS, as_json, sql_rows
from kongchuo_desktop.services import event_sources as core
from kongchuo_desktop.services import feature_event_sources as feature
from kongchuo_desktop.services import membership, struggling
from kongchuo_desktop.services.event_types import (
    COMPUTED,
    Event,
    EventKind,
    EventSource,
    Fact,
    Query,
    RawEvent,
    SourceRef,
)
from kongchuo_desktop.services.responsibility import Resolver

__all__ = [
    "COMPUTED",
    "SOURCES",
    "Event",
    "EventKind",
    "EventSource",
    "Fact",
    "Query",
    "RawEvent",
    "SourceRef",
    "events_between",
    "facts_between",
]


# The registry: every kind of fact, and where it is read. Order = order within a day.
SOURCES: list[EventSource] = [
    EventSource(frozenset({EventKind.REGISTERED}), core.registered),
    EventSource(frozenset({EventKind.ENROLMENT, EventKind.CLASS_MOVE}), core.memberships),
    EventSource(
        frozenset({EventKind.STATUS_CHANGE, EventKind.STATUS_WITHDRAWN}),
        core.status_changes,
        core.status_change_facts,
    ),
    EventSource(
        frozenset({EventKind.RISK_FLAG_ADDED, EventKind.RISK_FLAG_REMOVED}), core.risk_flags
    ),
    EventSource(frozenset({EventKind.ABSENCE}), core.absences),
    EventSource(frozenset({EventKind.LEAVE, EventKind.LEAVE_CANCELLED}), core.leave),
    EventSource(frozenset({EventKind.STEP_DONE}), core.steps_done),
    EventSource(frozenset({EventKind.STEP_REACHED}), core.steps_reached),
    EventSource(
        frozenset({EventKind.TRANSFER_STEP, EventKind.TRANSFER_ABANDONED}),
        feature.transfer_steps,
    ),
    EventSource(frozenset({EventKind.MERGED}), feature.merges),
    EventSource(
        frozenset(
            {
                EventKind.ASSIGNED,
                EventKind.CONFIRMED,
                EventKind.ASSIGNMENT_ENDED,
                EventKind.LETTER_SIGNED,
            }
        ),
        feature.assignments,
    ),
    EventSource(feature.CASE_KINDS, feature.cases),
    EventSource(frozenset({EventKind.HOME_TEACHING_VISIT}), feature.home_teaching_visits),
    EventSource(frozenset({EventKind.NOTICE_ISSUED}), feature.issued_notices),
    EventSource(frozenset({EventKind.STRUGGLING_PROGRESS}), struggling.progress_events),
]


def events_between(
    first: dt.date | None,
    last: dt.date | None,
    kinds: Iterable[EventKind] | None = None,
    students: Iterable[int] | None = None,
    teachers: Iterable[int] | None = None,
    include_withdrawn: bool = False,
    today: dt.date | None = None,
    with_teachers: bool = True,
    placements: membership.Placements | None = None,
) -> list[Event]:
    """Every event dated `first` … `last` (both included; None: no bound), of `kinds` (default
    all), about `students` (ids; default all), involving any of `teachers` (ids; default any),
    oldest first (within a day, in the order of SOURCES). Withdrawn facts only when asked.
    `today` bounds the escalation steps reached (default: the computer's date).

    `with_teachers=False` is for a caller that counts facts by child and class and never looks at
    who was responsible (the month report's figures): the same events, each with its class that
    day, but `teachers` holds only those named on the source row — the day's responsible
    teachers (班主任, 包保 …) are not worked out, which is most of the time of a large read.
    A caller that has already read the placements of the children it asks about passes them as
    `placements` (class-only mode too); they must cover every child of `students`."""
    today = today or dt.date.today()
    wanted = set(kinds) if kinds is not None else set(EventKind)
    student_ids = sorted(set(students)) if students is not None else None
    teacher_ids = set(teachers) if teachers is not None else None
    q = Query(
        first or dt.date(1900, 1, 1),
        last or dt.date(9999, 12, 31),
        student_ids,
        include_withdrawn,
        today,
        frozenset(wanted),
    )
    raw: list[tuple[int, int, RawEvent]] = []
    for order, source in enumerate(SOURCES):
        if not (source.kinds & wanted):
            continue
        for n, r in enumerate(source.read(q)):
            if r.kind in wanted and (include_withdrawn or not r.withdrawn):
                raw.append((order, n, r))
    if not raw:
        return []
    involved_ids = {r.student_id for _, _, r in raw}
    names = dict(sql_rows(f"SELECT id, name FROM student WHERE id IN {IDS}", as_json(involved_ids)))
    if placements is not None:
        with_teachers = False
    if with_teachers:
        resolver = Resolver(student_ids)
    else:
        if teacher_ids is not None:
            raise ValueError("events_between: teachers= needs the teachers (with_teachers=True)")
        placements = placements or membership.Placements(involved_ids)
    out = []
    for _order, _n, r in sorted(raw, key=lambda t: (t[2].date, t[0], t[1])):
        if with_teachers:
            who = resolver.responsible(r.student_id, r.date)
            class_id, class_name = who.class_id, who.class_name
            involved = r.teachers + tuple(t for t in who.teachers if t not in r.teachers)
            if teacher_ids is not None and not any(t.id in teacher_ids for t in involved):
                continue
        else:
            class_id = placements.class_on(r.student_id, r.date)
            class_name, involved = placements.class_name(class_id), r.teachers
        out.append(
            Event(
                kind=r.kind,
                date=r.date,
                student_id=r.student_id,
                student_name=names.get(r.student_id, ""),
                class_id=class_id,
                class_name=class_name,
                teachers=involved,
                source=r.source,
                text=r.text,
                detail=r.detail,
                withdrawn=r.withdrawn,
            )
        )
    return out


def facts_between(
    first: dt.date | None,
    last: dt.date | None,
    kinds: Iterable[EventKind],
    students: Iterable[int] | None = None,
    placements: membership.Placements | None = None,
    today: dt.date | None = None,
) -> list[Fact]:
    """The events of `events_between(first, last, kinds, students, today=today,
    with_teachers=False, placements=placements)` — the same facts in the same order, withdrawn
    ones left out — as lean `Fact` tuples: no child's name, no teachers. For a report that counts
    hundreds of facts by child, day and class (the month report's figures). Every source of
    `kinds` must have a lean reader (`EventSource.facts`)."""
    wanted = frozenset(kinds)
    student_ids = sorted(set(students)) if students is not None else None
    q = Query(
        first or dt.date(1900, 1, 1),
        last or dt.date(9999, 12, 31),
        student_ids,
        False,
        today or dt.date.today(),
        wanted,
    )
    raw: list[tuple] = []
    for order, source in enumerate(SOURCES):
        if not (source.kinds & wanted):
            continue
        if source.facts is None:
            raise ValueError(f"facts_between: {sorted(k.value for k in source.kinds)} 没有精简读取")
        # withdrawn facts (f[6]) only through events_between
        raw += [
            (f[1], order, n, f)
            for n, f in enumerate(source.facts(q))
            if f[0] in wanted and not f[6]
        ]
    if not raw:
        return []
    placements = placements or membership.Placements({r[3][2] for r in raw})
    class_on, class_name = placements.class_on, placements.class_name
    raw.sort()  # by day, then source, then the source's order: (day, order, n) is unique
    out = []
    for _date, _order, _n, (kind, date, sid, source, text, detail, withdrawn) in raw:
        cid = class_on(sid, date)
        out.append(Fact(kind, date, sid, cid, class_name(cid), source, text, detail, withdrawn))
    return out
