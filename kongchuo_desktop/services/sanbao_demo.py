"""Demo 三包 assignments, so that a newcomer sees the 三包责任 page at work with a few gaps to find.

The principal holds the school; in every class the head holds most children and two subject
teachers the rest (the children with unexcused absences among them, so the escalation names a
包保 teacher who is not the class head); every flagged child but two has a 一帮一 helper teacher — one of them a child whose score needs one
(every third also a classmate); the villages with their cadres; letters signed in the second week
of term. Left to find: three children who joined without a 包保 teacher, a teacher who left in
November still holding four children, two teachers whose letters are not signed, two flagged
children with no helper and two addresses in no village.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from kongchuo_desktop.db.models import Absence, Assignment, RiskFlag, SchoolClass, Student, Teacher
from kongchuo_desktop.domain.sanbao import Role
from kongchuo_desktop.services import audit, risk_score, sanbao, teachers, villages
from kongchuo_desktop.services.sanbao import ON_ROLL_VALUES

CADRE_SURNAMES = "杨罗吴龙田石麻"


def add_demo_assignments(
    actor: str, rng: random.Random, summary: dict, village_names: tuple[str, ...]
) -> None:
    """`village_names`: the demo's villages (services.demo.VILLAGES), those the addresses name."""
    start = dt.date.fromisoformat(summary["term_start"])
    today = dt.date.fromisoformat(summary["today"])
    staff = list(Teacher.select().order_by(Teacher.id))
    principal = next(t for t in staff if "校长" in t.role_list)
    subject = [t for t in staff if t.role_list == ["科任教师"]]
    leaver, subject = subject[-1], subject[:-1]
    sanbao.set_principal(actor, principal.id, start)
    absent = {sid for (sid,) in Absence.select(Absence.student).distinct().tuples()}
    by_class: dict[int, list[Student]] = defaultdict(list)
    for s in (
        Student.select()
        .where(Student.status.in_(ON_ROLL_VALUES) & Student.school_class.is_null(False))
        .order_by(Student.id)
    ):
        by_class[s.school_class_id].append(s)
    rows, slot = [], 0
    newcomers: list[int] = []
    left_with: list[int] = []
    for cls in SchoolClass.select().order_by(SchoolClass.grade, SchoolClass.number):
        kids = sorted(by_class.get(cls.id, []), key=lambda s: (s.id not in absent, s.id))
        if cls.number == 2 and cls.grade in (3, 7, 8) and kids:
            newcomers.append(kids.pop().id)  # joined mid-term: nobody yet
        if cls.grade == 6 and cls.number == 1:
            left_with, kids = [k.id for k in kids[:4]], kids[4:]
        helpers_of_class = (subject[slot % len(subject)], subject[(slot + 1) % len(subject)])
        slot += 2
        share = max(0, len(kids) - 20)
        for i, kid in enumerate(kids):
            holder = helpers_of_class[i % 2].id if i < share else cls.head_teacher_id
            rows.append(
                {**_row(actor, Role.GUARANTOR, holder, kid.id, start), "confirmed_class": cls.id}
            )
    class_of = {s.id: s.school_class_id for kids in by_class.values() for s in kids}
    rows += [
        {**_row(actor, Role.GUARANTOR, leaver.id, sid, start), "confirmed_class": class_of[sid]}
        for sid in left_with
    ]
    on_roll = {s.id: s for kids in by_class.values() for s in kids}
    # The children the score says need a helper first, then the other flagged ones; the first of
    # each list is left without one (the gaps to find).
    needing = sorted(risk_score.students_needing_helper(today) & set(on_roll))
    flagged = sorted({sid for (sid,) in RiskFlag.select(RiskFlag.student).distinct().tuples()})
    others = [sid for sid in flagged if sid in on_roll and sid not in set(needing)]
    flagged = needing + others
    left_out = set(needing[:1] + others[:1])
    guarantor = {r["student"]: r["teacher"] for r in rows}
    for n, sid in enumerate(sid for sid in flagged if sid not in left_out):
        helper = subject[(n * 7) % len(subject)]
        if helper.id == guarantor.get(sid):  # a second teacher, not the 包保 one again
            helper = subject[(n * 7 + 1) % len(subject)]
        rows.append(_row(actor, Role.HELPER, helper.id, sid, start))
        mates = [m for m in by_class[on_roll[sid].school_class_id] if m.id not in set(flagged)]
        if n % 3 == 0 and mates:
            mate = rng.choice(mates)
            row = _row(actor, Role.STUDENT_HELPER, None, sid, start)
            rows.append({**row, "helper_student": mate.id, "person_name": mate.name})
    audit.create_many(Assignment, actor, rows)
    unsigned = {subject[3].id, subject[10].id}
    holders = {r["teacher"] for r in rows if r["teacher"] is not None} | {principal.id}
    for tid in sorted(holders - unsigned):
        sanbao.sign_letter(actor, tid, start + dt.timedelta(days=rng.randrange(7, 12)))
    # 离校 two weeks ago, in November: still holds 4 children.
    teachers.mark_left(actor, leaver.id, today - dt.timedelta(days=14), today=today)
    for i, name in enumerate(village_names):
        v = villages.add_village(actor, name)
        cadre = CADRE_SURNAMES[i % len(CADRE_SURNAMES)]
        villages.set_cadre(actor, v.id, Role.TOWNSHIP_CADRE, f"{cadre}镇长助理", start)
        villages.set_cadre(actor, v.id, Role.VILLAGE_CADRE, f"{cadre}支书", start)
    for sid in sorted(on_roll)[5:7]:
        audit.update(
            on_roll[sid], actor, address="青山县城关镇新街12号", household_address="青山县城关镇"
        )
    summary["sanbao"] = {
        "guarantor_rows": sum(r["role"] == Role.GUARANTOR.value for r in rows),
        "unassigned": newcomers,
        "left_teacher": leaver.name,
        "as_of": today.isoformat(),
    }


def _row(actor: str, role: Role, teacher: int | None, student: int, start: dt.date) -> dict:
    return {
        "role": role.value,
        "teacher": teacher,
        "person_name": "",
        "phone": "",
        "student": student,
        "helper_student": None,
        "grade": None,
        "village": None,
        "start_date": start,
        "end_date": None,
        "confirmed_on": start,
        "confirmed_class": None,
        "letter": None,
        "recorded_by": actor,
        "recorded_at": dt.datetime.now().replace(microsecond=0),
    }
