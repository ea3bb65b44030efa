"""新增学生 as a clerk uses it: a new pupil by default, the birth date from the ID number, and a
first guardian whose phone is checked like everywhere else."""

import datetime as dt

import pytest
from PySide6.QtCore import QDate

from kongchuo_desktop.db.models import Guardian, StatusChange, Student
from kongchuo_desktop.services.roster_queries import class_rows
from kongchuo_desktop.views.add_student_dialog import AddStudentDialog
from tests import roster_files as rf
from tests.services.roster_helpers import small_school


@pytest.fixture
def dialog(qtbot, folder, actor):
    small_school(actor)
    d = AddStudentDialog(class_rows())
    qtbot.addWidget(d)
    return d


def test_a_new_student_is_a_new_pupil_not_a_transfer(dialog):
    assert dialog.kind.currentText() == "新生入学"
    assert not dialog.from_school.isEnabled()  # 原学校 is for a 转入 only
    dialog.name.setText("张三")
    dialog.id_number.setText(rf.ID_ZHANG)
    dialog.save()
    assert dialog.student.status == "在校"
    assert not StatusChange.select().where(StatusChange.student == dialog.student).exists()


def test_the_birth_date_comes_from_the_id_number(dialog):
    dialog.id_number.setText(rf.ID_ZHANG)
    born = dt.date(int(rf.ID_ZHANG[6:10]), int(rf.ID_ZHANG[10:12]), int(rf.ID_ZHANG[12:14]))
    assert dialog.birth.date().toPython() == born
    assert dialog.sex.currentText() in ("男", "女")


def test_a_child_without_an_id_number_keeps_the_typed_birth_date(dialog):
    dialog.name.setText("李小花")
    dialog.student_number.setText("L2026000001")
    dialog.birth.setDate(QDate(2019, 5, 6))
    dialog.save()
    assert Student.get_by_id(dialog.student.id).birth_date == dt.date(2019, 5, 6)


def test_the_first_guardian_is_saved_with_the_student(dialog):
    dialog.name.setText("张三")
    dialog.id_number.setText(rf.ID_ZHANG)
    dialog.guardian_name.setText("张大山")
    dialog.guardian_relation.setCurrentText("父亲")
    dialog.guardian_phone.setText("138 1234 5678")
    dialog.save()
    (g,) = Guardian.select().where(Guardian.student == dialog.student)
    assert (g.name, g.relation, g.phone, g.is_guardian) == ("张大山", "父亲", "13812345678", True)


def test_a_malformed_guardian_phone_is_refused_and_nothing_is_saved(dialog):
    dialog.name.setText("张三")
    dialog.id_number.setText(rf.ID_ZHANG)
    dialog.guardian_name.setText("张大山")
    dialog.guardian_phone.setText("138abc")
    dialog.save()
    assert "不是有效的电话号码" in dialog.message.text()
    assert dialog.student is None
    assert not Student.select().where(Student.name == "张三").exists()


def test_a_birth_date_that_disagrees_with_the_id_number_is_refused(dialog):
    dialog.name.setText("张三")
    dialog.id_number.setText(rf.ID_ZHANG)
    dialog.birth.setDate(QDate(2011, 1, 1))  # changed by hand after the number filled it
    dialog.save()
    assert "不一致" in dialog.message.text() and dialog.student is None
