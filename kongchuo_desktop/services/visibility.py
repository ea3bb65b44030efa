"""What the acting account may read (issue 17 item 2): the services that list students narrow
their rows here, and the ones asked for one class or one student refuse in Chinese when it is
not the account's — a 班主任 reads the own classes, a 教师 the students he is 包保 for; every
other role (管理员 教务员 校长 只读, and the system user) reads the whole school.

The rules are access.visible_class_ids / visible_student_ids; this module applies them to rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TypeVar

from kongchuo_desktop.db.models import SchoolClass
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import access

T = TypeVar("T")


class NotVisible(UserError):
    """The acting account asked for a class or a child it may not read."""


def whole_school() -> bool:
    """The acting account reads every class (nothing to narrow)."""
    return access.visible_class_ids() is None


def _who() -> str:
    return f"账号“{access.current().name}”"


def _limit_text() -> str:
    actor = access.current()
    if not actor.can(Action.READ):
        return "没有查看学生的权限"
    if access.visible_class_ids():
        return "只能查看本人所带班级的学生"
    return "只能查看本人包保的学生"


def require_class(class_id: int) -> None:
    """Refuse (NotVisible) unless the acting account may read the class's students."""
    visible = access.visible_class_ids()
    if visible is None or class_id in visible:
        return
    cls = SchoolClass.get_or_none(SchoolClass.id == class_id)
    name = cls.name if cls is not None else f"编号为 {class_id} 的班级"
    raise NotVisible(f"{_who()}{_limit_text()}，不能查看{name}的学生名单。请换用有权限的账号。")


def require_student(student_id: int, day: dt.date | None = None) -> None:
    """Refuse (NotVisible) unless the acting account may read this child."""
    if whole_school() or access.visible_student_ids([student_id], day):
        return
    raise NotVisible(
        f"{_who()}{_limit_text()}，这名学生不在其中，不能查看其信息。请换用有权限的账号。"
    )


def students(
    rows: Iterable[T], student_id: Callable[[T], int | None], day: dt.date | None = None
) -> list[T]:
    """The rows about children the acting account may read. A row with no child on our roster
    (a case of a child who is not ours) only for those who read the whole school."""
    rows = list(rows)
    if whole_school():
        return rows
    ids = {i for i in (student_id(r) for r in rows) if i is not None}
    seen = access.visible_student_ids(ids, day)
    return [r for r in rows if student_id(r) in seen]


def classes(rows: Iterable[T], class_id: Callable[[T], int | None]) -> list[T]:
    """The rows of classes the acting account may read."""
    rows = list(rows)
    visible = access.visible_class_ids()
    if visible is None:
        return rows
    return [r for r in rows if class_id(r) in visible]
