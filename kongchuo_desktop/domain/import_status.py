"""New students arriving by import in a status other than the ordinary ones (转出, 休学, 疑似辍学,
辍学, 毕业 …) are created only when confirmed: a register export that lists a child who left, or a
wrong cell, would otherwise create a child already gone or already counted as a dropout. The
GUI lists them in the preview to tick; the command line needs --accept-status. Rows not
confirmed are errors with the reason and are not imported.

A new child in school, transferred in or 随班就读 (the register's own column) arrives without
asking: that is how children arrive.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from kongchuo_desktop.domain.roster_plan import ImportPlan
from kongchuo_desktop.domain.roster_rows import ERROR, Record, RowProblem
from kongchuo_desktop.domain.student_status import StudentStatus as S

ARRIVE_WITHOUT_ASKING = frozenset({S.IN_SCHOOL, S.TRANSFERRED_IN, S.INCLUSIVE})
NOT_CONFIRMED = "新学生的学籍状态为“{status}”，导入后直接是这个状态；{how}"


def needs_confirming(status: str) -> bool:
    return bool(status) and S(status) not in ARRIVE_WITHOUT_ASKING


def asked_status_rows(plan: ImportPlan) -> list[Record]:
    """The new students (of the plan as made, before any confirmation) whose status is asked."""
    base = plan.source or plan
    return [rec for rec in base.new if needs_confirming(rec.status)]


def confirm_statuses(
    plan: ImportPlan,
    accept_rows: Iterable[int] | bool,
    how_to_confirm: str,
    status_column: str = "学籍状态",
) -> ImportPlan:
    """`plan` (already through confirm_classes) with only the asked rows in `accept_rows` (Excel
    row numbers; True: all) imported; the others are errors saying the status and how to confirm."""
    asked = {rec.row for rec in asked_status_rows(plan)}
    accepted = asked if accept_rows is True else set(accept_rows or ()) & asked
    refused = [rec for rec in plan.new if rec.row in asked - accepted]
    if not refused:
        return plan
    problems = list(plan.problems)
    for rec in refused:
        message = NOT_CONFIRMED.format(status=rec.status, how=how_to_confirm)
        problems.append(RowProblem(rec.row, status_column, message))
    problems.sort(key=lambda p: (p.row, p.severity != ERROR))
    gone = {rec.row for rec in refused}
    return dataclasses.replace(
        plan, new=[rec for rec in plan.new if rec.row not in gone], problems=problems
    )
