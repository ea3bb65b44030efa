"""教师: correcting a teacher's name, phone, subject and roles, and 离校 instead of deleting.

A teacher who left stays in the records (old head-counts, escalation steps and audit lines name
them). 离校 on a day ends their headships from that day in the dated head history
(services.responsibility), so from then on nobody is named for those classes: a gap the class
tab shows ("张三（已离校）") until the office sets a new 班主任.
The teacher table has no column for the day itself (schema v7): the day is kept by the head
history of the classes they led and, as always, by the audit trail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.models import SchoolClass, Teacher
from kongchuo_desktop.domain import roster_values as rv
from kongchuo_desktop.domain.roles import TEACHER_ROLES
from kongchuo_desktop.services import audit
from kongchuo_desktop.services.calendar_service import current_school_year
from kongchuo_desktop.services.responsibility import set_class_head
from kongchuo_desktop.services.roster_queries import RosterError, checked_phone

LEFT = "（已离校）"


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
        audit.update(teacher, actor, active=False)
    return [c.name for c in classes]


def mark_back(actor: str, teacher_id: int) -> None:
    """Undo a 离校 recorded by mistake (or a teacher who came back): active again. The classes
    they led keep the head they have now; set the 班主任 again where needed."""
    with current().atomic():
        teacher = Teacher.get_by_id(teacher_id)
        if teacher.active:
            raise RosterError(f"{teacher.name}没有登记离校")
        audit.update(teacher, actor, active=True)
