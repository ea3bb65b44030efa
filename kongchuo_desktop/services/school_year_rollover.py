"""学年升级: every class moves up a grade, the top grade graduates (毕业), the new first grade gets
empty classes, the new term opens. Old classes are archived, never changed, so every earlier year's
classes, memberships (Enrollment) and history stay readable. Each child's new class counts from
the new term's first day (services.membership), each carried 班主任 from the same day.

In a 九年一贯制 school 六年级 moves on to 七年级 as a whole class (小升初整班移交); its 班主任
is not carried over (junior school teachers differ). Shown first (`plan_rollover`), then done in one
transaction after a backup (`apply_rollover`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.models import Enrollment, SchoolClass, Student, Term
from kongchuo_desktop.domain.grades import SCHOOL_TYPE_GRADES, class_name
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.domain.school_year import next_year
from kongchuo_desktop.domain.status_rules import ALLOWED_FROM, GONE, date_refusal
from kongchuo_desktop.domain.student_status import StudentStatus
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import audit, calendar_service, guards, membership
from kongchuo_desktop.services.responsibility import set_class_head
from kongchuo_desktop.services.school_setup import the_school

DEFERRED = StudentStatus.DEFERRED.value


class RolloverError(UserError, ValueError):
    pass


@dataclass
class ClassStep:
    old_id: int
    old_name: str
    new_name: str  # "" for a graduating class
    students: int
    head_teacher: str  # carried over ("" if none or not carried)
    note: str = ""


@dataclass
class RolloverPlan:
    from_year: str
    to_year: str
    promoted: list[ClassStep] = field(default_factory=list)
    graduating: list[ClassStep] = field(default_factory=list)
    new_classes: list[str] = field(default_factory=list)  # empty first-grade classes
    graduates: int = 0
    # (name, class, status): top-grade students whose status does not allow 毕业; they stay
    # in their (archived) class for the office to handle one by one.
    not_graduating: list[tuple[str, str, str]] = field(default_factory=list)
    # (name, old class, new class): 延缓入学 children of the first grade start it next year.
    held_back: list[tuple[str, str, str]] = field(default_factory=list)
    term_start: dt.date | None = None
    term_end: dt.date | None = None
    graduation_date: dt.date | None = None
    today: dt.date = field(default_factory=dt.date.today)

    def lines(self) -> list[str]:
        moving = sum(s.students for s in self.promoted)
        out = [
            f"从 {self.from_year} 学年升级到 {self.to_year} 学年："
            f"{len(self.promoted)} 个班共 {moving} 人升级，{self.graduates} 人毕业，"
            f"新建 {len(self.new_classes)} 个空班级。",
            "",
        ]
        for step in self.promoted:
            head = f"，班主任 {step.head_teacher}" if step.head_teacher else "，班主任待定"
            note = f"（{step.note}）" if step.note else ""
            out.append(f"  {step.old_name} → {step.new_name}：{step.students} 人{head}{note}")
        for step in self.graduating:
            out.append(
                f"  {step.old_name}：{step.students} 人毕业（毕业日期 {self.graduation_date}）"
            )
        if self.new_classes:
            out.append(f"  新建空班级：{'、'.join(self.new_classes)}（新生导入花名册后分班）")
        for name, old, new in self.held_back:
            out.append(f"  {old} {name}：延缓入学，留在一年级，编入新的{new}")
        for name, cls, status in self.not_graduating:
            out.append(f"  {cls} {name}：当前“{status}”，不能毕业，留在原班级待处理")
        if self.term_start and self.term_end:
            out.append(
                f"  开启新学期：{self.to_year}学年第一学期（{self.term_start} 至 {self.term_end}）"
            )
        out.append("  原有班级和学生的历史记录全部保留，可在“班级”中查看往年班级。")
        return out


def _top_grade(school_type: str) -> int:
    return max(SCHOOL_TYPE_GRADES[school_type])


def graduation_refusal(graduation_date: dt.date, today: dt.date) -> str | None:
    """None if 毕业 may be dated `graduation_date` on `today` (the rule of every 学籍变动,
    checked before the backup and the transaction), else why not."""
    return date_refusal(graduation_date, today, what="毕业日期")


def plan_rollover(
    term_start: dt.date | None = None,
    term_end: dt.date | None = None,
    graduation_date: dt.date | None = None,
    *,
    today: dt.date | None = None,
) -> RolloverPlan:
    """What 学年升级 would do. Refused (RolloverError) while a term of the year being closed has
    not ended on `today`: 学年升级 is done in the summer holiday, after the last term."""
    today = today or dt.date.today()
    school = the_school()
    if school is None:
        raise RolloverError("还没有建立学校")
    year = calendar_service.current_school_year(today)
    if year is None:
        raise RolloverError("还没有班级，无法升级")
    to_year = next_year(year)
    if SchoolClass.select().where(SchoolClass.school_year == to_year).exists():
        raise RolloverError(f"{to_year} 学年的班级已经存在，学年升级已经做过了")
    terms = list(Term.select().where(Term.school_year == year).order_by(Term.end_date))
    if terms and terms[-1].end_date > today:
        last = terms[-1]
        raise RolloverError(
            f"{year}学年还没有结束：{last.semester_name}到{last.end_date}才结束。"
            "学年升级请在本学年最后一个学期结束后（暑假）进行。"
        )
    start_year = int(to_year[:4])
    plan = RolloverPlan(
        year,
        to_year,
        term_start=term_start or dt.date(start_year, 9, 1),
        term_end=term_end or dt.date(start_year + 1, 1, 20),
        today=today,
    )
    # 毕业 on the last day of the year's last term (today when the calendar has no term)
    plan.graduation_date = graduation_date or (terms[-1].end_date if terms else today)
    why_not = graduation_refusal(plan.graduation_date, today)
    if why_not:
        raise RolloverError(why_not)
    top = _top_grade(school.school_type)
    first = min(SCHOOL_TYPE_GRADES[school.school_type])
    classes = list(
        SchoolClass.select()
        .where((SchoolClass.school_year == year) & (SchoolClass.archived == False))  # noqa: E712
        .order_by(SchoolClass.grade, SchoolClass.number)
    )
    gone = {s.value for s in GONE}
    for cls in classes:
        members = list(
            Student.select().where((Student.school_class == cls) & Student.status.not_in(gone))
        )
        head = cls.head_teacher.name if cls.head_teacher_id else ""
        if cls.grade >= top:
            can = ALLOWED_FROM[StudentStatus.GRADUATED]
            ok = [s for s in members if StudentStatus(s.status) in can]
            plan.graduating.append(ClassStep(cls.id, cls.name, "", len(ok), head))
            plan.graduates += len(ok)
            plan.not_graduating += [(s.name, cls.name, s.status) for s in members if s not in ok]
        else:
            handover = cls.grade == 6 and top == 9
            held = [s for s in members if s.status == DEFERRED] if cls.grade == first else []
            plan.held_back += [(s.name, cls.name, class_name(first, cls.number)) for s in held]
            plan.promoted.append(
                ClassStep(
                    cls.id,
                    cls.name,
                    class_name(cls.grade + 1, cls.number),
                    len(members) - len(held),
                    "" if handover else head,
                    "小升初整班移交" if handover else "",
                )
            )
    first_numbers = sorted(c.number for c in classes if c.grade == first) or [1]
    plan.new_classes = [class_name(first, n) for n in first_numbers]
    return plan


def apply_rollover(actor: str, plan: RolloverPlan, folder=None) -> dict:
    """Do the plan in one transaction, after a backup. Returns counts."""
    guards.school(Action.EDIT_ROSTER)
    from kongchuo_desktop.services.student_status import change_status

    if calendar_service.current_school_year(plan.today) != plan.from_year:
        raise RolloverError("数据已变化，请重新查看升级方案")
    why_not = graduation_refusal(plan.graduation_date, plan.today)
    if why_not:
        raise RolloverError(why_not)
    backup = folder.event_backup("before-rollover") if folder is not None else None
    gone = {s.value for s in GONE}
    moved = graduated = 0
    with current().atomic():
        _record_year(actor, plan.from_year)
        can_graduate = {s.value for s in ALLOWED_FROM[StudentStatus.GRADUATED]}
        for step in plan.graduating:
            old = SchoolClass.get_by_id(step.old_id)
            for s in Student.select().where(
                (Student.school_class == old) & Student.status.in_(can_graduate)
            ):
                change_status(
                    actor,
                    s,
                    StudentStatus.GRADUATED,
                    plan.graduation_date,
                    f"{plan.from_year}学年{old.name}毕业",
                    today=plan.today,
                )
                graduated += 1
            audit.update(old, actor, archived=True)
        from kongchuo_desktop.domain import roster_values as v

        fresh: dict[int, SchoolClass] = {}  # new empty first-grade classes by number
        for name in plan.new_classes:
            grade, number = v.school_class(name)
            fresh[number] = audit.create(
                SchoolClass, actor, school_year=plan.to_year, grade=grade, number=number
            )
        first = min(SCHOOL_TYPE_GRADES[the_school().school_type])
        for step in plan.promoted:
            old = SchoolClass.get_by_id(step.old_id)
            new = audit.create(
                SchoolClass,
                actor,
                school_year=plan.to_year,
                grade=old.grade + 1,
                number=old.number,
            )
            if step.head_teacher:
                set_class_head(actor, new, old.head_teacher, plan.term_start)
            for s in Student.select().where(
                (Student.school_class == old) & Student.status.not_in(gone)
            ):
                target = new
                if old.grade == first and s.status == DEFERRED and fresh:
                    target = fresh.get(old.number) or next(iter(fresh.values()))
                else:
                    moved += 1
                membership.place(actor, s, target, plan.term_start, today=plan.today)
            audit.update(old, actor, archived=True)
        calendar_service.save_term(actor, plan.to_year, 1, plan.term_start, plan.term_end)
    return {
        "from_year": plan.from_year,
        "to_year": plan.to_year,
        "moved": moved,
        "graduated": graduated,
        "new_classes": len(plan.new_classes),
        "backup": str(backup) if backup else "",
    }


def _record_year(actor: str, year: str) -> None:
    """Make sure every student in a class of `year` has that class recorded for the year (students
    added before schema v3 or by other features may lack it), so the old year stays readable."""
    have = {
        sid
        for (sid,) in Enrollment.select(Enrollment.student)
        .where(Enrollment.school_year == year)
        .tuples()
    }
    query = (
        Student.select(Student.id, Student.school_class)
        .join(SchoolClass)
        .where(SchoolClass.school_year == year)
    )
    for s in query:
        if s.id not in have:
            audit.create(Enrollment, actor, **membership.enrolment_row(s.id, s.school_class))
