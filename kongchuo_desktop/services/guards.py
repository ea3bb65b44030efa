"""Role checks for the writing services, keyed by what they are given (a class, a student, a
case, a contact, a leave): each resolves the child or class behind the id and asks
services/access.require, which refuses in Chinese. A service calls one of these before it
validates anything, so a refused account changes nothing.

tests/services/test_roles_guarded.py keeps the table of every guarded service function and the
Action it requires.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterable, Iterator

from kongchuo_desktop.db.case_models import Case, CaseContact
from kongchuo_desktop.db.models import LeaveRequest
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.services import access
from kongchuo_desktop.services.access import Actor

# The leave approval chain's steps (domain.leave.APPROVER_ROLES) and what each asks of an account.
LEAVE_STEP_ACTIONS = {
    "班主任": Action.APPROVE_LEAVE,  # the class's own head, or the office / 校长 for any class
    "教务处": Action.APPROVE_LEAVE,  # school-wide: 教务员 or 校长
    "校长": Action.APPROVE_LEAVE_BEYOND_OFFICE,
}


# Inside a step the acting account was already allowed (a case closed as 复学 also records the
# child's status), the services it calls do not ask again: see `part_of_allowed_step`.
_allowed_step: contextvars.ContextVar[bool] = contextvars.ContextVar("allowed_step", default=False)


@contextlib.contextmanager
def part_of_allowed_step() -> Iterator[None]:
    """The writes in this block follow from a step whose service checked the account: a
    班主任 who closes an own student's case as 复学 records the status change that goes with it
    without holding 修改花名册 himself. Use it only around such consequences."""
    token = _allowed_step.set(True)
    try:
        yield
    finally:
        _allowed_step.reset(token)


def _require(action: Action, **where) -> Actor:
    if _allowed_step.get():
        return access.current()
    return access.require(action, **where)


def school(action: Action, where: str = "") -> Actor:
    """The action over the whole school (no class or student narrows it)."""
    return _require(action, where=where)


def for_class(action: Action, class_id: int | None, where: str = "") -> Actor:
    if class_id is None:
        return _require(action, where=where)
    return _require(action, class_id=class_id, where=where)


def for_classes(action: Action, class_ids: Iterable[int]) -> Actor:
    actor = access.current()
    for cid in sorted(set(class_ids)):
        actor = _require(action, class_id=cid)
    return actor


def for_student(
    action: Action, student_id: int | None, day: dt.date | None = None, where: str = ""
) -> Actor:
    if student_id is None:
        return _require(action, where=where)
    return _require(action, student_id=student_id, day=day, where=where)


def for_students(action: Action, student_ids: Iterable[int], day: dt.date | None = None) -> Actor:
    if _allowed_step.get():
        return access.current()
    return access.require_all(action, student_ids, day)


def for_case(action: Action, case_id: int, day: dt.date | None = None) -> Actor:
    """A case of one of our students is that student's; a case of a person not on our roster
    (from the 摸底 list) is the office's."""
    if access.current().system or _allowed_step.get():
        return access.current()
    case = Case.get_or_none(Case.id == case_id)
    student_id = case.student_id if case is not None else None
    if student_id is None:
        return _require(action, where="未在本校花名册上的儿童的个案由教务处处理")
    return _require(action, student_id=student_id, day=day)


def for_contact(action: Action, contact_id: int) -> Actor:
    if access.current().system or _allowed_step.get():
        return access.current()
    contact = CaseContact.get_or_none(CaseContact.id == contact_id)
    if contact is None:
        return _require(action)
    if contact.student_id is None and contact.case_id is not None:
        return for_case(action, contact.case_id, contact.date)
    return for_student(action, contact.student_id, contact.date)


def for_leave(leave_id: int, step: str | None = None) -> Actor:
    """A leave of a child: 请假/销假/撤销 (no step) as the class's head or the office; approving
    one step of the chain as the role that step maps to. The 班主任 step is the class's head's;
    the 教务处 step needs the office's school-wide grant; the 校长 step only the 校长's."""
    if access.current().system or _allowed_step.get():
        return access.current()
    leave = LeaveRequest.get_or_none(LeaveRequest.id == leave_id)
    student_id = leave.student_id if leave is not None else None
    day = leave.start_date if leave is not None else None
    action = LEAVE_STEP_ACTIONS.get(step or "班主任", Action.APPROVE_LEAVE)
    if step == "教务处":
        return _require(action, where="教务处审批需由教务员或校长账号办理")
    if step == "校长":
        return _require(action, where="超过教务处权限的请假只能由校长审批")
    return for_student(action, student_id, day)
