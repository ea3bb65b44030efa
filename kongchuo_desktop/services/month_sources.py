"""Where the month report's figures and lists come from, one small function per source:

- `status_history`: every 学籍变动 that stands, from the event record (services/events.py), with
  the class the child was in that day;
- `children`: each child with its history, roster status, first placement and class on a day;
- `attendance`: the head-count sums of the period, class by class (services/attendance/statistics);
- `cohorts`: the 届别 巩固率's cohorts, from the class placements;
- `people`: the personal columns of the lists (name, ID number, guardian …);
- `helpers`: the 包保责任人 of each child (services/responsibility.py, the 三包 assignments);
- `cases`: 劝返次数, 劝返措施及进展, 安置方式 from the ledger of 劝返 cases (services.case_ledger);
- `home_teaching`: 送教教师, 本月送教次数 / 课时 from the 送教上门 service.

What a source cannot say (a child without a 包保 teacher) is named in `Missing` and left empty,
never filled with a guess.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from kongchuo_desktop.db.fast_reads import IDS, as_json, one_of, sql_rows
from kongchuo_desktop.db.models import (
    Guardian,
    RiskFlag,
    SchoolClass,
    Student,
)
from kongchuo_desktop.domain.month_figures import (
    ENROLLED,
    Change,
    Child,
    ClassAttendance,
    CohortCount,
    stage_of,
)
from kongchuo_desktop.domain.school_year import school_year_of
from kongchuo_desktop.domain.student_status import StudentStatus as S
from kongchuo_desktop.services import membership
from kongchuo_desktop.services.events import Event, EventKind, Fact, facts_between
from kongchuo_desktop.services.responsibility import responsible_for

_STATUSES = {s.value for s in S}


class StatusEvent(NamedTuple):
    """A 学籍变动 read from the event record: its status, reason, and the details it carries
    (a tuple: a report makes one for every change of the year)."""

    change: Change
    student_id: int
    reason: str
    until: str  # 截止 (休学 / 延缓入学), as recorded
    approved_by: str


_UNTIL = re.compile(r"截止：([0-9-]+)")
_APPROVED = re.compile(r"审批：([^；]+)")


def _parse(event: Event | Fact, grades: dict[int, int]) -> StatusEvent | None:
    status, _, reason = event.text.partition("：")
    if status not in _STATUSES:
        return None
    detail = event.detail
    until = _UNTIL.search(detail) if "截止：" in detail else None
    approved = _APPROVED.search(detail) if "审批：" in detail else None
    stage = stage_of(grades.get(event.class_id)) if event.class_id is not None else None
    return StatusEvent(
        Change(event.date, status, stage, event.class_name),
        event.student_id,
        reason or status,
        until.group(1) if until else "",
        approved.group(1) if approved else "",
    )


# The class of each child on any day, without the teachers (services.membership).
Placements = membership.Placements


def class_grades() -> dict[int, int]:
    return dict(sql_rows("SELECT id, grade FROM school_class"))


# Children with two placements or more, withdrawn ones included: read from the index alone, it
# leaves the few whose rows must be read to leave the withdrawn placements out.
_PLACED_TWICE = "(SELECT student_id FROM enrollment GROUP BY student_id HAVING COUNT(*) > 1)"


# One statement, three index-friendly parts: a GROUP BY over every placement that also compares
# each first day costs more than the two halves apart.
_WITH_HISTORY = (
    "SELECT student_id FROM status_change"
    " UNION SELECT student_id FROM enrollment WHERE withdrawn_at IS NULL AND start_date > ?"
    " UNION SELECT student_id FROM enrollment WHERE withdrawn_at IS NULL"
    f" AND student_id IN {_PLACED_TWICE} GROUP BY student_id HAVING COUNT(*) > 1"
)


def with_history(year_start: dt.date) -> list[int]:
    """The children whose figures need their own history: any 学籍变动, more than one class
    placement, or a placement that began after the year began. Every other child is in one
    class with the roster's status all year (counted as a group, `unchanged`)."""
    return sorted(sid for (sid,) in sql_rows(_WITH_HISTORY, year_start.isoformat()))


def with_history_statuses(year_start: dt.date) -> list[tuple[int, str]]:
    """The children of `with_history` with their roster status, in one read: [(id, status) …]
    by id (`children`'s `rows`; a placement or change of a child no longer on the roster
    counts for no one)."""
    sql = f"SELECT id, status FROM student WHERE id IN ({_WITH_HISTORY}) ORDER BY id"
    return sql_rows(sql, year_start.isoformat())


