"""The 三包 coverage check: every gap in who answers for whom on a day, as problems to fix, each
with the action that fixes it (domain.sanbao.GapKind.action) — students with no confirmed 包保
teacher, classes with no head, grades with no leader (where the school uses them), 易辍 students
with no helper, teachers who left but still hold students, teachers carrying far more students
than the median, letters not signed, children matched to no village. Read by the 三包责任 page,
首页 (the count until it is zero), `kongchuo coverage` and the 包保责任表 export.

One read of everything (services.sanbao_resolver.AssignmentBook), then plain loops: a 3,000-student
school is checked well under 300 ms (bench/coverage_bench.py).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from kongchuo_desktop import settings
from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.models import SchoolClass, Student, Teacher
from kongchuo_desktop.domain.grades import grade_name
from kongchuo_desktop.domain.sanbao import GapKind, overloaded
from kongchuo_desktop.services import risk_score
from kongchuo_desktop.services.calendar_service import current_school_year
from kongchuo_desktop.services.responsibility import heads_on
from kongchuo_desktop.services.sanbao import ON_ROLL_VALUES, term_start
from kongchuo_desktop.services.sanbao_resolver import AssignmentBook

# The order gaps are listed in: the school first, then the children, then the paperwork.
ORDER = list(GapKind)


@dataclass(frozen=True)
class Gap:
    kind: GapKind
    class_id: int | None
    class_name: str
    student_id: int | None
    student_name: str
    teacher_id: int | None
    teacher_name: str
    message: str
    grade: int | None = None

    @property
    def action(self) -> str:
        return self.kind.action


def _students_needing_helper(day: dt.date) -> set[int]:
    """Students whose at-risk level needs a 一帮一 helper: the score's levels and the school's
    setting of which levels need one (services.risk_score)."""
    return set(risk_score.students_needing_helper(day))


@dataclass(frozen=True)
class _Child:
    id: int
    name: str
    class_id: int | None


def coverage(day: dt.date) -> list[Gap]:
    """Every gap on `day`, in ORDER, then by class and name."""
    year = current_school_year(day)
    classes = {
        c.id: c
        for c in SchoolClass.select().where(
            (SchoolClass.school_year == year) & (SchoolClass.archived == False)  # noqa: E712
        )
    }
    on_roll = Student.select(Student.id, Student.name, Student.school_class).where(
        Student.status.in_(ON_ROLL_VALUES)
    )
    children = [_Child(*row) for row in current().execute_sql(*on_roll.sql())]  # raw: fast
    teachers = {
        t: (n, a) for t, n, a in Teacher.select(Teacher.id, Teacher.name, Teacher.active).tuples()
    }
    names = {t: n for t, (n, _a) in teachers.items()}
    book = AssignmentBook(None, names)  # everyone: no list of 3,000 ids to send
    since = term_start(day)
    gaps: list[Gap] = []

    def add(kind, cls_id=None, child=None, teacher_id=None, message="", grade=None):
        cls = classes.get(cls_id) if cls_id is not None else None
        gaps.append(
            Gap(
                kind,
                cls_id,
                cls.name if cls else "",
                child.id if child else None,
                child.name if child else "",
                teacher_id,
                teachers.get(teacher_id, ("", True))[0] if teacher_id is not None else "",
                message,
                grade,
            )
        )

    if book.principal(day) is None:
        add(GapKind.NO_PRINCIPAL, message="没有指定包全校的校长")
    used = {c.class_id for c in children}
    if settings.get("sanbao.grade_leaders_used"):
        for grade in sorted({c.grade for c in classes.values() if c.id in used}):
            if book.grade_leader(grade, day) is None:
                add(
                    GapKind.NO_GRADE_LEADER,
                    message=f"{grade_name(grade)}没有包年级的校领导",
                    grade=grade,
                )
    heads = heads_on(classes, day)
    for cid in sorted(classes, key=lambda i: (classes[i].grade, classes[i].number)):
        if cid in used and heads[cid] is None:
            add(GapKind.NO_CLASS_HEAD, cid, message=f"{classes[cid].name}没有班主任")

    order = {cid: (c.grade, c.number) for cid, c in classes.items()}
    children.sort(key=lambda c: (order.get(c.class_id, (99, 99)), c.name, c.id))
    needing = _students_needing_helper(day)
    load: Counter[int] = Counter()
    unsigned: Counter[int] = Counter()
    for child in children:
        held = book.guarantor_row(child.id, day)
        if held is None or held.teacher_id is None:
            head = heads.get(child.class_id)
            proposal = (
                f"建议由班主任{teachers[head][0]}包保" if head in teachers else "班级无班主任"
            )
            add(GapKind.UNCONFIRMED, child.class_id, child, head, f"未确认包保教师（{proposal}）")
        else:
            tid = held.teacher_id
            load[tid] += 1
            name, active = teachers.get(tid, ("", False))
            if not active:
                add(GapKind.TEACHER_LEFT, child.class_id, child, tid, f"包保教师{name}已离校")
            elif held.confirmed_on is None:
                add(GapKind.UNCONFIRMED, child.class_id, child, tid, f"{name}包保，尚未确认")
            elif held.confirmed_on < since or held.confirmed_class != child.class_id:
                why = "新学期" if held.confirmed_on < since else "换了班级，"
                add(
                    GapKind.CARRIED_OVER,
                    child.class_id,
                    child,
                    tid,
                    f"{name}包保（{held.confirmed_on:%Y-%m-%d}确认），{why}需重新确认",
                )
            if held.letter_id is None:
                unsigned[tid] += 1
        if child.id in needing and not book.helpers(child.id, day):
            add(GapKind.NO_HELPER, child.class_id, child, None, "易辍学生，没有一帮一帮扶教师")
        if book.keeps_villages and book.village_of(child.id) is None:
            add(GapKind.NO_VILLAGE, child.class_id, child, None, "住址与村组列表都不匹配")
    for tid, n in sorted(unsigned.items(), key=lambda x: -x[1]):
        if teachers.get(tid, ("", False))[1]:
            add(GapKind.LETTER_UNSIGNED, teacher_id=tid, message=f"包保的{n}名学生未签责任书")
    factor = settings.get("sanbao.overload_factor")
    for over in overloaded({t: n for t, n in load.items() if teachers.get(t, ("", 0))[1]}, factor):
        add(
            GapKind.OVERLOADED,
            teacher_id=over.teacher_id,
            message=f"包保{over.students}名学生（全校中位数{over.median:g}名）",
        )
    rank = {k: i for i, k in enumerate(ORDER)}
    gaps.sort(key=lambda g: rank[g.kind])  # stable: within a kind, as added
    return gaps


def gap_count(day: dt.date) -> int:
    return len(coverage(day))
