"""The demo school's 易辍生预警 at a glance: the child away without a word for days is also the one
the class head calls school-averse (厌学), so the list opens on a clear 高; one child is back from
a 休学 last spring, one moved in this term. Added after the head-counts (services.demo's
DEMO_EXTENDERS), through the audited writes like the rest of the demo."""

from __future__ import annotations

import datetime as dt
import random

from kongchuo_desktop.db.models import RiskFlag, StatusChange, Student
from kongchuo_desktop.domain.student_status import StudentStatus as S
from kongchuo_desktop.services import audit
from kongchuo_desktop.services.attendance import escalation_ledger, rosters


def add_demo_risk(actor: str, rng: random.Random, summary: dict) -> None:
    today = dt.date.fromisoformat(summary["today"])
    term_start = dt.date.fromisoformat(summary["term_start"])
    chains = [c for c in escalation_ledger.student_chains(today) if c.last and c.last.is_open]
    if chains:
        away = max(chains, key=lambda c: (c.last.count, -c.student.id)).student
        _flag(actor, away, "厌学", "班主任反映近期多次说不想上学")
    classes = {(c.grade, c.number): c for c in rosters.current_classes(today)}
    taken = {c.student.id for c in chains}
    if (8, 3) in classes:
        back = _pick(rng, classes[(8, 3)].id, taken)
        if back is not None:
            _status(actor, back, S.SUSPENDED, term_start - dt.timedelta(days=190), "因病休学")
            _status(actor, back, S.RESUMED, term_start, "病愈复学")
            _flag(actor, back, "学困生", "休学半年，功课落下较多")
            taken.add(back.id)
    if (4, 2) in classes:
        moved = _pick(rng, classes[(4, 2)].id, taken)
        if moved is not None:
            _status(
                actor, moved, S.TRANSFERRED_IN, term_start + dt.timedelta(days=14), "随父母务工转入"
            )
            _flag(actor, moved, "随迁子女", "父母在镇上务工")


def _pick(rng: random.Random, class_id: int, taken: set[int]) -> Student | None:
    children = [s for s in rosters.class_students(class_id) if s.id not in taken]
    return rng.choice(children) if children else None


def _flag(actor: str, student: Student, flag: str, note: str) -> None:
    if (
        not RiskFlag.select()
        .where((RiskFlag.student == student) & (RiskFlag.flag == flag))
        .exists()
    ):
        audit.create(RiskFlag, actor, student=student, flag=flag, note=note)


def _status(actor: str, student: Student, status: S, day: dt.date, reason: str) -> None:
    audit.create(
        StatusChange,
        actor,
        student=student,
        status=status.value,
        date=day,
        reason=reason,
        approved_by="校长",
    )
    audit.update(student, actor, status=status.value)
