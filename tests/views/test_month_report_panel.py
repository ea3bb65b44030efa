"""The 月报 page's month work: the chosen month's period, the preview saving through the month
writer, the principal's signature, 标记为已上报, the history and the comparison after an edit;
首页's reminder."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from PySide6.QtWidgets import QLabel

from kongchuo_desktop.services import report_filing
from kongchuo_desktop.views.month_report_panel import MonthReportPanel
from kongchuo_desktop.views.report_page import ReportPage
from tests import month_school
from tests.report_templates import SAMPLE

TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def page(qtbot, folder, actor, monkeypatch):
    monkeypatch.setattr(MonthReportPanel, "clock", staticmethod(lambda: TODAY))
    kids = month_school.build(actor)
    p = ReportPage(folder, months=True)
    qtbot.addWidget(p)
    p.use_template(SAMPLE)
    p.refresh()
    p.kids = kids
    return p


def test_the_month_after_its_cut_off_is_chosen_with_its_period(page):
    panel = page.panel
    assert panel.month.currentText() == "2026年11月"
    assert "统计2026年10月21日至2026年11月20日" in panel.period.text()
    assert "本月尚未上报" in panel.state.text()


def test_preview_save_sign_file_then_an_edit_shows_in_the_comparison(
    page, messages, tmp_path, actor, monkeypatch
):
    panel = page.panel
    dialog = panel.preview_dialog()
    assert "没有包保教师" in dialog.heading.text()
    out = tmp_path / "十一月月报.xlsx"
    assert dialog.save_to(out)
    assert "说明" in openpyxl.load_workbook(out).sheetnames
    panel.mark_filed()  # not signed yet
    assert "还没有校长签字" in messages[-1][2]
    panel.signer.setText("李校长")
    panel.sign()
    panel.mark_filed()
    assert messages[-1][0] == "information"
    assert panel.history_model.rowCount() == 1
    assert "已上报第1版" in panel.state.text()
    assert "没有变化" in panel.compare_label.text()
    month_school.status(actor, page.kids["A1"], "转出", dt.date(2026, 11, 15), "随父母外出")
    panel.refresh()
    assert "变化" in panel.compare_label.text()
    rows = [panel.compare_model.row(i) for i in range(panel.compare_model.rowCount())]
    assert any(r.what == "本月转出（小学）" and (r.filed, r.now) == (1, 2) for r in rows)
    assert report_filing.latest_filed("2026-11").snapshot["figures"]["本月转出"]["小学"] == 1
    # the filed version's own file, saved again from the history
    again = tmp_path / "取回"
    monkeypatch.setattr(
        "kongchuo_desktop.views.save_dialog.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(again), ""),
    )
    panel.history.selectRow(0)
    panel.save_history_file()
    assert (tmp_path / "取回.xlsx").read_bytes() == out.read_bytes()


def test_home_says_the_report_is_due_until_filed(qtbot, folder, actor, monkeypatch):
    from kongchuo_desktop.views.home_page import HomePage

    month_school.build(actor)
    monkeypatch.setattr(HomePage, "clock", staticmethod(lambda: TODAY))
    home = HomePage(folder)
    qtbot.addWidget(home)
    home.refresh()
    note = home.findChild(QLabel, "home_report_due")
    assert not note.isHidden() and "2026年11月月报应于11月25日前上报" in note.text()
