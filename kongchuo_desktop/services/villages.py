"""The school's list of villages and groups (村, 组), the cadres who answer for them (乡镇干部包村,
村干部包组: plain names and phones, not accounts, dated like every assignment), and the village
picked by hand for a child whose address names none (domain.sanbao.village_for matches the rest).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.models import Assignment, Student, StudentVillage, Village
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.domain.sanbao import Role
from kongchuo_desktop.services import audit, guards
from kongchuo_desktop.services.sanbao import SanbaoError, hold
from kongchuo_desktop.services.sanbao_resolver import Held, held_on

CADRE_ROLES = (Role.TOWNSHIP_CADRE, Role.VILLAGE_CADRE)


@dataclass(frozen=True)
class VillageRow:
    id: int
    name: str
    group_name: str
    township_cadre: str
    village_cadre: str
    phone: str

    @property
    def label(self) -> str:
        return self.name + self.group_name


def add_village(actor: str, name: str, group_name: str = "") -> Village:
    guards.school(Action.EDIT_SCHOOL)
    name, group_name = name.strip(), group_name.strip()
    if not name:
        raise SanbaoError("村名不能为空")
    with current().atomic():
        if Village.get_or_none((Village.name == name) & (Village.group_name == group_name)):
            raise SanbaoError(f"村组“{name}{group_name}”已在列表中")
        return audit.create(Village, actor, name=name, group_name=group_name)


def set_cadre(
    actor: str, village_id: int, role: Role, person: str, day: dt.date, phone: str = ""
) -> Assignment:
    """`person` (a plain name) answers for the village (乡镇干部) or the group (村干部) from `day`."""
    guards.school(Action.EDIT_SCHOOL)
    if role not in CADRE_ROLES:
        raise SanbaoError(f"村组只能指定{'或'.join(r.value for r in CADRE_ROLES)}")
    person = person.strip()
    if not person:
        raise SanbaoError(f"{role.value}的姓名不能为空")
    with current().atomic():
        village = Village.get_by_id(village_id)
        return hold(
            actor, role, day, {"person_name": person, "phone": phone.strip()}, village=village.id
        )


def pick_village(actor: str, student_id: int, village_id: int) -> StudentVillage:
    """The child belongs to this village or group (the address did not say)."""
    guards.school(Action.EDIT_ROSTER)
    with current().atomic():
        student = Student.get_by_id(student_id)
        village = Village.get_by_id(village_id)
        row = StudentVillage.get_or_none(StudentVillage.student == student.id)
        if row is None:
            return audit.create(
                StudentVillage, actor, student=student.id, village=village.id, picked_by=actor
            )
        return audit.update(row, actor, village=village.id, picked_by=actor)


def villages(day: dt.date) -> list[VillageRow]:
    """The list with each row's cadres on `day`."""
    held: dict[tuple[int, str], list[Held]] = {}
    for a in Assignment.select().where(Assignment.role.in_([r.value for r in CADRE_ROLES])):
        held.setdefault((a.village_id, a.role), []).append(
            Held(a.id, a.start_date, a.end_date, None, f"{a.person_name}\t{a.phone}", None)
        )
    out = []
    for v in Village.select().order_by(Village.name, Village.group_name):
        names = []
        for role in CADRE_ROLES:
            found = held_on(held.get((v.id, role.value), ()), day)
            names.append(found[0].person.split("\t") if found else ["", ""])
        out.append(
            VillageRow(
                v.id,
                v.name,
                v.group_name,
                names[0][0],
                names[1][0],
                "、".join(p for _n, p in names if p),
            )
        )
    return out
