"""The demo school's 教师考核, so that a newcomer sees teacher pages with real entries. The return
of case C (services.case_demo) already rewards its visitors by the default rules; here the
principal adds two adjustments with their reasons, one up, one down. No child is marked 辍学 here:
the demo's head-counts and in-school figures stay as the other demo parts made them."""

from __future__ import annotations

import datetime as dt
import random

from kongchuo_desktop.db.models import SchoolClass
from kongchuo_desktop.services import assessment_report
from kongchuo_desktop.services.calendar_service import term_containing

ADJUSTMENTS = (
    ("组织本班控辍保学宣传月活动，家长会到会率100%", 2.0, 0.0),
    ("一名学生连续缺课三天未及时家访，经提醒后补做", -1.0, -50.0),
)


def add_demo_assessment(actor: str, rng: random.Random, summary: dict) -> None:
    today = dt.date.fromisoformat(summary["today"])
    term = term_containing(today)
    heads = [
        c.head_teacher_id
        for c in SchoolClass.select().where(SchoolClass.head_teacher.is_null(False))
    ]
    if term is None or len(heads) < 2:
        return
    key = f"{term.school_year}-{term.semester}"
    for tid, (reason, points, amount) in zip(rng.sample(heads, 2), ADJUSTMENTS, strict=True):
        assessment_report.add_adjustment(
            actor, key, tid, reason, points=points, amount=amount, day=today
        )
    summary["assessment_adjustments"] = len(ADJUSTMENTS)
