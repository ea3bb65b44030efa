"""学籍变动: the only place a student's status changes. History is appended, never overwritten;
`Student.status` is a cache of the latest change."""

from __future__ import annotations

import datetime as dt

from kongchuo_desktop import settings
from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.models import StatusChange, Student
from kongchuo_desktop.domain.status_rules import (
    APPROVAL_STEP,
    date_refusal,
    paperwork_refusal,
    refusal,
)
from kongchuo_desktop.domain.student_status import StudentStatus
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import audit
from kongchuo_desktop.setting_specs import DEFERRAL_MAX_MONTHS_SETTING

DEFERRAL_SETTING = DEFERRAL_MAX_MONTHS_SETTING.key


class StatusChangeError(UserError, ValueError):
    """The change is impossible; the message says why, in Chinese."""


def history(student: Student) -> list[StatusChange]:
    return list(
        StatusChange.select()
        .where(StatusChange.student == student)
        .order_by(StatusChange.date, StatusChange.id)
    )


def current_status(student: Student) -> StudentStatus:
    """The status as the history says (no history: 在校)."""
    last = (
        StatusChange.select()
        .where(StatusChange.student == student)
        .order_by(StatusChange.date.desc(), StatusChange.id.desc())
        .first()
    )
    return StudentStatus(last.status) if last else StudentStatus.IN_SCHOOL


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
    return change


def _clean(details: dict[str, str] | None) -> dict[str, str] | None:
    if not details:
        return None
    kept = {str(k): str(v).strip() for k, v in details.items() if str(v or "").strip()}
    return kept or None


def _approval_from(new: StudentStatus, details: dict[str, str] | None) -> str:
    step = APPROVAL_STEP.get(new)
    return str((details or {}).get(step) or "").strip() if step else ""
