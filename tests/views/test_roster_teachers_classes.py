"""花名册's 教师 and 班级 tabs as the office corrects them: a teacher's phone, 离校 leaving a gap
that the class list shows, and classes renamed, merged and (when never used) removed."""

import datetime as dt

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QDialog, QInputDialog

from kongchuo_desktop.db.models import SchoolClass, Student, Teacher
from kongchuo_desktop.services import audit
from kongchuo_desktop.services.roster_queries import add_class, set_head_teacher, teacher_rows
from kongchuo_desktop.views.class_move_dialog import ClassMergeDialog
from kongchuo_desktop.views.roster_page import RosterPage
from kongchuo_desktop.views.teacher_dialog import TeacherDialog, TeacherLeftDialog
from tests.services.roster_helpers import small_school


@pytest.fixture(autouse=True)
def no_message_boxes(messages):
    return messages


@pytest.fixture
def page(qtbot, folder, actor):
    small_school(actor, "初中", per_grade=2)
    head = audit.create(Teacher, actor, name="王老师", roles="班主任,科任教师", subject="数学")
    seven_1 = SchoolClass.get(grade=7, number=1)
    set_head_teacher(actor, seven_1.id, head.id)
    for name in ("张三", "李四"):
        audit.create(Student, actor, name=name, school_class=SchoolClass.get(grade=7, number=2))
    p = RosterPage(folder)
    qtbot.addWidget(p)
    p.refresh()
    return p


def cell(tab, row: int, col: int) -> str:
    return str(tab.model.data(tab.model.index(row, col)))


def class_row(tab, name: str) -> int:
    return next(i for i, c in enumerate(tab.rows) if c.name == name)


def select(tab, row: int) -> None:
    tab.view.setCurrentIndex(tab.model.index(row, 0))


def test_a_malformed_phone_is_refused_in_the_teacher_dialog_then_corrected(qtbot, page, actor):
    row = next(t for t in teacher_rows() if t.name == "王老师")
    dialog = TeacherDialog(row, actor)
    qtbot.addWidget(dialog)
    dialog.phone.setText("138abc")
    dialog.save()
    assert "手机号应为11位数字" in dialog.message.text() and dialog.result() == 0
    assert Teacher.get(Teacher.name == "王老师").phone == ""
    dialog.phone.setText("13812345678")
    dialog.subject.setText("语文")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    t = Teacher.get(Teacher.name == "王老师")
    assert (t.phone, t.subject) == ("13812345678", "语文")


def test_a_teacher_who_left_shows_as_a_gap_in_the_class_list(page, monkeypatch):
    tab = page.teachers
    page.tabs.setCurrentWidget(tab)
    select(tab, next(i for i, t in enumerate(tab.rows) if t.name == "王老师"))
    seen = []

    def leave(dialog):
        seen.append(dialog.findChild(type(dialog.date), "teacher_left_date") is not None)
        dialog.date.setDate(QDate(dt.date.today() - dt.timedelta(days=3)))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(TeacherLeftDialog, "exec", leave)
    tab.left.click()
    assert seen == [True]
    row = next(i for i, t in enumerate(tab.rows) if t.name == "王老师")
    day = dt.date.today() - dt.timedelta(days=3)
    assert cell(tab, row, 6) == f"已离校（{day}）"
    page.tabs.setCurrentWidget(page.classes)
    assert (
        cell(page.classes, class_row(page.classes, "七年级1班"), 2)
        == f"班主任已离校（王老师，{day:%m月%d日}起）"
    )


def test_a_class_is_renamed_and_a_taken_name_is_refused(page, monkeypatch, messages):
    tab = page.classes
    page.tabs.setCurrentWidget(tab)
    select(tab, class_row(tab, "七年级2班"))
    answers = iter([("七年级1班", True), ("七年级5班", True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))
    tab.rename.click()
    assert messages[-1][0] == "warning" and "本学年已经有七年级1班" in messages[-1][2]
    tab.rename.click()
    assert [c.name for c in tab.rows] == ["七年级1班", "七年级5班", "八年级1班", "八年级2班",
                                          "九年级1班", "九年级2班"]  # fmt: skip


def test_merging_moves_the_children_and_the_class_shows_as_merged(page, monkeypatch):
    tab = page.classes
    page.tabs.setCurrentWidget(tab)
    select(tab, class_row(tab, "七年级2班"))

    def into_7_1(dialog):
        dialog.target.setCurrentIndex(dialog.target.findText("七年级1班"))
        dialog.findChild(QDateEdit, "class_merge_date").setDate(QDate(dt.date.today()))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ClassMergeDialog, "exec", into_7_1)
    tab.merge.click()
    assert {s.school_class.name for s in Student.select()} == {"七年级1班"}
    merged = class_row(tab, "七年级2班")
    assert cell(tab, merged, 4) == "已并入其他班级" and cell(tab, merged, 3) == "0"


def test_removing_a_class_with_students_is_refused_saying_why(page, messages):
    tab = page.classes
    page.tabs.setCurrentWidget(tab)
    select(tab, class_row(tab, "七年级2班"))
    tab.remove.click()
    assert messages[-1][0] == "warning"
    assert "七年级2班有过学生（2人），不能删除" in messages[-1][2]
    assert SchoolClass.get_or_none(grade=7, number=2) is not None


def test_a_class_made_by_mistake_is_removed_after_asking(page, actor, messages):
    add_class(actor, 7, 9)
    tab = page.classes
    page.tabs.setCurrentWidget(tab)
    tab.refresh()
    select(tab, class_row(tab, "七年级9班"))
    tab.remove.click()
    assert messages[-1][0] == "question" and "七年级9班" in messages[-1][2]
    assert "七年级9班" not in [c.name for c in tab.rows]


def test_a_new_head_is_chosen_from_teachers_in_post_and_closes_the_gap(page, actor, monkeypatch):
    from kongchuo_desktop.services import teachers

    head = Teacher.get(Teacher.name == "王老师")
    audit.create(Teacher, actor, name="李老师", roles="科任教师")
    teachers.mark_left(actor, head.id, dt.date.today())
    tab = page.classes
    page.tabs.setCurrentWidget(tab)
    select(tab, class_row(tab, "七年级1班"))
    offered = []

    def pick(parent, title, label, items, *args):
        offered.extend(items)
        return next(i for i in items if i.startswith("李老师")), True

    monkeypatch.setattr(QInputDialog, "getItem", pick)
    tab.set_head.click()
    assert not any(i.startswith("王老师") for i in offered)
    assert cell(tab, class_row(tab, "七年级1班"), 2) == "李老师"
