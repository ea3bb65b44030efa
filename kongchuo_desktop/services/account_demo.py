"""The demo school's accounts: one per role, all with the same password, shown on the login
screen while the data is the demo school (views/login_dialog.py) so a newcomer can try each role.
The 班主任 account is linked to 七年级1班's class head, the 教师 account to a teacher who is 包保
for some children, the 校长 account to the principal."""

from __future__ import annotations

import random

from kongchuo_desktop.db.models import Assignment, SchoolClass, Teacher
from kongchuo_desktop.domain.permissions import ACCOUNT_ROLES, CLASS_HEAD, PRINCIPAL, TEACHER
from kongchuo_desktop.domain.sanbao import Role
from kongchuo_desktop.services import accounts

DEMO_PASSWORD = "demo1234"


def _teacher_for(role: str) -> int | None:
    if role == PRINCIPAL:
        found = Teacher.get_or_none(Teacher.roles.contains("校长") & ~Teacher.roles.contains("副"))
        return found.id if found else None
    if role == CLASS_HEAD:
        cls = (
            SchoolClass.select()
            .where((SchoolClass.grade == 7) & (SchoolClass.number == 1))
            .order_by(SchoolClass.school_year.desc())
            .first()
        )
        return cls.head_teacher_id if cls else None
    if role == TEACHER:
        row = (
            Assignment.select()
            .where(
                (Assignment.role == Role.GUARANTOR)
                & Assignment.teacher.is_null(False)
                & Assignment.end_date.is_null(True)
            )
            .order_by(Assignment.id)
            .first()
        )
        return row.teacher_id if row else None
    return None


def add_demo_accounts(actor: str, rng: random.Random, summary: dict) -> None:
    for role in ACCOUNT_ROLES:
        accounts.create_account(
            role, DEMO_PASSWORD, [role], teacher_id=_teacher_for(role), actor=actor
        )
    summary["accounts"] = list(ACCOUNT_ROLES)
