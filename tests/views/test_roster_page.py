"""The roster page as a clerk uses it: search, the import preview with errors, a student's page,
a status change refused with a reason, and 学年升级's preview."""

import datetime as dt

import pytest

from kongchuo_desktop.db.models import Student
from kongchuo_desktop.services import demo
from kongchuo_desktop.services.roster_import import make_import_plan, read_sheet
from kongchuo_desktop.views.import_dialog import ImportDialog
from kongchuo_desktop.views.rollover_dialog import RolloverDialog
from kongchuo_desktop.views.roster_page import RosterPage
from kongchuo_desktop.views.status_change_dialog import StatusChangeDialog
from kongchuo_desktop.views.student_detail_dialog import StudentDetailDialog
from tests import roster_files as rf
from tests.services.roster_helpers import small_school


@pytest.fixture(autouse=True)
def no_message_boxes(messages):
    """Every message box recorded instead of shown; questions answer yes."""
    return messages


@pytest.fixture
def page(qtbot, folder, actor):
    demo.create_demo_school(actor, students=270, seed=5)
    p = RosterPage(folder)
    qtbot.addWidget(p)
    p.refresh()
    return p


def test_search_and_filters_on_the_page(page, qtbot):
    tab = page.students
    assert tab.proxy.rowCount() == tab.model.rowCount() > 250
    someone = Student.select().first()
    tab.search.setText(someone.name_initials)
    qtbot.waitUntil(lambda: tab.proxy.rowCount() < tab.model.rowCount())
    assert someone.name in [r.name for r in tab.proxy.accepted_rows()]
    tab.search.setText(someone.id_number[-6:] if someone.id_number else someone.student_number)
    qtbot.waitUntil(lambda: tab.proxy.rowCount() == 1)
    tab.search.clear()
    tab.grade.setCurrentIndex(tab.grade.findData(7))
    tab.klass.setCurrentIndex(1)
    assert {r.class_name for r in tab.proxy.accepted_rows()} == {"七年级1班"}


def test_search_by_surname_reading_and_full_width_text(page, qtbot, actor):
    tab = page.students
    zeng = [r.name for r in tab.model.rows if r.name.startswith("曾")]
    Student.create(name="曾晓", school_class=Student.select().first().school_class)
    page.refresh()
    tab.search.setText("ｚｅｎｇ")  # as an input method commits it
    qtbot.waitUntil(lambda: tab.proxy.rowCount() < tab.model.rowCount())
    found = [r.name for r in tab.proxy.accepted_rows()]
    assert "曾晓" in found
    assert set(zeng) <= set(found)
    tab.search.setText("ＺＸ")
    qtbot.waitUntil(lambda: "曾晓" in [r.name for r in tab.proxy.accepted_rows()])


def test_classes_and_teachers_tabs(page):
    page.tabs.setCurrentWidget(page.classes)
    assert page.classes.model.rowCount() == 27
    page.tabs.setCurrentWidget(page.teachers)
    assert page.teachers.model.rowCount() > 27


def test_import_preview_lists_problems_and_needs_the_checkbox(qtbot, tmp_path, folder, actor):
    small_school(actor)
    sheet = read_sheet(rf.write_xlsx(tmp_path / "m.xlsx"))
    dialog = ImportDialog(folder, sheet, make_import_plan(sheet))
    qtbot.addWidget(dialog)
    rows = {
        int(dialog.problems_model.data(dialog.problems_model.index(r, 0)))
        for r in range(dialog.problems_model.rowCount())
    }
    assert rows == rf.BAD_ROWS | {13}
    assert "序号" in dialog.unmapped.text() and "家长签字" in dialog.unmapped.text()
    assert not dialog.confirm.isEnabled()
    dialog.skip_invalid.setChecked(True)
    assert dialog.confirm.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=10000):
        dialog.confirm.click()
    assert Student.select().count() == 5


def test_correcting_the_mapping_rechecks(qtbot, tmp_path, folder, actor):
    small_school(actor)
    sheet = read_sheet(rf.write_xlsx(tmp_path / "m.xlsx"))
    dialog = ImportDialog(folder, sheet, make_import_plan(sheet))
    qtbot.addWidget(dialog)
    dialog.set_mapping(9, None)  # 监护人电话 → not imported
    dialog.check_again()
    qtbot.waitUntil(lambda: dialog.recheck.isEnabled(), timeout=10000)
    assert "监护人电话" in dialog.unmapped.text()


