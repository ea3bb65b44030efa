"""学籍变动: the only place a student's status changes. History is appended, never overwritten;
`Student.status` is a cache of the latest change not withdrawn. A change recorded by mistake is
withdrawn (撤销, undo_status_change): marked, never deleted, and the child returns to the status
before it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kongchuo_desktop import settings
from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.models import StatusChange, Student, stored_day
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.domain.status_rules import (
    APPROVAL_STEP,
    CONFIRM_BEFORE,
    RecordedChange,
    Undo,
    change_consequence,
    date_refusal,
    paperwork_refusal,
    refusal,
    undo_consequence,
    undo_of,
    undo_refusal,
)
from kongchuo_desktop.domain.student_status import StudentStatus
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import audit, case_opening, guards
from kongchuo_desktop.setting_specs import DEFERRAL_MAX_MONTHS_SETTING

DEFERRAL_SETTING = DEFERRAL_MAX_MONTHS_SETTING.key


class StatusChangeError(UserError, ValueError):
    """The change is impossible; the message says why, in Chinese."""


def history(student: Student | int, include_withdrawn: bool = False) -> list[StatusChange]:
    """The child's changes, oldest first; the withdrawn ones only when asked."""
    q = StatusChange.select().where(StatusChange.student == student)
    if not include_withdrawn:
        q = q.where(StatusChange.withdrawn_at.is_null())
    return list(q.order_by(StatusChange.date, StatusChange.id))


def current_status(student: Student) -> StudentStatus:
    """The status as the history says: its latest change not withdrawn (none: 在校)."""
    last = history(student)
    return StudentStatus(last[-1].status) if last else StudentStatus.IN_SCHOOL


def change_status(
    actor: str,
    student: Student | int,
    new_status: StudentStatus | str,
    date: dt.date,
    reason: str,
    documents: str = "",
    approved_by: str = "",
    *,
    until: dt.date | None = None,
    details: dict[str, str] | None = None,
    today: dt.date | None = None,
) -> StatusChange:
    """Record a 学籍变动, or raise StatusChangeError with the reason it is impossible.

    `details` holds the approval steps the change needs ({"书面申请": …, "班主任意见": …});
    `until` is the end of a 延缓入学 (at most a year) or 休学. `date` can be neither after `today`
    (default: the real today) nor before the child was born. `student` is a row or its id."""
    guards.school(Action.EDIT_ROSTER)
    today = today or dt.date.today()
    if isinstance(student, int):
        student = Student.get_by_id(student)
    try:
        new = StudentStatus(new_status)
    except ValueError as exc:
        names = "、".join(s.value for s in StudentStatus)
        raise StatusChangeError(f"没有“{new_status}”这种学籍状态（可选：{names}）") from exc
    if not reason.strip():
        raise StatusChangeError("请填写变动原因")
    with current().atomic():
        now = current_status(student)
        why_not = refusal(now, new)
        if why_not:
            raise StatusChangeError(f"{student.name}：{why_not}")
        why_not = paperwork_refusal(
            new, date, details, approved_by, until, settings.get(DEFERRAL_SETTING)
        )
        if why_not:
            raise StatusChangeError(f"{student.name}：{why_not}")
        born = student.birth_date
        if isinstance(born, str):  # a Student built in memory holds the text it was given
            born = dt.date.fromisoformat(born)
        why_not = date_refusal(date, today, born or None)
        if why_not:
            raise StatusChangeError(f"{student.name}：{why_not}")
        last = history(student)
        if last and date < last[-1].date:
            raise StatusChangeError(
                f"{student.name}：变动日期 {date} 早于上一次变动"
                f"（{last[-1].date} {last[-1].status}）"
            )
        change = audit.create(
            StatusChange,
            actor,
            student=student,
            status=new.value,
            date=date,
            reason=reason.strip(),
            documents=documents.strip(),
            approved_by=approved_by.strip() or _approval_from(new, details),
            recorded_by=actor,
            until=until,
            details=_clean(details),
        )
        audit.update(student, actor, status=new.value)
        if new in (StudentStatus.SUSPECTED_DROPOUT, StudentStatus.DROPOUT):
            # A child marked away always has an open 劝返 case (一生一案).
            case_opening.ensure_open_case(
                actor, student.id, date, "status", f"学籍标记为{new.value}"
            )
    return change


def _clean(details: dict[str, str] | None) -> dict[str, str] | None:
    if not details:
        return None
    kept = {str(k): str(v).strip() for k, v in details.items() if str(v or "").strip()}
    return kept or None


def _approval_from(new: StudentStatus, details: dict[str, str] | None) -> str:
    step = APPROVAL_STEP.get(new)
    return str((details or {}).get(step) or "").strip() if step else ""


# --- 撤销 -------------------------------------------------------------------------------------------


def _recorded(student: Student | int) -> list[RecordedChange]:
    return [
        RecordedChange(
            c.id, StudentStatus(c.status), stored_day(c.date), c.withdrawn_at is not None
        )
        for c in history(student, include_withdrawn=True)
    ]


def _class_name(student: Student) -> str:
    """The child's class as the head-count knows it: "" for none, or an archived (past) one."""
    if student.school_class_id is None or student.school_class.archived:
        return ""
    return student.school_class.name


@dataclass(frozen=True)
class UndoPreview:
    """What 撤销 would do for one child, for the window to ask about: `refusal` says why it
    cannot (then `undo` is None or not allowed), `question` what will follow."""

    student_id: int
    name: str
    undo: Undo | None
    refusal: str | None
    question: str


def undo_preview(student_id: int) -> UndoPreview:
    student = Student.get_by_id(student_id)
    changes = _recorded(student)
    why_not = undo_refusal(changes)
    undo = undo_of(changes)
    question = ""
    if why_not is None and undo is not None:
        question = undo_consequence(student.name, undo, _class_name(student))
    return UndoPreview(student.id, student.name, undo, why_not, question)


def undo_status_change(
    actor: str, student_id: int, reason: str, today: dt.date | None = None
) -> StatusChange:
    """Withdraw the child's latest 学籍变动 not yet withdrawn (撤销, e.g. “录入错误”): the change
    stays recorded, marked withdrawn (when, by whom, why), and the child returns to the status
    before it. One transaction, audited. Raises StatusChangeError when there is nothing to undo.
    Returns the withdrawn change. `today` dates the withdrawal (default: the real today)."""
    guards.school(Action.EDIT_ROSTER)
    if not reason.strip():
        raise StatusChangeError("请填写撤销原因（例如：录入错误）")
    now = dt.datetime.now().replace(microsecond=0)
    at = dt.datetime.combine(today, now.time()) if today else now
    with current().atomic():
        student = Student.get_by_id(student_id)
        changes = _recorded(student)
        why_not = undo_refusal(changes)
        undo = undo_of(changes)
        if why_not or undo is None:
            raise StatusChangeError(f"{student.name}：{why_not}")
        change = StatusChange.get_by_id(undo.change.id)
        audit.update(
            change,
            actor,
            withdrawn_at=at,
            withdrawn_by=actor,
            withdrawn_reason=reason.strip(),
        )
        audit.update(student, actor, status=undo.restored.value)
    return change


def change_question(student_id: int, new_status: StudentStatus | str) -> str | None:
    """The question to ask before recording `new_status` (转出, 死亡, 辍学: what will follow),
    or None when the change is saved without asking."""
    new = StudentStatus(new_status)
    if new not in CONFIRM_BEFORE:
        return None
    student = Student.get_by_id(student_id)
    return change_consequence(student.name, current_status(student), new, _class_name(student))
