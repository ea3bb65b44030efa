"""The 家访与劝返 page on the demo school: the ledger and its filters, the export, the visit plan
with a routine visit, the next steps due, and 首页's line of them."""

import datetime as dt

import openpyxl
import pytest

from kongchuo_desktop.services import case_contacts
from kongchuo_desktop.views.case_dialog import CaseDialog
from kongchuo_desktop.views.case_forms import ContactDialog, OpenCaseDialog, check_people
from kongchuo_desktop.views.home_page import HomePage
from kongchuo_desktop.views.visits_page import VisitsPage
from tests.demo_school import DEMO_TODAY


@pytest.fixture
def page(qtbot, demo, monkeypatch):
    for cls in (VisitsPage, CaseDialog, HomePage):
        monkeypatch.setattr(cls, "clock", staticmethod(lambda: DEMO_TODAY))
    p = VisitsPage(demo)
    qtbot.addWidget(p)
    p.resize(1024, 700)
    p.show()
    p.refresh()
    return p


def test_the_ledger_lists_the_demo_cases_and_filters_them(page, qtmodeltester):
    qtmodeltester.check(page.ledger_proxy)
    assert page.ledger_model.rowCount() == 5
    assert page.ledger_count.text() == "共5个个案，其中未销号3个"
    page.f_state.setCurrentText("已销号")
    assert {r.close_kind for r in page.ledger_model.rows} == {"已复学", "转学"}
    page.f_state.setCurrentText("全部")
    page.f_stage.setCurrentIndex(3)  # ②限期复学通知书
    assert [r.whereabouts for r in page.ledger_model.rows] == ["外出务工（广东省东莞市）"]
    page.f_stage.setCurrentIndex(0)
    page.f_text.setText("田小花")
    assert [r.class_name for r in page.ledger_model.rows] == ["不在花名册"]


def test_the_export_writes_the_bureau_sheet(page, tmp_path, messages):
    out = page.export(str(tmp_path / "台账"))
    ws = openpyxl.load_workbook(out)["辍学学生台账"]
    assert ws.max_row == 3 + 5
    assert "青山镇九年一贯制学校" in ws["A2"].value
    assert messages[-1][1] == "导出完成"


def test_a_case_opened_by_hand_for_a_child_not_on_the_roster(page, monkeypatch, messages):
    def fill(form):
        form.tabs.setCurrentIndex(1)
        form.person_name.setText("石小军")
        form.person_village.setText("青山村五组")

    def exec_(self):
        fill(self)
        self.buttons.accepted.emit()
        return self.result()

    monkeypatch.setattr(OpenCaseDialog, "exec", exec_)
    shown = []
    monkeypatch.setattr(VisitsPage, "show_case", lambda self, case_id=None: shown.append(case_id))
    page.open_button.click()
    assert shown and "石小军" in [r.name for r in page.ledger_model.rows]


def test_the_visit_plan_and_a_routine_visit(page, monkeypatch, demo):
    page.tabs.setCurrentIndex(1)
    before = page.plan_model.rowCount()
    assert before > 0 and "本学期还没有家访过的重点学生" in page.plan_count.text()
    page.plan_view.selectRow(0)
    name = page.plan_model.rows[0].student_name

    def exec_(self):
        check_people(self.teachers, {self.teachers.item(0).text()})
        self.buttons.accepted.emit()
        return self.result()

    monkeypatch.setattr(ContactDialog, "exec", exec_)
    page.plan_record.click()
    assert page.plan_model.rowCount() == before - 1
    assert name not in [r.student_name for r in page.plan_model.rows]


def test_next_steps_due_show_on_the_page_and_on_home(page, qtbot, demo):
    page.tabs.setCurrentIndex(2)
    [due] = page.due_model.rows
    assert due.next_step == "到家接孩子返校" and due.due == DEMO_TODAY - dt.timedelta(days=1)
    home = HomePage(demo)
    qtbot.addWidget(home)
    home.refresh()
    assert not home.next_steps.isHidden()
    assert "到家接孩子返校" in home.next_steps.text()
    assert case_contacts.next_steps_due(DEMO_TODAY - dt.timedelta(days=2)) == []
