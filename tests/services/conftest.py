import datetime as dt

import pytest

from kongchuo_desktop.db.models import SchoolClass, Student, Teacher
from kongchuo_desktop.services import audit
from kongchuo_desktop.services.school_setup import SchoolSetup, set_up_school

NAMES_7_1 = ["张三", "李四", "王五", "赵六", "孙丽", "周杰", "吴敏", "郑强", "冯雪", "陈红"]


@pytest.fixture
def school(folder, actor):
    """A small school: 七年级1班 (10 students, head 王老师) and 七年级2班 (5), this 2026 term."""
    set_up_school(
        SchoolSetup(
            "测试学校",
            "示例县",
            "示例镇",
            "初中",
            {7: 2},
            dt.date(2026, 9, 1),
            dt.date(2027, 1, 22),
        ),
        actor,
    )
    head = audit.create(Teacher, actor, name="王老师", roles="班主任,科任教师")
    c1 = SchoolClass.get(grade=7, number=1)
    c2 = SchoolClass.get(grade=7, number=2)
    audit.update(c1, actor, head_teacher=head)
    students = {}
    for n in NAMES_7_1:
        students[n] = audit.create(Student, actor, name=n, school_class=c1)
    for n in ["刘洋", "马兰", "黄磊", "何静", "林峰"]:
        students[n] = audit.create(Student, actor, name=n, school_class=c2)
    audit.create(Student, actor, name="休学生", school_class=c1, status="休学")
    return {"c1": c1, "c2": c2, "head": head, "s": students}


@pytest.fixture
def demo(tmp_path_factory, tmp_path):
    from tests.demo_school import open_demo_copy

    f = open_demo_copy(tmp_path_factory, tmp_path / "demo")
    yield f
    f.close()