def unchanged(special: list[int], grades: dict[int, int], names: dict[int, str]) -> list[Child]:
    """The other children, one group per class and status (see `with_history`)."""
    sql = (
        "SELECT COALESCE(e.school_class_id, s.school_class_id) AS cid, s.status, COUNT(*)"
        " FROM student s LEFT JOIN enrollment e"
        " ON e.student_id = s.id AND e.withdrawn_at IS NULL"
        " WHERE s.id NOT IN (SELECT value FROM json_each(?))"
        " GROUP BY cid, s.status"
    )
    out = []
    for cid, status, n in Student._meta.database.execute_sql(sql, (json.dumps(special),)):
        where = (stage_of(grades.get(cid)), names.get(cid, "")) if cid is not None else (None, "")
        out.append(Child(0, status, [], None, lambda _day, w=where: w, n))
    return out


# The other children with a placement, by the class of their one placement: how many, and the
# roster status of those not 在校 (most are 在校: the statuses stay out of the grouping, which
# then follows the class index with no sorting).
_PLACED_GROUPS = (
    "SELECT e.school_class_id, COUNT(*),"
    " json_group_array(s.status) FILTER (WHERE s.status IS NOT ?)"
    " FROM enrollment e JOIN student s ON s.id = e.student_id"
    f" WHERE e.withdrawn_at IS NULL AND e.student_id NOT IN {IDS}"
    " GROUP BY e.school_class_id"
)
_ON_ROSTER = (
    f"SELECT (SELECT COUNT(*) FROM student) - (SELECT COUNT(*) FROM student WHERE id IN {IDS})"
)
# The other children with no placement: by the roster's class (data from before placements).
_UNPLACED_GROUPS = (
    "SELECT s.school_class_id, s.status, COUNT(*) FROM student s"
    f" WHERE s.id NOT IN {IDS} AND NOT EXISTS (SELECT 1 FROM enrollment e"
    " WHERE e.student_id = s.id AND e.withdrawn_at IS NULL) GROUP BY 1, 2"
)


def unchanged_groups(
    special: list[int], grades: dict[int, int], names: dict[int, str]
) -> list[Child]:
    """`unchanged`, the same groups in the same order, read faster. `special` is `with_history`
    (or its children on the roster): each other child has at most one placement standing (else
    it would be in `special`), so the placed ones are counted by class
    straight from the placements, and the unplaced ones are read only when the counts say
    there are any."""
    ids = as_json(special)
    counts: dict[tuple[int | None, str], int] = defaultdict(int)
    placed = 0
    for cid, n, others in sql_rows(_PLACED_GROUPS, S.IN_SCHOOL.value, ids):
        placed += n
        statuses = json.loads(others)
        counts[cid, S.IN_SCHOOL.value] += n - len(statuses)
        for status in statuses:
            counts[cid, status] += 1
    ((others,),) = sql_rows(_ON_ROSTER, ids)
    if others > placed:
        for cid, status, n in sql_rows(_UNPLACED_GROUPS, ids):
            counts[cid, status] += n
    out = []
    # SQLite's GROUP BY order, as `unchanged`: no class first, then by class and status.
    for (cid, status), n in sorted(
        counts.items(), key=lambda kv: (kv[0][0] is not None, kv[0][0] or 0, kv[0][1])
    ):
        if not n:
            continue
        where = (stage_of(grades.get(cid)), names.get(cid, "")) if cid is not None else (None, "")
        out.append(Child(0, status, [], None, lambda _day, w=where: w, n))
    return out


def roster_statuses(statuses: tuple[str, ...], exclude: set[int]) -> dict[int, str]:
    """student → roster status, for the children in `statuses` not in `exclude` (the children
    with no history of their own: their status is the roster's all year)."""
    rows = Student.select(Student.id, Student.status).where(Student.status.in_(statuses))
    return {sid: status for sid, status in rows.tuples() if sid not in exclude}


