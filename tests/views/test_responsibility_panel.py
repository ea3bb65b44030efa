"""The student page names who is responsible for the child (三包), as the escalation does."""

from __future__ import annotations

from kongchuo_desktop.db.models import Assignment, SchoolClass
from kongchuo_desktop.domain.escalation import Step
from kongchuo_desktop.services import attendance as att
from kongchuo_desktop.views.responsibility_panel import ResponsibilityPanel
from kongchuo_desktop.views.student_detail_dialog import StudentDetailDialog
from tests.demo_school import DEMO_TODAY


def test_the_student_page_names_the_baobao_teacher_the_escalation_names(qtbot, demo):
    contact = next(a for a in att.dashboard(DEMO_TODAY).actions if a.step is Step.CONTACT)
    panel = ResponsibilityPanel(today=DEMO_TODAY)
    qtbot.addWidget(panel)
    panel.show_student(contact.student_id)
    lines = panel.lines.text().splitlines()
    assert lines[0] == f"包保教师：{contact.responsible}"
    head = SchoolClass.get_by_id(contact.class_id).head_teacher
    assert f"班主任：{head.name}" in lines
    assert any(line.startswith("校长：") for line in lines)
    dialog = StudentDetailDialog(contact.student_id)
    qtbot.addWidget(dialog)
    assert dialog.findChild(ResponsibilityPanel, "student_responsibility") is not None


def test_a_child_with_no_baobao_teacher_shows_the_proposal(qtbot, demo):
    held = {sid for (sid,) in Assignment.select(Assignment.student).tuples() if sid}
    from kongchuo_desktop.db.models import Student

    child = next(s for s in Student.select().where(Student.status == "在校") if s.id not in held)
    panel = ResponsibilityPanel(today=DEMO_TODAY)
    qtbot.addWidget(panel)
    panel.show_student(child.id)
    assert panel.lines.text().splitlines()[0].startswith("包保教师：未确认")
