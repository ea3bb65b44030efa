"""The facts of the 转出 procedure and of merging two records of one child, for the event record
(services.events wraps them as its events: TRANSFER_STEP, TRANSFER_ABANDONED, MERGED).

Kept apart from services.events so that it grows by an adapter only. A `Fact` names its kind by
the EventKind's Chinese value.
- A 转出 step is a fact of its own day (the day written on the step, not the day typed in); a
  step of a procedure since abandoned is returned withdrawn. The abandonment is a fact of the day
  it was recorded.
- A merge is read from its audit line (action "merge" on the kept student): the merged record
  is deleted, its rows now belong to the kept one, and that line is the dated record of the merge.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from kongchuo_desktop.db.models import AuditLog, TransferProcedure, stored_day
from kongchuo_desktop.domain import transfer_steps as ts
from kongchuo_desktop.domain.status_rules import TRANSFER_OUT_STEPS

TRANSFER_STEP = "转出手续"
TRANSFER_ABANDONED = "撤回转出手续"
MERGED = "合并档案"
MERGE_ACTION = "merge"


@dataclass(frozen=True)
class Fact:
    kind: str  # an EventKind's value
    date: dt.date
    student_id: int
    table: str
    row_id: int
    text: str
    detail: str = ""
    withdrawn: bool = False


def transfer_facts(first: dt.date, last: dt.date, student_ids: list[int] | None) -> Iterable[Fact]:
    rows = TransferProcedure.select()
    if student_ids is not None:
        rows = rows.where(TransferProcedure.student.in_(student_ids))
    for p in rows.order_by(TransferProcedure.id):
        dropped = p.state == ts.ABANDONED
        for n, step in enumerate(TRANSFER_OUT_STEPS, start=1):
            record = (p.steps or {}).get(step)
            if not record:
                continue
            day = dt.date.fromisoformat(record["date"])
            if not (first <= day <= last):
                continue
            reason = f"转出原因：{p.reason}" if n == 1 and p.reason else ""
            yield Fact(
                TRANSFER_STEP,
                day,
                p.student_id,
                "transfer_procedure",
                p.id,
                f"转出手续第{n}步 {step}：{ts.step_line(step, record)}",
                "；".join(x for x in (reason, "手续已撤回" if dropped else "") if x),
                withdrawn=dropped,
            )
        if dropped and p.abandoned_at and first <= stored_day(p.abandoned_at) <= last:
            yield Fact(
                TRANSFER_ABANDONED,
                stored_day(p.abandoned_at),
                p.student_id,
                "transfer_procedure",
                p.id,
                f"撤回转出手续：{p.abandoned_reason}",
                f"登记：{p.abandoned_by}" if p.abandoned_by else "",
            )


def merge_facts(first: dt.date, last: dt.date, student_ids: list[int] | None) -> Iterable[Fact]:
    start = dt.datetime.combine(first, dt.time.min)
    end = dt.datetime.combine(last, dt.time.max)
    lines = AuditLog.select().where(
        (AuditLog.table == "student")
        & (AuditLog.action == MERGE_ACTION)
        & AuditLog.at.between(start, end)
    )
    if student_ids is not None:
        lines = lines.where(AuditLog.row_id.in_(student_ids))
    for line in lines.order_by(AuditLog.at, AuditLog.id):
        merged = (line.before or {}).get("merged", {})
        yield Fact(
            MERGED,
            stored_day(line.at),
            line.row_id,
            "audit_log",
            line.id,
            f"合并重复档案：{merged.get('summary', '')}",
            f"登记：{line.actor}",
        )