def test_a_changed_mapping_must_be_rechecked_before_importing(qtbot, tmp_path, folder, actor):
    from kongchuo_desktop.db.models import RiskFlag

    small_school(actor)
    sheet = read_sheet(rf.write_xlsx(tmp_path / "m.xlsx"))
    dialog = ImportDialog(folder, sheet, make_import_plan(sheet))
    qtbot.addWidget(dialog)
    dialog.skip_invalid.setChecked(True)
    assert dialog.confirm.isEnabled()
    dialog.set_mapping(10, None)  # 是否留守儿童 → not imported
    assert not dialog.confirm.isEnabled()
    assert "重新检查" in dialog.stale.text()
    dialog.run_import()  # even if reached, the old check is not imported
    assert Student.select().count() == 0
    dialog.check_again()
    qtbot.waitUntil(lambda: dialog.recheck.isEnabled(), timeout=10000)
    assert dialog.confirm.isEnabled() and dialog.stale.text() == ""
    with qtbot.waitSignal(dialog.imported, timeout=10000):
        dialog.confirm.click()
    assert Student.select().count() == 5
    assert not RiskFlag.select().where(RiskFlag.flag == "留守儿童").exists()


def test_student_page_and_a_refused_status_change(page, qtbot, actor):
    s = Student.select().where(Student.status == "在校").first()
    detail = StudentDetailDialog(s.id)
    qtbot.addWidget(detail)
    labels = [
        detail.fields_grid.itemAt(i).widget().text() for i in range(detail.fields_grid.count())
    ]
    assert s.name in labels and "学籍号：" in labels
    assert detail.guardians.rowCount() >= 2
    dialog = StatusChangeDialog(s.id)
    qtbot.addWidget(dialog)
    dialog.select_status("复学")
    assert "只有休学的学生才能复学" in dialog.message.text()
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    dialog.select_status("休学")
    dialog.reason.setText("住院")
    dialog.date.setDate(dt.date.today() + dt.timedelta(days=30))  # a future date cannot be picked
    assert dialog.date.date().toPython() == dt.date.today()
    dialog.save()
    assert "医疗证明" in dialog.message.text()
    dialog.step_edits["书面申请"].setText("家长书面申请")
    dialog.step_edits["医疗证明"].setText("县医院诊断证明")
    dialog.save()
    assert Student.get_by_id(s.id).status == "休学"
    detail.refresh()
    texts = [detail.timeline.item(r, 2).text() for r in range(detail.timeline.rowCount())]
    assert "休学：住院" in texts


def test_status_dialog_offers_transfer_in_to_a_child_who_transferred_out(page, qtbot, actor):
    from kongchuo_desktop.services.student_status import change_status

    s = Student.select().where(Student.status == "在校").first()
    papers = {"书面申请": "有", "班主任意见": "同意", "接收学校": "县一中", "分管校长审批": "李"}
    today = dt.date.today()
    change_status(actor, s, "转出", today - dt.timedelta(days=30), "随父母外出", details=papers)
    dialog = StatusChangeDialog(s.id)
    qtbot.addWidget(dialog)
    dialog.select_status("休学")
    assert "已“转出”" in dialog.message.text()
    dialog.select_status("转入")
    assert dialog.message.text() == ""
    assert dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    dialog.reason.setText("随父母返乡")
    dialog.date.setDate(today)
    dialog.save()
    assert Student.get_by_id(s.id).status == "转入"


def test_rollover_dialog_shows_the_plan_then_runs(page, qtbot, folder):
    from kongchuo_desktop.db.models import Term

    year_end = max(t.end_date for t in Term.select())
    dialog = RolloverDialog(folder, today=year_end + dt.timedelta(days=5))
    qtbot.addWidget(dialog)
    assert dialog.graduation.date().toPython() == year_end
    assert dialog.graduation.maximumDate().toPython() == year_end + dt.timedelta(days=5)
    text = dialog.preview.toPlainText()
    assert "六年级1班 → 七年级1班" in text and "小升初整班移交" in text and "毕业" in text
    with qtbot.waitSignal(dialog.done_rollover, timeout=20000):
        dialog.confirm.click()


