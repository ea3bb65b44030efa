"""The demo school's 教师考核, so that a newcomer finds every teacher's page with real entries,
each one following from a recorded fact by the default rules:

- the return of case C (services.case_demo) rewards its visitors; the 送教上门 months on plan
  reward the teachers who went (services.home_teaching_demo); an overdue notice costs the 包保
  teacher and the class head (services.notice_demo);
- 学困生: each class names its 学困生 a week into term (those the roster already flags, and one
  more), and at the 期中 exam one of them moved up into the top 80%: the class head earns it;
- every teacher with no entry yet goes on a planned home visit to a child he holds (包保 or
  一帮一), the school's leaders joining one each: 按计划完成家访. A teacher who left went
  before leaving;
- the principal adds two adjustments with their reasons, one up, one down.

No child is marked 辍学 here: the demo's head-counts, in-school figures and reports stay as the
other demo parts made them (a routine visit is not a 劝返 case's contact, and the 学困生 marked as
moved up is the one named here, so the roster's flags end as they were).
"""

from __future__ import annotations

import datetime as dt
import random

from kongchuo_desktop.db.models import Assignment, RiskFlag, SchoolClass, Student, Teacher
from kongchuo_desktop.domain.sanbao import Role
from kongchuo_desktop.domain.student_status import ON_ROLL
from kongchuo_desktop.services import assessment_report, case_contacts, struggling
from kongchuo_desktop.services.calendar_service import term_containing
from kongchuo_desktop.services.case_contacts import ContactInput

ADJUSTMENTS = (
    ("组织本班控辍保学宣传月活动，家长会到会率100%", 2.0, 0.0),
    ("一名学生连续缺课三天未及时家访，经提醒后补做", -1.0, -50.0),
)
ON_ROLL_VALUES = [s.value for s in ON_ROLL]


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
    start = dt.date.fromisoformat(summary["term_start"])
    summary["struggling_named"] = _demo_struggling(actor, rng, key, start, today)
    summary["planned_visits"] = _demo_planned_visits(actor, rng, key, start, today)
    for tid, (reason, points, amount) in zip(rng.sample(heads, 2), ADJUSTMENTS, strict=True):
        assessment_report.add_adjustment(
            actor, key, tid, reason, points=points, amount=amount, day=today
        )
    summary["assessment_adjustments"] = len(ADJUSTMENTS)


def _demo_struggling(
    actor: str, rng: random.Random, term: str, start: dt.date, today: dt.date
) -> int:
    """Each class's 学困生 named a week into term; one of them moved up at the 期中 exam."""
    named_on = start + dt.timedelta(days=7)
    flagged = {
        sid
        for (sid,) in RiskFlag.select(RiskFlag.student).where(RiskFlag.flag == "学困生").tuples()
    }
    count = 0
    classes = SchoolClass.select().where(
        SchoolClass.head_teacher.is_null(False) & (SchoolClass.archived == False)  # noqa: E712
    )
    for cls in classes.order_by(SchoolClass.grade, SchoolClass.number):
        pupils = [
            sid
            for (sid,) in Student.select(Student.id)
            .where((Student.school_class == cls.id) & Student.status.in_(ON_ROLL_VALUES))
            .order_by(Student.id)
            .tuples()
        ]
        limit = struggling.most_named(len(pupils))
        fresh = [sid for sid in pupils if sid not in flagged]
        if limit < 1 or not fresh:
            continue
        already = [sid for sid in pupils if sid in flagged][: limit - 1]
        up = rng.choice(fresh)
        struggling.name_struggling(actor, cls.id, [*already, up], named_on)
        exam = today - dt.timedelta(days=rng.randrange(6, 12))
        struggling.mark_progress(actor, up, term, exam, True, "期中考试进入班级前80%")
        count += len(already) + 1
    return count


def _held(teacher_id: int) -> list[int]:
    """The children on the roll a teacher holds as 包保 or 一帮一 helper."""
    return [
        sid
        for (sid,) in Assignment.select(Assignment.student)
        .join(Student, on=(Assignment.student == Student.id))
        .where(
            (Assignment.teacher == teacher_id)
            & Assignment.role.in_([Role.GUARANTOR.value, Role.HELPER.value])
            & Student.status.in_(ON_ROLL_VALUES)
        )
        .order_by(Assignment.student)
        .tuples()
    ]


def _school_day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    day = first + dt.timedelta(days=rng.randrange(max(1, (last - first).days)))
    while day.weekday() >= 5 and day > first:
        day -= dt.timedelta(days=1)
    return day


def _demo_planned_visits(
    actor: str, rng: random.Random, term: str, start: dt.date, today: dt.date
) -> int:
    """A planned home visit, done, for every teacher the term's assessment does not name yet."""
    named = {t.teacher_id for t in assessment_report.report(term, today).teachers}
    staff = [t for t in Teacher.select().order_by(Teacher.id) if t.id not in named]
    goers, leaders = [], []
    for t in staff:
        kids = _held(t.id)
        (goers if kids else leaders).append((t, kids))
    made = 0
    for n, (t, kids) in enumerate(goers):
        last = min(today, t.left_on - dt.timedelta(days=1)) if t.left_on else today
        day = _school_day(rng, start + dt.timedelta(days=14), last - dt.timedelta(days=2))
        team = (t.id,) + ((leaders[n][0].id,) if n < len(leaders) else ())
        planned = case_contacts.add_contact(
            actor,
            ContactInput(day, planned=team, done=False, note="例行家访：了解学习和家庭情况"),
            student_id=rng.choice(kids),
            today=day - dt.timedelta(days=2),
        )
        case_contacts.record_planned(
            actor,
            planned.id,
            ContactInput(
                day,
                went=team,
                met_whom="家长",
                attitude="配合",
                agreed="家长表示会督促孩子按时到校、完成作业",
                note="例行家访：了解学习和家庭情况",
            ),
            today=today,
        )
        made += 1
    return made
