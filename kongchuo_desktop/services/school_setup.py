"""First-run set-up: the school, its grades and classes, and the current term."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.models import School, SchoolClass
from kongchuo_desktop.domain.grades import SCHOOL_TYPE_GRADES, grade_name
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.domain.school_year import school_year_of
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import audit, calendar_service, guards


class SetupError(UserError, ValueError):
    """The set-up form has a problem; the message says which field."""


@dataclass
class SchoolSetup:
    name: str
    county: str
    township: str
    school_type: str
    classes_per_grade: dict[int, int]
    term_start: dt.date
    term_end: dt.date
    semester: int = 1
    school_year: str = ""
    holiday_years: list[int] = field(default_factory=list)

    def problems(self) -> list[str]:
        out = []
        if not self.name.strip():
            out.append("请填写学校名称")
        if self.school_type not in SCHOOL_TYPE_GRADES:
            out.append(f"学校类型必须是：{'、'.join(SCHOOL_TYPE_GRADES)}")
        else:
            allowed = set(SCHOOL_TYPE_GRADES[self.school_type])
            for grade, count in self.classes_per_grade.items():
                if grade not in allowed:
                    out.append(f"{self.school_type}没有{grade_name(grade)}")
                elif not 0 <= count <= 30:
                    out.append(f"{grade_name(grade)}的班级数应在0到30之间")
            if not any(self.classes_per_grade.values()):
                out.append("至少要有一个班级")
        if self.term_end <= self.term_start:
            out.append("学期结束日期必须晚于开始日期")
        return out


def the_school() -> School | None:
    return School.select().first()


def set_up_school(setup: SchoolSetup, actor: str) -> School:
    guards.school(Action.EDIT_SCHOOL)
    problems = setup.problems()
    if problems:
        raise SetupError("；".join(problems))
    if the_school() is not None:
        raise SetupError("学校已经建立，请在“设置”中修改学校信息")
    year = setup.school_year or school_year_of(setup.term_start)
    with current().atomic():
        school = audit.create(
            School,
            actor,
            name=setup.name.strip(),
            county=setup.county.strip(),
            township=setup.township.strip(),
            school_type=setup.school_type,
        )
        for grade in sorted(setup.classes_per_grade):
            for number in range(1, setup.classes_per_grade[grade] + 1):
                audit.create(SchoolClass, actor, school_year=year, grade=grade, number=number)
        calendar_service.save_term(actor, year, setup.semester, setup.term_start, setup.term_end)
        years = setup.holiday_years or sorted({setup.term_start.year, setup.term_end.year})
        for y in years:
            calendar_service.load_national_holidays(actor, y)
    return school


def update_school(actor: str, **fields) -> School:
    guards.school(Action.EDIT_SCHOOL)
    school = the_school()
    if school is None:
        raise SetupError("还没有建立学校")
    if "name" in fields and not str(fields["name"]).strip():
        raise SetupError("学校名称不能为空")
    if "school_type" in fields and fields["school_type"] not in SCHOOL_TYPE_GRADES:
        raise SetupError(f"学校类型必须是：{'、'.join(SCHOOL_TYPE_GRADES)}")
    with current().atomic():
        return audit.update(school, actor, **fields)
