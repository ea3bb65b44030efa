"""A 教师 records contacts for the students he is 包保 for, reads those students, and nothing
else."""

from __future__ import annotations

import datetime as dt

import pytest

from kongchuo_desktop.db.case_models import CaseContact
from kongchuo_desktop.db.models import Teacher
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import access, audit, case_contacts, sanbao
from kongchuo_desktop.services import attendance as att
from kongchuo_desktop.services.case_contacts import ContactInput
from kongchuo_desktop.services.roster_queries import student_card, student_rows
from kongchuo_desktop.services.visibility import NotVisible

D = dt.date
FRIDAY = D(2026, 11, 27)


@pytest.fixture
def teacher(school, actor):
    """赵老师 is 包保 for 张三 (七年级1班) from the start of term."""
    t = audit.create(Teacher, actor, name="赵老师", roles="科任教师")
    sanbao.assign_students(actor, [school["s"]["张三"].id], t.id, D(2026, 9, 1))
    return access.Actor("赵老师", frozenset({"教师"}), teacher_id=t.id)


def test_teacher_adds_a_contact_for_a_guaranteed_student_only(school, teacher):
    s = school["s"]
    visit = ContactInput(day=FRIDAY, method="入户", met_whom="爷爷", cadres="村主任")
    with access.acting_as(teacher):
        case_contacts.add_contact("赵老师", visit, student_id=s["张三"].id, today=FRIDAY)
        with pytest.raises(UserError) as err:
            case_contacts.add_contact("赵老师", visit, student_id=s["李四"].id, today=FRIDAY)
    text = str(err.value)
    assert "赵老师" in text and "登记联系与家访" in text and "本人包保的学生" in text
    assert [c.student_id for c in CaseContact.select()] == [s["张三"].id]


def test_teacher_reads_only_the_guaranteed_students(school, teacher):
    s = school["s"]
    with access.acting_as(teacher):
        assert [r.name for r in student_rows()] == ["张三"]
        assert student_card(s["张三"].id).name == "张三"
        with pytest.raises(NotVisible, match="本人包保的学生"):
            student_card(s["李四"].id)
        with pytest.raises(NotVisible):
            att.roll(school["c1"].id)  # a whole class is more than his students
        assert att.class_choices(FRIDAY) == []
        with pytest.raises(UserError, match="保存点名"):
            att.save_class("赵老师", school["c1"].id, FRIDAY, [])


def test_a_class_head_who_is_also_a_teacher_reaches_a_guaranteed_child_of_another_class(
    school, teacher
):
    s = school["s"]
    both = access.Actor(
        "赵老师",
        frozenset({"班主任", "教师"}),
        class_ids=frozenset({school["c2"].id}),
        teacher_id=teacher.teacher_id,
    )
    visit = ContactInput(day=FRIDAY, method="电话", met_whom="母亲", cadres="村主任")
    with access.acting_as(both):
        case_contacts.add_contact("赵老师", visit, student_id=s["张三"].id, today=FRIDAY)  # 包保
        case_contacts.add_contact(
            "赵老师", visit, student_id=s["刘洋"].id, today=FRIDAY
        )  # own class
        with pytest.raises(UserError):
            case_contacts.add_contact("赵老师", visit, student_id=s["李四"].id, today=FRIDAY)
    assert sorted(c.student_id for c in CaseContact.select()) == sorted(
        [s["张三"].id, s["刘洋"].id]
    )
