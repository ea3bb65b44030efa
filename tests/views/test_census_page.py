"""人籍比对 as the clerk uses it: lists imported (several files at once), counts per result and per
village, filters, a child's result and proof edited, the lists exported; 开学未返校 in its tab."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QFileDialog

from kongchuo_desktop.domain.census_match import CensusResult
from kongchuo_desktop.services import census_export
from kongchuo_desktop.views.census_page import CensusPage
from tests import census_files as cf
from tests.services.test_census import census_school  # noqa: F401 - a fixture

TODAY = dt.date(2026, 9, 4)


@pytest.fixture
def page(qtbot, census_school, tmp_path, messages):  # noqa: F811
    p = CensusPage(today=TODAY)
    qtbot.addWidget(p)
    p.refresh()
    p.import_files([cf.hongxing(tmp_path), cf.qingshan(tmp_path)])
    qtbot.waitUntil(lambda: len(p.comparison.children) == 12)
    return p


def shown(p: CensusPage, column: int) -> list:
    return [p.proxy.data(p.proxy.index(r, column)) for r in range(p.proxy.rowCount())]


def test_importing_shows_the_problems_first_and_then_the_counts(page, messages, qtmodeltester):
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)
    qtmodeltester.check(page.village_model)
    qtmodeltester.check(page.unlisted_model)
    asked = next(text for kind, _, text in messages if kind == "question")
    assert "第14行 [公民身份号码] 错误" in asked and "（该行不导入）" in asked
    assert "2 个村共 12 名儿童" in page.summary.text()
    assert "本校在读 3" in page.summary.text() and "需跟进 4 人" in page.summary.text()
    villages = [page.village_model.value(r, 0) for r in page.village_model.rows]
    assert villages == ["红星村", "青山村", "合计（同一儿童只计一次）"]
    assert page.village_model.rows[-1][2] == 12


def test_filters_by_village_result_and_follow_up(page):
    page.village.setCurrentIndex(page.village.findData("青山村"))
    assert sorted(shown(page, 2)) == ["王小明", "陈红"]
    page.village.setCurrentIndex(0)
    page.result.setCurrentIndex(page.result.findData(CensusResult.NOT_ENROLLED))
    assert shown(page, 2) == ["赵未"]
    page.result.setCurrentIndex(0)
    page.follow_up.setChecked(True)
    assert sorted(shown(page, 2)) == sorted(["王小明", "赵未", "钱缓", "孙送"])
    page.follow_up.setChecked(False)
    page.search.setText("李四")
    assert shown(page, 9) == ["按姓名和出生日期匹配，请核对"]


def test_a_proof_saved_in_the_dialog_takes_the_child_off_the_awaiting_list(page, qtbot):
    wang = next(c for c in page.comparison.children if c.name == "王小明")
    dialog = page.open_child(wang)
    qtbot.addWidget(dialog)
    dialog.proof.setChecked(True)
    dialog.note.setPlainText("家长已交证明")
    dialog.save()
    wang = next(c for c in page.comparison.children if c.name == "王小明")
    assert not wang.awaiting_proof and wang.decision.note == "家长已交证明"
    table = census_export.awaiting_proof_table(page.comparison, page.school_year)
    assert table.rows == []


def test_the_lists_export_with_the_results(page, qtbot, monkeypatch, tmp_path, messages):
    out = tmp_path / "花名册.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    page.export_list(census_export.ROSTER)
    qtbot.waitUntil(lambda: out.exists())
    ws = load_workbook(out).active
    assert ws["A3"].value == "序号" and ws["J3"].value == "比对结果"
    assert ws.max_row == 3 + 12
    assert ws.page_setup.orientation == "landscape"


def test_the_not_returned_tab_counts_from_the_first_school_day(page, qtmodeltester):
    tab = page.not_returned
    qtmodeltester.check(tab.model)
    assert tab.term.currentData() == "2026-2027-1"
    assert "一天也没有到校" in tab.summary.text()
    assert "上报截止 2026年09月15日" in tab.summary.text()


def test_confirming_a_child_not_in_school_opens_a_case(page, qtbot, messages):
    from kongchuo_desktop.db.case_models import Case

    zhao = next(c for c in page.comparison.children if c.name == "赵未")
    dialog = page.open_child(zhao)
    qtbot.addWidget(dialog)
    assert dialog.confirmed.isEnabled()
    dialog.confirmed.setChecked(True)
    dialog.save()
    assert messages[-1][1] == "已立案" and "家访与劝返" in messages[-1][2]
    assert Case.select().count() == 1