def status_history(
    last: dt.date,
    grades: dict[int, int],
    students: list[int] | None = None,
    placements: Placements | None = None,
) -> dict[int, list[StatusEvent]]:
    """student → all its 学籍变动, oldest first (withdrawn ones left out). Later ones than `last`
    too: a child with a change after the cut-off was 在校 before it, whatever the roster says now
    (the figures themselves only look at changes up to the day they count). Read from the event
    record without the responsible teachers, which no figure needs; `placements`, when given,
    must know every child of `students`."""
    out: dict[int, list[StatusEvent]] = defaultdict(list)
    kinds = [EventKind.STATUS_CHANGE]
    # The lean form of events_between(..., with_teachers=False): the same facts, as tuples.
    events = facts_between(None, None, kinds, students, placements, today=last)
    for event in events:
        parsed = _parse(event, grades)
        if parsed is not None:
            out[event.student_id].append(parsed)
    return dict(out)


def children(
    history: dict[int, list[StatusEvent]],
    grades: dict[int, int],
    resolver: Placements,
    students: list[int],
    rows: list[tuple[int, str]] | None = None,
) -> list[Child]:
    """The children of `students`, each with its own history and placements (`resolver` must
    know them all: their first placement is its first); `rows`, when given, are their
    (id, roster status) as read already, by id."""

    def where(cid: int | None) -> tuple[str | None, str]:
        return stage_of(grades.get(cid)) if cid is not None else None, resolver.class_name(cid)

    places: dict[int | None, tuple[str | None, str]] = {}  # class → (学段, class name)

    def place(sid: int):
        if not resolver.moved(sid):  # one class all along: worked out once
            cid = resolver.class_on(sid, dt.date.min)
            fixed = places.get(cid) or places.setdefault(cid, where(cid))
            return lambda _day: fixed
        return lambda day: where(resolver.class_on(sid, day))

    out = []
    if rows is None:
        sql = f"SELECT id, status FROM student WHERE id IN {IDS} ORDER BY id"
        rows = sql_rows(sql, as_json(students))
    for sid, status in rows:
        changes = [e.change for e in history.get(sid, [])]
        out.append(Child(sid, status, changes, resolver.first_day(sid), place(sid)))
    return out


def attendance(first: dt.date, last: dt.date) -> dict[str, ClassAttendance]:
    from kongchuo_desktop.domain.attendance import AbsenceReason
    from kongchuo_desktop.services.attendance.statistics import class_rates

    leave = (AbsenceReason.SICK.value, AbsenceReason.PERSONAL.value)
    out = {}
    for row in class_rates(first, last):
        if not row.expected_days:
            continue
        grade = row.order[0]
        out[row.name] = ClassAttendance(
            stage_of(grade),
            row.expected_days,
            row.missed_days,
            sum(v for r, v in row.by_reason.items() if r in leave),
        )
    return out


def cohorts(
    school_year: str, last: dt.date, kids: list[Child], history: dict[int, list[StatusEvent]]
) -> dict[str, CohortCount | None]:
    """The cohort in 六年级 (entered 一年级 five years earlier) and in 九年级 (七年级 two years
    earlier): its intake from that year's placements, its transfers since, and who is here now.
    None when the placements of the intake year are not in the records."""
    start_year = int(school_year[:4])
    classes = {
        c.id: (c.school_year, c.grade)
        for c in SchoolClass.select(SchoolClass.id, SchoolClass.school_year, SchoolClass.grade)
    }
    spells = membership.memberships()
    by_id = {k.student_id: k for k in kids}
    out: dict[str, CohortCount | None] = {}
    for stage, entry_grade, top_grade in (("小学", 1, 6), ("初中", 7, 9)):
        intake_year = (
            f"{start_year - (top_grade - entry_grade)}-{start_year - (top_grade - entry_grade) + 1}"
        )
        members = set()
        intake = set()
        for sid, rows in spells.items():
            for m in rows:
                year, grade = classes.get(m.class_id, ("", 0))
                if year == intake_year and grade == entry_grade:
                    intake.add(sid)
                if (
                    year[:4].isdigit()
                    and grade - (int(year[:4]) - int(intake_year[:4])) == entry_grade
                ):
                    members.add(sid)
        if not intake:
            out[stage] = None
            continue
        since = membership.year_start(intake_year)
        t_in = t_out = 0
        for sid in members:
            for e in history.get(sid, []):
                if e.change.date >= since and e.change.status == S.TRANSFERRED_IN.value:
                    t_in += sid not in intake
                if e.change.date >= since and e.change.status == S.TRANSFERRED_OUT.value:
                    t_out += 1
        now = sum(1 for sid in members if sid in by_id and by_id[sid].status_on(last) in ENROLLED)
        out[stage] = CohortCount(len(intake), t_in, t_out, now)
    total = [c for c in out.values() if c is not None]
    out["合计"] = (
        CohortCount(
            *(
                sum(getattr(c, f) for c in total)
                for f in ("intake", "transfers_in", "transfers_out", "now")
            )
        )
        if len(total) == 2
        else None
    )
    return out


