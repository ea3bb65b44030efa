"""The printed class list, 点名表, 档案 and 请假条: written as PDFs offscreen and read back (pypdf),
and the buttons that print them."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import unicodedata

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintPreviewWidget
from PySide6.QtWidgets import QDialog, QPushButton

from kongchuo_desktop.db.models import Absence, LeaveRequest, SchoolClass, Student
from kongchuo_desktop.services import audit, printouts
from kongchuo_desktop.services.demo import DEMO_SCHOOL_NAME
from kongchuo_desktop.views import print_actions, printing
from kongchuo_desktop.views import printouts as layout

# The PDF's text as a reader copies it out: the CJK fonts on Linux share one glyph between some
# characters and their radical (青 and ⻘), and the PDF names the radical; NFKC folds most back.
RADICALS = str.maketrans("⻘⺠⻰⻄⻅⻔⻢⻛⻚⻉⻋⻩⻬⻜⻓⻝", "青民龙西见门马风页贝车黄齐飞长食")


def fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).translate(RADICALS).split())


def pages_text(path) -> list[str]:
    """Each page's text, folded. poppler's pdftotext where installed (.ci/run installs it): it
    reads a 27-page class list in a second, where pypdf takes half a minute."""
    tool = shutil.which("pdftotext")
    if tool is None:
        return [fold(page.extract_text()) for page in PdfReader(path).pages]
    out = subprocess.run(
        [tool, "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    return [fold(page) for page in out.split("\f")[:-1]]  # a form feed ends each page


def write(document, tmp_path, name="x.pdf") -> list[str]:
    path, pages = printing.write_pdf(document, tmp_path / name)
    text = pages_text(path)
    assert len(text) == pages
    return text


def school_name_on_every_page(text: list[str], school: str = DEMO_SCHOOL_NAME) -> bool:
    return all(fold(school) in page for page in text)


def test_the_demo_schools_class_list_is_one_class_per_page(qapp, demo, tmp_path):
    lists = printouts.class_lists()
    text = write(layout.class_list_document(printouts.school_name(), lists), tmp_path)
    assert len(text) == len(lists) == 27  # 45 a class: each fits on one page
    assert school_name_on_every_page(text)
    for page, listed in zip(text, lists, strict=True):
        titles = [c.class_name for c in lists if fold(f"{c.class_name}学生花名册") in page]
        assert titles == [listed.class_name]  # one class per section, none mixed in
        assert "身份证件号" in page and f"共{len(listed.students)}人" in page
        assert listed.students[-1].id_number in page
    assert "第27页/共27页" in text[-1]


def test_a_long_class_list_runs_over_with_the_header_and_class_on_each_page(
    qapp, school, actor, tmp_path
):
    c1 = school["c1"]
    for n in range(50):
        audit.create(Student, actor, name=f"学生{n:02d}", school_class=c1)
    (listed,) = printouts.class_lists(c1.id)
    document = layout.class_list_document(printouts.school_name(), [listed])
    text = write(document, tmp_path)
    assert len(text) == 2
    assert school_name_on_every_page(text, "测试学校")
    for page in text:
        assert "七年级1班学生花名册" in page
        assert "序号姓名性别出生日期学籍号身份证件号备注" in page  # the header, repeated
    assert "第2页/共2页" in text[1]


def test_the_weekly_register_has_a_page_per_class_with_the_holiday_marked(qapp, demo, tmp_path):
    register = printouts.weekly_register(dt.date(2026, 9, 30))
    text = write(layout.register_document(printouts.school_name(), register), tmp_path)
    assert len(text) == 27
    assert school_name_on_every_page(text)
    first = text[0]
    assert f"{register.classes[0].class_name}学生点名表" in first
    assert "9月28日周一" in first and "10月1日周四" in first and "国庆节" in first
    assert first.count("上午") == 3  # three school days, two holidays
    assert "班主任签字" in first and "实到人数" in first
    one = printouts.weekly_register(dt.date(2026, 11, 30), register.classes[4].class_id)
    (page,) = write(layout.register_document(printouts.school_name(), one), tmp_path, "one.pdf")
    assert page.count("上午") == 5 and register.classes[4].class_name in page


def test_a_students_record_prints_with_the_register_guardians_and_absences(qapp, demo, tmp_path):
    absent = Absence.select().order_by(Absence.id).first().student
    record = printouts.student_record(absent.id, today=dt.date(2026, 11, 28))
    (page,) = write(layout.student_record_document(printouts.school_name(), record), tmp_path)
    assert fold(DEMO_SCHOOL_NAME) in page and "学生档案" in page
    assert absent.name in page and fold(absent.id_number) in page
    assert record.guardians[0].phone in page
    assert "学籍与班级变动" in page and "缺勤" in page and "经办人签字" in page


def test_the_leave_form_prints_on_one_page_with_a_line_to_sign_for_each_approver(
    qapp, demo, tmp_path
):
    leave = LeaveRequest.get(LeaveRequest.state == "已批准")
    form = printouts.leave_form(leave.id)
    (page,) = write(layout.leave_form_document(printouts.school_name(), form), tmp_path)
    assert fold(DEMO_SCHOOL_NAME) in page and "学生请假条" in page
    assert leave.student.name in page and fold(form.reason) in page
    for decision in form.decisions:
        assert decision.role in page
    assert "家长签字" in page and "返校日期" in page


def test_the_preview_shows_every_page_of_every_class(qtbot, demo):
    lists = printouts.class_lists()[:3]
    document = layout.class_list_document(printouts.school_name(), lists)
    dialog = printing.preview_dialog(None, document, document.name)
    qtbot.addWidget(dialog)
    dialog.open()
    preview = dialog.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: preview.pageCount() == 3)
    dialog.reject()


# ---- the buttons -------------------------------------------------------------------------------


@pytest.fixture
def shown(monkeypatch):
    """The documents sent to the print preview, instead of opening it."""
    seen = []
    monkeypatch.setattr(layout, "preview", lambda parent, document, name: seen.append(document))
    return seen


def choose(monkeypatch, class_name: str | None, day: dt.date | None = None, pdf: bool = False):
    """The print dialog answers: this class (None: all classes), this week; 打印预览 (or
    导出PDF with `pdf`)."""

    def exec_(dialog):
        if class_name is not None:
            dialog.klass.setCurrentIndex(dialog.klass.findText(class_name))
        else:
            dialog.klass.setCurrentIndex(0)
        if day is not None:
            dialog.week.setDate(day)
        dialog.choose(pdf=pdf)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(print_actions.PrintChoiceDialog, "exec", exec_)


def test_the_roster_page_prints_the_class_chosen_or_every_class(qtbot, demo, shown, monkeypatch):
    from kongchuo_desktop.views.roster_page import StudentsTab

    tab = StudentsTab(None)
    qtbot.addWidget(tab)
    tab.refresh()
    button = tab.findChild(QPushButton, "roster_print")
    choose(monkeypatch, "三年级2班")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    choose(monkeypatch, None)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    one, every = shown
    assert [s.title for s in one.sections] == ["三年级2班学生花名册"]
    assert len(every.sections) == SchoolClass.select().count() == 27


def test_the_headcount_page_prints_a_blank_register_of_the_week_chosen(
    qtbot, demo, shown, monkeypatch
):
    from kongchuo_desktop.views.headcount_page import HeadcountPage

    page = HeadcountPage(None)
    qtbot.addWidget(page)
    choose(monkeypatch, "七年级1班", dt.date(2026, 10, 1))
    qtbot.mouseClick(
        page.findChild(QPushButton, "headcount_print_register"), Qt.MouseButton.LeftButton
    )
    (document,) = shown
    (section,) = document.sections
    assert section.title == "七年级1班学生点名表"
    assert "2026年9月28日至10月2日" in section.heading and "国庆节" in section.body


def test_the_student_page_and_the_leave_tab_print_their_own_page(qtbot, demo, shown, messages):
    from kongchuo_desktop.views.headcount_leave_tab import LeaveTab
    from kongchuo_desktop.views.student_detail_dialog import StudentDetailDialog

    leave = LeaveRequest.select().order_by(LeaveRequest.id).first()
    student = StudentDetailDialog(leave.student_id)
    qtbot.addWidget(student)
    qtbot.mouseClick(student.findChild(QPushButton, "student_print"), Qt.MouseButton.LeftButton)
    tab = LeaveTab()
    qtbot.addWidget(tab)
    tab.refresh()
    button = tab.findChild(QPushButton, "leave_print")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # nothing selected yet: it says so
    assert messages[-1][2] == "请先在表格中选中一条请假"
    tab.view.selectRow(0)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    record, form = shown
    assert record.title == "学生档案" and record.sections[0].heading.startswith(leave.student.name)
    selected = tab.model.row(tab.proxy.mapToSource(tab.view.currentIndex()).row())
    assert form.title == "学生请假条" and selected.student_name in form.sections[0].body


def test_the_dialogs_pdf_button_goes_straight_to_saving_a_pdf(qtbot, demo, shown, monkeypatch):
    saved = []
    monkeypatch.setattr(layout, "save_pdf_as", lambda parent, doc, name: saved.append(name))
    choose(monkeypatch, "九年级3班", pdf=True)
    print_actions.print_class_lists(None, [(c.id, c.name) for c in SchoolClass.select()])
    assert saved == ["学生花名册 九年级3班"] and shown == []


def test_a_week_without_school_is_refused_with_the_reason(
    qtbot, demo, shown, monkeypatch, messages
):
    choose(monkeypatch, None, dt.date(2026, 8, 12))
    print_actions.print_weekly_register(None, [], dt.date(2026, 11, 27))
    assert shown == [] and "不在学期内" in messages[-1][2]


def test_the_student_page_prints_only_what_is_saved(qtbot, demo, shown, messages):
    from kongchuo_desktop.views.student_detail_dialog import StudentDetailDialog

    page = StudentDetailDialog(Student.select().first().id)
    qtbot.addWidget(page)
    page.start_edit()
    page.edit.set("现住址", "新地址")
    qtbot.mouseClick(page.findChild(QPushButton, "student_print"), Qt.MouseButton.LeftButton)
    assert shown == [] and "没保存的修改" in messages[-1][2]


def test_a_leave_form_saved_as_pdf_says_where_and_how_many_pages(
    qtbot, demo, messages, monkeypatch, tmp_path
):
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "请假条.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    form = printouts.leave_form(LeaveRequest.select().first().id)
    document = layout.leave_form_document(printouts.school_name(), form)
    layout.show(None, document, document.name, pdf=True)
    assert target.read_bytes().startswith(b"%PDF")
    assert messages[-1][1:] == ("导出PDF", f"已导出 1 页到：\n{target}")
