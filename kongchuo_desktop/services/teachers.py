"""教师: correcting a teacher's name, phone, subject and roles, and 离校 instead of deleting.

A teacher who left stays in the records (old head-counts, escalation steps and audit lines name
them). 离校 on a day ends their headships from that day in the dated head history
(services.responsibility), so from then on nobody is named for those classes: a gap the class
tab shows ("张三（已离校）") until the office sets a new 班主任.
The day itself is `Teacher.left_on` (schema v9; NULL for a teacher who left before the day was
kept, shown as 日期不详); the head history of the classes they led says the same day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.models import SchoolClass, Teacher
from kongchuo_desktop.domain import roster_values as rv
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.domain.roles import TEACHER_ROLES
from kongchuo_desktop.services import audit, guards, visibility
from kongchuo_desktop.services.calendar_service import current_school_year
from kongchuo_desktop.services.responsibility import set_class_head
from kongchuo_desktop.services.roster_queries import RosterError, checked_phone, class_rows

LEFT = "（已离校）"
UNKNOWN_DAY = "日期不详"
HEAD_LEFT = "班主任已离校"


def left_text(left_on: dt.date | None) -> str:
    """ "已离校（2026-11-02）", or "已离校（日期不详）" for a day never kept."""
    return f"已离校（{left_on or UNKNOWN_DAY}）"


def checked_roles(roles: Iterable[str] | str) -> str:
    """Roles as stored ("班主任,科任教师"), in the order of TEACHER_ROLES; unknown ones refused."""
    chosen = [r for r in (roles.split(",") if isinstance(roles, str) else roles) if r]
    unknown = [r for r in chosen if r not in TEACHER_ROLES]
    if unknown or not chosen:
        raise RosterError(
            f"教师角色“{'、'.join(unknown) or '（空）'}”无效，可选：{'、'.join(TEACHER_ROLES)}"
        )
    return ",".join(r for r in TEACHER_ROLES if r in chosen)


def edit_teacher(
    actor: str,
    teacher_id: int,
    *,
    name: str,
    phone: str = "",
    subject: str = "",
    roles: Iterable[str] | str = ("科任教师",),
    sex: str | None = None,
) -> Teacher:
    """Correct a teacher's details; only what changed is written (and audited)."""
    guards.school(Action.EDIT_SCHOOL)
    name = rv.name(name)
    if not name:
        raise RosterError("请填写教师姓名")
    changes = {
        "name": name,
        "phone": checked_phone(phone),
        "subject": subject.strip(),
        "roles": checked_roles(roles),
    }
    if sex is not None:
        changes["sex"] = rv.sex(sex)
    with current().atomic():
        teacher = Teacher.get_by_id(teacher_id)
        return audit.update(teacher, actor, **changes)


def headed_classes(teacher_id: int) -> list[SchoolClass]:
    """This year's classes (in use) the teacher is 班主任 of, in grade order."""
    return list(
        SchoolClass.select()
        .where(
            (SchoolClass.school_year == current_school_year())
            & (SchoolClass.archived == False)  # noqa: E712 - peewee expression
            & (SchoolClass.head_teacher == teacher_id)
        )
        .order_by(SchoolClass.grade, SchoolClass.number)
    )


def mark_left(actor: str, teacher_id: int, day: dt.date, today: dt.date | None = None) -> list[str]:
    """离校 from `day`: the teacher is no longer active and, from that day, no longer 班主任 of
    their classes (the classes show the gap). Returns the names of those classes."""
    guards.school(Action.EDIT_SCHOOL)
    today = today or dt.date.today()
    if day > today:
        raise RosterError(f"离校日期 {day} 晚于今天（{today}），请在离校后再登记")
    with current().atomic():
        teacher = Teacher.get_by_id(teacher_id)
        if not teacher.active:
            raise RosterError(f"{teacher.name}已经登记为离校")
        classes = headed_classes(teacher.id)
        for cls in classes:
            set_class_head(actor, cls, None, day)
        audit.update(teacher, actor, active=False, left_on=day)
    return [c.name for c in classes]


def mark_back(actor: str, teacher_id: int) -> None:
    """Undo a 离校 recorded by mistake (or a teacher who came back): active again. The classes
    they led keep the head they have now; set the 班主任 again where needed."""
    guards.school(Action.EDIT_SCHOOL)
    with current().atomic():
        teacher = Teacher.get_by_id(teacher_id)
        if teacher.active:
            raise RosterError(f"{teacher.name}没有登记离校")
        audit.update(teacher, actor, active=True, left_on=None)


@dataclass(frozen=True)
class HeadGap:
    """A class of this year in use whose 班主任 left (离校) and was not replaced."""

    class_id: int
    class_name: str
    teacher: str
    left_on: dt.date | None

    @property
    def text(self) -> str:
        day = f"{self.left_on:%m月%d日}起" if self.left_on else UNKNOWN_DAY
        return f"{self.class_name}：{HEAD_LEFT}（{self.teacher}，{day}）"


def head_gaps() -> list[HeadGap]:
    """The classes of this year (in use) left without a 班主任 by a teacher's 离校, in grade
    order: what 首页 and the classes tab show as gaps to fix (of the classes the acting account
    may read)."""
    gaps = [
        HeadGap(c.id, c.name, c.head_left, c.head_left_on)
        for c in class_rows()
        if c.head_left and not c.head_teacher and not c.archived
    ]
    return visibility.classes(gaps, lambda g: g.class_id)