def test_rollover_dialog_mid_year_shows_why_and_offers_nothing_to_confirm(page, qtbot, folder):
    from kongchuo_desktop.db.models import SchoolClass
    from kongchuo_desktop.services.calendar_service import term_containing

    term = term_containing(dt.date.today())
    dialog = RolloverDialog(folder, today=term.start_date + dt.timedelta(days=30))
    qtbot.addWidget(dialog)
    text = dialog.preview.toPlainText()
    assert f"{term.school_year}学年还没有结束" in text and "暑假" in text
    assert "→" not in text
    assert not dialog.confirm.isEnabled()
    assert not SchoolClass.select().where(SchoolClass.school_year != term.school_year).exists()


def test_add_student_dialog_shows_the_reason_it_cannot_save(qtbot, folder, actor):
    from kongchuo_desktop.services.roster_queries import class_rows
    from kongchuo_desktop.views.add_student_dialog import AddStudentDialog

    small_school(actor)
    dialog = AddStudentDialog(class_rows())
    qtbot.addWidget(dialog)
    dialog.name.setText("张三")
    dialog.save()
    assert "至少要填一个" in dialog.message.text()
    dialog.id_number.setText(rf.ID_ZHANG)
    dialog.save()
    assert dialog.student is not None and dialog.student.status == "在校"  # 新生入学


def test_an_empty_roster_says_how_to_fill_it(qtbot, folder, actor):
    from tests.services.roster_helpers import small_school

    small_school(actor)
    p = RosterPage(folder)
    qtbot.addWidget(p)
    p.refresh()
    assert "导入花名册" in p.students.count.text()


def test_moving_a_child_to_another_class_from_the_list(page, qtbot, monkeypatch):
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QDateEdit, QDialog, QLabel

    from kongchuo_desktop.services import membership
    from kongchuo_desktop.views.class_move_dialog import ClassMoveDialog

    tab = page.students
    tab.search.setText("")
    tab.view.setCurrentIndex(tab.proxy.index(0, 0))
    sid = tab.selected_student_id()
    before = Student.get_by_id(sid).school_class.name
    target = "九年级3班" if before != "九年级3班" else "九年级2班"
    asked = []
    yesterday = dt.date.today() - dt.timedelta(days=1)

    def choose(dialog):
        names = [dialog.target.itemText(i) for i in range(dialog.target.count())]
        asked.append((dialog.findChild(QLabel).text(), names))
        dialog.target.setCurrentIndex(names.index(target))
        dialog.findChild(QDateEdit, "class_move_date").setDate(QDate(yesterday))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ClassMoveDialog, "exec", choose)
    tab.move_class()
    assert before in asked[0][0] and before not in asked[0][1]
    assert Student.get_by_id(sid).school_class.name == target
    # The move counts from the day the clerk gave, not from the day it was typed in.
    moved_on = membership.memberships([sid])[sid][-1].start_date
    assert moved_on == yesterday


def test_new_class_offers_only_the_grades_the_school_has(qtbot, folder, actor, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    from kongchuo_desktop.db.models import SchoolClass
    from kongchuo_desktop.views.roster_page import ClassesTab

    small_school(actor, "小学", per_grade=1)
    tab = ClassesTab()
    qtbot.addWidget(tab)
    offered = []

    def pick(parent, title, label, items, *args):
        offered.extend(items)
        return "六年级", True

    monkeypatch.setattr(QInputDialog, "getItem", pick)
    tab.add.click()
    assert offered == ["一年级", "二年级", "三年级", "四年级", "五年级", "六年级"]
    assert SchoolClass.select().where(SchoolClass.grade == 6).count() == 2


def test_import_preview_says_when_an_xlsx_was_named_xls(qtbot, tmp_path, folder, actor):
    small_school(actor)
    path = tmp_path / "学籍导出.xls"
    path.write_bytes(rf.write_xlsx(tmp_path / "m.xlsx").read_bytes())
    sheet = read_sheet(path)
    dialog = ImportDialog(folder, sheet, make_import_plan(sheet))
    qtbot.addWidget(dialog)
    assert "内容其实是 .xlsx 格式，已按 .xlsx 读取" in dialog.info.text()
