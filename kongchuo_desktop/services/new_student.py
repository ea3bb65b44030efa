"""What 新增学生 asks besides the register fields: the birth date (taken from the ID number when
there is one, else as typed) and the first guardian (name, relation, phone), checked like the
student page's editor checks them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kongchuo_desktop.db.models import Guardian, Student
from kongchuo_desktop.domain import id_number as idn
from kongchuo_desktop.domain import phone_number
from kongchuo_desktop.domain import roster_values as rv
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import audit, guards


@dataclass(frozen=True)
class FirstGuardian:
    name: str = ""
    relation: str = ""
    phone: str = ""

    @property
    def empty(self) -> bool:
        return not (self.name.strip() or self.relation.strip() or self.phone.strip())


def checked_birth_date(number: str, typed: dt.date | None, today: dt.date) -> dt.date | None:
    """The child's birth date: the ID number's (a typed date must agree with it), else the typed
    one, which cannot be in the future."""
    from_id = idn.birth_date(number) if number else None
    if from_id and typed and typed != from_id:
        raise UserError(f"出生日期{typed:%Y-%m-%d}与身份证件号中的{from_id:%Y-%m-%d}不一致，请核对")
    born = from_id or typed
    if born and born > today:
        raise UserError("出生日期不能晚于今天")
    return born


def checked_guardian(guardian: FirstGuardian | None) -> FirstGuardian | None:
    """The guardian cleaned, or None when nothing was typed; UserError (Chinese) when a name is
    missing or the phone is not a mobile or an area-code landline."""
    if guardian is None or guardian.empty:
        return None
    try:
        name = rv.name(guardian.name)
        relation = rv.text(guardian.relation)
        phone = rv.phone(guardian.phone)
    except ValueError as exc:
        raise UserError(f"监护人：{exc}") from exc
    if not name:
        raise UserError("请填写监护人姓名（或把监护人一栏全部留空）")
    if why := phone_number.problem(phone, f"监护人{name}的联系电话"):
        raise UserError(why)
    return FirstGuardian(name, relation, phone)


def add_first_guardian(actor: str, student: Student, guardian: FirstGuardian | None) -> None:
    guards.school(Action.EDIT_ROSTER)
    if guardian is None:
        return
    audit.create(
        Guardian,
        actor,
        student=student,
        name=guardian.name,
        relation=guardian.relation,
        phone=guardian.phone,
        is_guardian=True,
        sort_order=0,
    )
