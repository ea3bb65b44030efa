"""The demo school's 三包: a few gaps to find, escalation naming the 包保 teacher; the 包保责任表."""

from collections import Counter

import openpyxl

from kongchuo_desktop.db.models import Assignment, SchoolClass, Teacher
from kongchuo_desktop.domain.escalation import Step
from kongchuo_desktop.services import attendance as att
from kongchuo_desktop.services import coverage, sanbao_rows
from kongchuo_desktop.services.responsibility import responsible_for
from tests.demo_school import DEMO_TODAY


def test_the_demo_school_has_a_few_gaps_of_each_kind_to_find(demo):
    kinds = Counter(g.kind.value for g in coverage.coverage(DEMO_TODAY))
    # 4 children of a subject teacher who left, and the 20 八年级3班's head held before leaving
    # (the class itself has no head since); one child the score says needs a helper has none.
    assert kinds == {
        "未确认包保": 3,
        "包保教师已离校": 24,
        "班级无班主任": 1,
        "易辍生无帮扶教师": 1,
        "责任书未签": 2,
        "住址未匹配村组": 2,
    }


def test_demo_escalation_names_the_childs_baobao_teacher_not_the_class_head(demo):
    board = att.dashboard(DEMO_TODAY)
    contact = next(a for a in board.actions if a.step is Step.CONTACT)
    row = Assignment.get(
        (Assignment.student == contact.student_id) & (Assignment.role == "包保教师")
    )
    assert contact.responsible == row.teacher.name
    assert contact.responsible_id == row.teacher_id
    head = SchoolClass.get_by_id(contact.class_id).head_teacher
    assert contact.responsible != head.name  # a subject teacher holds the absent children
    report = next(a for a in board.actions if a.step is Step.REPORT)
    assert report.responsible == Teacher.get(Teacher.roles.contains("教务主任")).name
    who = responsible_for([contact.student_id], DEMO_TODAY)[contact.student_id]
    assert who.principal is not None and who.township_cadre.endswith("镇长助理")


def test_the_baobao_table_lists_every_child_with_teacher_helper_phones_and_letter(demo, tmp_path):
    path = sanbao_rows.export_plan(tmp_path / "包保责任表.xlsx", DEMO_TODAY)
    ws = openpyxl.load_workbook(path).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0].endswith("包保责任表")
    assert rows[2] == sanbao_rows.PLAN_HEADER
    body = rows[3:]
    assert len(body) == len(sanbao_rows.student_rows(DEMO_TODAY)) > 1000
    classes = [r[0] for r in body]
    assert classes[0] == "一年级1班" and classes[-1] == "九年级3班"
    assert any(r[6] for r in body)  # helpers
    assert sum(r[8] == "未签" for r in body) > 0
    assert all(len(r[8]) == 10 for r in body if r[8] != "未签")  # 2026-09-08
    proposed = [r for r in body if r[4] == sanbao_rows.PROPOSED]
    assert len(proposed) == 3


def test_a_teachers_letter_lists_their_children_and_the_principal(demo):
    row = next(r for r in sanbao_rows.student_rows(DEMO_TODAY) if r.state == "已确认")
    letter = sanbao_rows.letter_data(row.guarantor_id, DEMO_TODAY)
    assert row.name in [s.name for s in letter.students]
    assert letter.principal and letter.duties and letter.school.startswith("青山镇")
