"""First run: a new clerk sets up the school, or opens the demo school."""

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QWizard

from kongchuo_desktop.db.models import School, SchoolClass, Student, Term
from kongchuo_desktop.views.first_run_wizard import FirstRunWizard


def test_setting_up_our_own_school_through_the_wizard(qtbot, folder, messages):
    wizard = FirstRunWizard()
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    wizard.school.name.setText("青山小学")
    wizard.school.county.setText("青山县")
    wizard.school.school_type.setCurrentText("小学")
    wizard.next()
    assert not wizard.classes.spins[7].isEnabled()  # 小学 has no 七年级
    wizard.classes.spins[1].setValue(3)
    wizard.next()
    wizard.term.start.setDate(QDate(2026, 9, 1))
    wizard.term.end.setDate(QDate(2027, 1, 22))
    wizard.accept()
    assert School.get().name == "青山小学"
    assert SchoolClass.select().where(SchoolClass.grade == 1).count() == 3
    assert SchoolClass.select().count() == 3 + 2 * 5
    term = Term.get()
    assert (term.start_date, term.end_date) == (dt.date(2026, 9, 1), dt.date(2027, 1, 22))
    assert not messages


def test_the_school_name_is_required_to_go_on(qtbot, folder):
    wizard = FirstRunWizard()
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    assert not wizard.currentPage().isComplete()
    wizard.school.name.setText("甲")
    assert wizard.currentPage().isComplete()


def test_choosing_the_demo_school_finishes_at_once(qtbot, folder, monkeypatch):
    from kongchuo_desktop.services import demo

    real = demo.create_demo_school
    monkeypatch.setattr(demo, "create_demo_school", lambda actor: real(actor, students=60))
    wizard = FirstRunWizard()
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.welcome.demo.setChecked(True)
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert finish.isVisible() and finish.text() == "完成"
    assert not wizard.button(QWizard.WizardButton.NextButton).isVisible()
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    assert School.get().name == demo.DEMO_SCHOOL_NAME
    assert Student.select().count() == 60