def school_year_for(day: dt.date) -> str:
    return school_year_of(day)


def people(student_ids: list[int]) -> dict[int, dict]:
    """student → the personal columns of the lists."""
    if not student_ids:
        return {}
    out: dict[int, dict] = {}
    for s in Student.select().where(one_of(Student.id, student_ids)):
        out[s.id] = {
            "姓名": s.name,
            "性别": s.sex or None,
            "民族": s.ethnicity or None,
            "出生日期": s.birth_date,
            "身份证号": s.id_number,
            "学籍号": s.student_number,
            "户籍所在地": s.household_address or None,
            "家庭住址": s.address or None,
            "联系电话": s.phone or None,
            "残疾类型": s.disability_type or None,
            "是否残疾": "是" if s.disability_type else None,
        }
    for g in (
        Guardian.select()
        .where(one_of(Guardian.student, student_ids) & (Guardian.is_guardian == True))  # noqa: E712
        .order_by(Guardian.sort_order, Guardian.id)
    ):
        row = out[g.student_id]
        if not row.get("监护人"):
            row["监护人"] = g.name
            row["联系电话"] = g.phone or row.get("联系电话")
    flags: dict[int, set[str]] = defaultdict(set)
    for sid, flag in (
        RiskFlag.select(RiskFlag.student, RiskFlag.flag)
        .where(one_of(RiskFlag.student, student_ids))
        .tuples()
    ):
        flags[sid].add(flag)
    for sid, row in out.items():
        row["是否建档立卡"] = "是" if flags[sid] & {"建档立卡", "脱贫户", "监测户"} else "否"
        row["是否留守儿童"] = "是" if "留守儿童" in flags[sid] else "否"
    return out


@dataclass
class Missing:
    """Sources not on this branch yet: the note the preview and the notes sheet show."""

    notes: list[str]


def helpers(student_ids: list[int], day: dt.date, missing: Missing) -> dict[int, str]:
    """student → 包保责任人 on `day`: the 包保 teacher the responsibility service names (the
    三包 assignment). A child without one is left empty — the class head who stands in for
    escalations is not the 包保责任人 the bureau asks for."""
    if not student_ids:
        return {}
    out = {}
    for sid, who in responsible_for(student_ids, day).items():
        if who.guarantor is not None:
            out[sid] = who.guarantor.name
    without = len(set(student_ids) - set(out))
    if without:
        missing.notes.append(
            f"{without}名台账或花名册上的学生在{day.month}月{day.day}日没有包保教师："
            "“包保责任人”留空（到“三包责任”页指定）。"
        )
    return out


def cases(student_ids: list[int], school_year: str, day: dt.date) -> dict[int, dict]:
    """student → 劝返次数, 劝返措施及进展, 安置方式, 辍学原因 from the ledger of 劝返 cases
    (services.case_ledger), the child's latest case."""
    from kongchuo_desktop.services.case_ledger import ledger_rows

    wanted = set(student_ids)
    out: dict[int, dict] = {}
    for row in ledger_rows(school_year, today=day):
        if row.student_id not in wanted or row.opened_on > day:
            continue
        values = {
            "劝返次数": row.contacts,
            "劝返措施及进展": row.measures or None,
            "安置方式": row.placement or None,
            "辍学原因": row.reasons_text or None,
        }
        out[row.student_id] = {k: v for k, v in values.items() if v is not None}
    return out


def home_teaching(student_ids: list[int], first: dt.date, last: dt.date) -> dict[int, dict]:
    """student → 送教教师 (the plan's), 本月送教次数 and 本月送教课时 (the visits of the period),
    from the 送教上门 service."""
    from kongchuo_desktop.services import home_teaching as service

    if not student_ids:
        return {}
    out: dict[int, dict] = {sid: {"本月送教次数": 0, "本月送教课时": 0} for sid in student_ids}
    for visit in service.visits_between(first, last, student_ids):
        row = out[visit.student_id]
        row["本月送教次数"] += 1
        row["本月送教课时"] += visit.lessons or 0
    for sid in student_ids:
        plan = service.plan_for(sid)
        if plan is not None and plan.teachers:
            out[sid]["送教教师"] = plan.teachers
    return out
