"""转出手续, saved step by step (书面申请 → 班主任意见 → 接收学校 → 分管校长审批): each step with its
day, who and a note (接收学校: the school's name), listed as 办理中 on the student page and 首页
until the last step, which records the 学籍变动 转出 through services.student_status (its rules
and its question). A procedure can be abandoned (撤回) with a reason. Every write is audited; the
steps are read by the event record (services.people_events)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.models import SchoolClass, Student, TransferProcedure
from kongchuo_desktop.domain import transfer_steps as ts
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.domain.status_rules import TRANSFER_OUT_STEPS, refusal
from kongchuo_desktop.domain.student_status import StudentStatus
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import audit, guards, visibility
from kongchuo_desktop.services.student_status import change_question, change_status, current_status


class TransferError(UserError, ValueError):
    """The step cannot be saved; the message says why."""


@dataclass(frozen=True)
class StepDone:
    step: str
    date: dt.date
    by: str
    note: str
    school: str = ""

    @property
    def line(self) -> str:
        return f"{self.step}：{ts.step_line(self.step, self.__dict__ | {'date': str(self.date)})}"


@dataclass(frozen=True)
class Procedure:
    id: int
    student_id: int
    student_name: str
    class_name: str
    state: str
    reason: str
    receiving_school: str
    steps: tuple[StepDone, ...]
    abandoned_reason: str = ""

    @property
    def next_step(self) -> str | None:
        return ts.next_step({s.step: s for s in self.steps})

    @property
    def progress(self) -> str:
        """ "转出办理中（已办2/4步，下一步：接收学校）" """
        if self.state != ts.IN_PROGRESS:
            return f"转出手续{self.state}"
        n = len(self.steps)
        return (
            f"转出{ts.IN_PROGRESS}（已办{n}/{len(TRANSFER_OUT_STEPS)}步，下一步：{self.next_step}）"
        )


def _view(p: TransferProcedure) -> Procedure:
    student = p.student
    cls = SchoolClass.get_or_none(SchoolClass.id == student.school_class_id)
    steps = tuple(
        StepDone(
            step,
            dt.date.fromisoformat(r["date"]),
            r.get("by", ""),
            r.get("note", ""),
            r.get("school", ""),
        )
        for step in TRANSFER_OUT_STEPS
        if (r := (p.steps or {}).get(step))
    )
    return Procedure(
        p.id,
        student.id,
        student.name,
        cls.name if cls else "",
        p.state,
        p.reason,
        p.receiving_school,
        steps,
        p.abandoned_reason,
    )


def open_procedure(student_id: int) -> Procedure | None:
    """The child's 转出 procedure 办理中, if there is one."""
    p = (
        TransferProcedure.select()
        .where(
            (TransferProcedure.student == student_id) & (TransferProcedure.state == ts.IN_PROGRESS)
        )
        .first()
    )
    return _view(p) if p else None


def in_progress() -> list[Procedure]:
    """Every procedure 办理中 of a child the acting account may read, oldest first: what 首页
    lists."""
    rows = (
        TransferProcedure.select()
        .where(TransferProcedure.state == ts.IN_PROGRESS)
        .order_by(TransferProcedure.created_at, TransferProcedure.id)
    )
    return [_view(p) for p in visibility.students(rows, lambda p: p.student_id)]


def procedures_of(student_id: int) -> list[Procedure]:
    return [
        _view(p)
        for p in TransferProcedure.select()
        .where(TransferProcedure.student == student_id)
        .order_by(TransferProcedure.id)
    ]


def final_question(procedure_id: int) -> str:
    """The question asked before the last step: the status change and what will follow."""
    p = TransferProcedure.get_by_id(procedure_id)
    return change_question(p.student_id, StudentStatus.TRANSFERRED_OUT) or ""


def start(
    actor: str,
    student_id: int,
    reason: str,
    day: dt.date,
    by: str,
    note: str = "",
    today: dt.date | None = None,
) -> Procedure:
    """Open the procedure with its first step, 书面申请 (who asked, on which day)."""
    guards.school(Action.EDIT_ROSTER)
    today = today or dt.date.today()
    if not reason.strip():
        raise TransferError("请填写转出原因（例如：随父母到广东就读）")
    with current().atomic():
        student = Student.get_by_id(student_id)
        if open_procedure(student_id) is not None:
            raise TransferError(f"{student.name}已有办理中的转出手续，请接着办理下一步")
        why = refusal(current_status(student), StudentStatus.TRANSFERRED_OUT)
        if why:
            raise TransferError(f"{student.name}：{why}")
        first = TRANSFER_OUT_STEPS[0]
        why = ts.step_refusal({}, first, day, by, today)
        if why:
            raise TransferError(why)
        p = audit.create(
            TransferProcedure,
            actor,
            student=student,
            reason=reason.strip(),
            steps={first: _record(day, by, note)},
            recorded_by=actor,
        )
    return _view(p)


def _record(day: dt.date, by: str, note: str, school: str = "") -> dict[str, str]:
    record = {"date": day.isoformat(), "by": by.strip(), "note": note.strip()}
    if school.strip():
        record["school"] = school.strip()
    return record


def save_step(
    actor: str,
    procedure_id: int,
    step: str,
    day: dt.date,
    by: str,
    note: str = "",
    receiving_school: str = "",
    today: dt.date | None = None,
) -> Procedure:
    """Save the next step. The last one (分管校长审批) records the 学籍变动 转出 dated that day, with
    every step as its papers, in the same transaction: the caller asks `final_question` first."""
    guards.school(Action.EDIT_ROSTER)
    today = today or dt.date.today()
    with current().atomic():
        p = TransferProcedure.get_by_id(procedure_id)
        if p.state != ts.IN_PROGRESS:
            raise TransferError(f"这份转出手续{p.state}，不能再办理")
        done = dict(p.steps or {})
        why = ts.step_refusal(done, step, day, by, today, receiving_school)
        if why:
            raise TransferError(f"{p.student.name}：{why}")
        done[step] = _record(day, by, note, receiving_school)
        changes: dict[str, object] = {"steps": done}
        if step == ts.RECEIVING_SCHOOL_STEP:
            changes["receiving_school"] = receiving_school.strip()
        if step == ts.LAST_STEP:
            change = change_status(
                actor,
                p.student_id,
                StudentStatus.TRANSFERRED_OUT,
                day,
                p.reason,
                documents="书面申请",
                approved_by=by,
                details={s: ts.step_line(s, r) for s, r in done.items()},
                today=today,
            )
            changes |= {"state": ts.DONE, "status_change": change}
        audit.update(p, actor, **changes)
    return _view(p)


def abandon(actor: str, procedure_id: int, reason: str, today: dt.date | None = None) -> Procedure:
    """撤回: the procedure stops (the family stayed, the other school refused …), kept with why."""
    guards.school(Action.EDIT_ROSTER)
    if not reason.strip():
        raise TransferError("请填写撤回的原因（例如：家长决定不转学）")
    now = dt.datetime.now().replace(microsecond=0)
    at = dt.datetime.combine(today, now.time()) if today else now
    with current().atomic():
        p = TransferProcedure.get_by_id(procedure_id)
        if p.state != ts.IN_PROGRESS:
            raise TransferError(f"这份转出手续{p.state}，不能撤回")
        audit.update(
            p,
            actor,
            state=ts.ABANDONED,
            abandoned_at=at,
            abandoned_by=actor,
            abandoned_reason=reason.strip(),
        )
    return _view(p)
