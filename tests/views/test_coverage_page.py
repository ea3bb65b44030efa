"""三包责任 page: the gaps with their fixing buttons, 10 students reassigned in one go, a class
confirmed in one click, the count on 首页 until zero, and the 责任书 printed on A4."""

import datetime as dt

import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog

from kongchuo_desktop.db.models import Teacher
from kongchuo_desktop.domain.sanbao import GapKind
from kongchuo_desktop.services import audit, sanbao, sanbao_rows
from kongchuo_desktop.views import printing
from kongchuo_desktop.views.coverage_page import CoveragePage
from kongchuo_desktop.views.home_page import HomePage
from kongchuo_desktop.views.letter_print import letter_table
from tests.demo_school import DEMO_TODAY

DAY = dt.date(2026, 11, 20)


@pytest.fixture
def page(qtbot, folder, monkeypatch):
    monkeypatch.setattr(CoveragePage, "clock", staticmethod(lambda: DAY))
    p = CoveragePage(folder)
    qtbot.addWidget(p)
    return p


def gap_kinds(page):
    return [page.gap_model.row(i).kind for i in range(page.gap_model.rowCount())]


def test_models_pass_the_model_tester(school, page, qtmodeltester):
    page.refresh()
    qtmodeltester.check(page.gap_model)
    qtmodeltester.check(page.assignments.model)
    qtmodeltester.check(page.village_tab.model)


def test_ten_students_reassigned_in_bulk_show_in_the_coverage_view(school, page, messages, actor):
    sanbao.confirm_class(actor, school["c1"].id, DAY)
    zhou = audit.create(Teacher, actor, name="周老师")
    page.refresh()
    tab = page.assignments
    tab.class_box.setCurrentIndex(tab.class_box.findText("七年级1班"))
    assert tab.model.rowCount() == 10
    assert {tab.model.row(i).guarantor for i in range(10)} == {"王老师"}
    tab.view.selectAll()
    tab.teacher_box.setCurrentIndex(tab.teacher_box.findData(zhou.id))
    tab.reassign_button.click()
    assert messages[-1][0] == "question" and "由周老师包保选中的10名学生" in messages[-1][2]
    assert {tab.model.row(i).guarantor for i in range(10)} == {"周老师"}
    assert {tab.model.row(i).state for i in range(10)} == {"已确认"}
    # the coverage view changed with it: 周老师's ten are listed as letters to sign
    letters = [
        page.gap_model.row(i)
        for i in range(page.gap_model.rowCount())
        if page.gap_model.row(i).kind is GapKind.LETTER_UNSIGNED
    ]
    assert [(g.teacher_name, g.message) for g in letters] == [
        ("周老师", "包保的10名学生未签责任书")
    ]


def test_fixing_an_unconfirmed_gap_confirms_the_whole_class(school, page, messages):
    page.refresh()
    assert gap_kinds(page).count(GapKind.UNCONFIRMED) == 15
    row = next(
        i
        for i in range(page.gap_model.rowCount())
        if page.gap_model.row(i).class_name == "七年级1班"
        and page.gap_model.row(i).kind is GapKind.UNCONFIRMED
    )
    page.gap_view.selectRow(row)
    page.fix_button.click()
    assert "确认七年级1班每名在校学生的包保教师" in messages[-1][2]
    assert gap_kinds(page).count(GapKind.UNCONFIRMED) == 5
    assert page.tabs.tabText(0) == f"缺口（{page.gap_model.rowCount()}）"
    messages.answers["confirm"] = False  # a clerk who says no changes nothing
    row = gap_kinds(page).index(GapKind.UNCONFIRMED)
    page.gap_view.selectRow(row)
    page.fix_button.click()
    assert gap_kinds(page).count(GapKind.UNCONFIRMED) == 5


def test_the_principal_is_chosen_from_the_gap(school, page, messages, monkeypatch):
    page.refresh()
    page.gap_view.selectRow(gap_kinds(page).index(GapKind.NO_PRINCIPAL))
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (a[3][0], True))
    page.fix_button.click()
    assert GapKind.NO_PRINCIPAL not in gap_kinds(page)


def test_a_letter_signed_from_the_gap_with_a_date(school, page, messages, monkeypatch, actor):
    sanbao.confirm_class(actor, school["c1"].id, DAY)
    page.refresh()
    page.gap_view.selectRow(gap_kinds(page).index(GapKind.LETTER_UNSIGNED))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("2026-11-20", True))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    page.fix_button.click()
    assert GapKind.LETTER_UNSIGNED not in gap_kinds(page)
    assert page.assignments.model.row(0).signed_on == DAY


def test_home_shows_the_gap_count_until_zero_and_opens_the_page(demo, qtbot, monkeypatch, actor):
    monkeypatch.setattr(HomePage, "clock", staticmethod(lambda: DEMO_TODAY))
    home = HomePage(demo)
    qtbot.addWidget(home)
    home.refresh()
    assert home.sanbao_gaps.isVisibleTo(home)
    assert home.sanbao_gaps.text() == "三包责任：33处缺口，点此处理"


def test_home_hides_the_count_when_every_child_is_covered(
    school, qtbot, monkeypatch, actor, folder
):
    monkeypatch.setattr(HomePage, "clock", staticmethod(lambda: DAY))
    head2 = audit.create(Teacher, actor, name="周老师")
    audit.update(school["c2"], actor, head_teacher=head2)
    sanbao.set_principal(actor, school["head"].id, DAY)
    for cls in (school["c1"], school["c2"]):
        sanbao.confirm_class(actor, cls.id, DAY)
    for t in (school["head"], head2):
        sanbao.sign_letter(actor, t.id, DAY)
    home = HomePage(folder)
    qtbot.addWidget(home)
    home.refresh()
    assert not home.sanbao_gaps.isVisibleTo(home)


def test_a_teachers_letter_prints_on_a4_with_students_duties_and_signatures(demo, tmp_path):
    row = next(r for r in sanbao_rows.student_rows(DEMO_TODAY) if r.state == "已确认")
    table = letter_table(sanbao_rows.letter_data(row.guarantor_id, DEMO_TODAY))
    assert table.title == "控辍保学包保责任书" and not table.landscape
    assert row.name in [r[2] for r in table.rows]
    assert "包保教师（签字）" in table.after_html and "校长（签字）" in table.after_html
    path, pages = printing.write_pdf(table, tmp_path / "责任书.pdf")
    assert path.stat().st_size > 1000 and pages >= 1
