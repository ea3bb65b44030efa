import datetime as dt

import pytest

from kongchuo_desktop.db.models import SchoolClass
from kongchuo_desktop.services.school_setup import (
    SchoolSetup,
    SetupError,
    set_up_school,
)


def setup(**kw):
    base = dict(
        name="甲小学",
        county="县",
        township="镇",
        school_type="小学",
        classes_per_grade={1: 2, 6: 1},
        term_start=dt.date(2026, 9, 1),
        term_end=dt.date(2027, 1, 22),
    )
    base.update(kw)
    return SchoolSetup(**base)


def test_classes_are_created_for_the_terms_school_year(folder, actor):
    set_up_school(setup(), actor)
    names = [c.name for c in SchoolClass.select().order_by(SchoolClass.grade, SchoolClass.number)]
    assert names == ["一年级1班", "一年级2班", "六年级1班"]
    assert {c.school_year for c in SchoolClass.select()} == {"2026-2027"}


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"name": "  "}, "请填写学校名称"),
        ({"classes_per_grade": {7: 2}}, "小学没有七年级"),
        ({"classes_per_grade": {1: 0}}, "至少要有一个班级"),
        ({"term_end": dt.date(2026, 8, 1)}, "结束日期必须晚于开始日期"),
    ],
)
def test_bad_setup_is_refused_with_the_field_named(folder, actor, kw, message):
    with pytest.raises(SetupError, match=message):
        set_up_school(setup(**kw), actor)
    assert SchoolClass.select().count() == 0


def test_a_teacher_with_an_unknown_role_is_refused_with_the_choices(folder, actor):
    from kongchuo_desktop.db.models import Teacher
    from kongchuo_desktop.services.roster_queries import RosterError, add_teacher

    teacher = add_teacher(actor, "王老师", roles="班主任,科任教师")
    assert teacher.role_list == ["班主任", "科任教师"]
    with pytest.raises(RosterError, match="“教导主任”无效，可选：校长"):
        add_teacher(actor, "李老师", roles="教导主任")
    assert Teacher.select().count() == 1
