"""The 月报 page and the preview dialog: every sheet with what will be filled, what was not
understood, a mapping fixed by hand and remembered, the report saved; without month figures the
page says so and only checks a template."""

from __future__ import annotations

import openpyxl
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QTreeWidgetItemIterator

from kongchuo_desktop.services import report_mappings
from kongchuo_desktop.views.report_page import NO_FIGURES_YET, ReportPage
from kongchuo_desktop.views.report_preview_dialog import ReportPreviewDialog
from tests.report_templates import SAMPLE, month_data, other_county


def _rows(dialog) -> list[tuple[str, str, str, str]]:
    out = []
    it = QTreeWidgetItemIterator(dialog.tree)
    while it.value():
        item = it.value()
        combo = dialog.tree.itemWidget(item, 2)
        chosen = combo.currentText() if isinstance(combo, QComboBox) else item.text(2)
        out.append((item.text(0), item.text(1), chosen, item.text(3)))
        it += 1
    return out


def _combo_of(dialog, first: str, second: str | None = None) -> QComboBox:
    it = QTreeWidgetItemIterator(dialog.tree)
    while it.value():
        item = it.value()
        if item.text(0) == first and (second is None or item.text(1) == second):
            return dialog.tree.itemWidget(item, 2)
        it += 1
    raise AssertionError(first)


def test_the_preview_lists_every_sheet_with_figures_lists_and_titles(qtbot, folder, messages):
    dialog = ReportPreviewDialog(SAMPLE, month_data(ledger=40))
    qtbot.addWidget(dialog)
    rows = _rows(dialog)
    sheets = [
        r for r in rows if r[0] in ("月报表", "辍学学生台账", "送教上门", "休学学生", "已劝返学生")
    ]
    assert len(sheets) == 5
    assert ("辍学学生台账", "", "", "辍学学生台账 40 行（插入 20 行）；填报单位、报告月份") in rows
    assert any(r[0] == "D列" and r[1] == "身份证号" and r[2] == "身份证号" for r in rows)
    assert any(
        r[0].startswith("I列") and r[2] == "本月新增疑似辍学" and "初中 2" in r[3] for r in rows
    )
    assert any(r[0] == "A2" and r[2] == "填报单位" for r in rows)
    assert dialog.findChild(QPushButton, "save_report").text() == "保存月报…"


def test_a_column_fixed_by_hand_is_remembered_and_the_report_saved(
    qtbot, folder, messages, tmp_path
):
    template = other_county(tmp_path / "某县模板.xlsx")
    dialog = ReportPreviewDialog(template, month_data())
    qtbot.addWidget(dialog)
    assert any(
        "学生体重" in r[1] and r[2] == "（不填）" and "没有认出" in r[3] for r in _rows(dialog)
    )
    combo = _combo_of(dialog, "G列")
    combo.setCurrentIndex(combo.findData("安置方式"))
    assert any(r[0] == "G列" and r[2] == "安置方式" for r in _rows(dialog))
    out = tmp_path / "十一月.xlsx"
    assert dialog.save_to(out)
    assert openpyxl.load_workbook(out)["名单一"]["G6"].value == "回原班"
    again = report_mappings.corrections_for(dialog.book.fingerprint)
    assert again.sheet("名单一").columns == {"G4": "安置方式"}
    assert messages[-1][0] == "information" and str(out) in messages[-1][2]


def test_saving_over_an_existing_file_asks_first(qtbot, folder, messages, tmp_path):
    dialog = ReportPreviewDialog(SAMPLE, month_data())
    qtbot.addWidget(dialog)
    out = tmp_path / "月报.xlsx"
    out.write_bytes(b"old")
    messages.answers["confirm"] = False
    assert not dialog.save_to(out)
    assert out.read_bytes() == b"old"


def test_without_month_figures_the_page_says_so_and_only_checks_a_template(qtbot, folder, messages):
    page = ReportPage(folder)
    qtbot.addWidget(page)
    assert page.findChild(QLabel, "report_intro").text() == NO_FIGURES_YET
    assert page.findChild(QPushButton, "check_template") is not None
    assert page.findChild(QPushButton, "preview_report") is None
    assert "示例数据" not in NO_FIGURES_YET
    dialog = page.open_preview(None)
    qtbot.addWidget(dialog)
    assert dialog.findChild(QPushButton, "save_report") is None
    assert "后续版本" in dialog.heading.text()
    assert "模板的各部分都已认出" in dialog.status.text()


def test_a_page_given_month_data_offers_the_preview(qtbot, folder, messages):
    page = ReportPage(folder, month_data=month_data)
    qtbot.addWidget(page)
    assert page.findChild(QPushButton, "preview_report").text() == "预览并保存月报…"


def test_a_file_that_is_not_a_workbook_is_refused_with_its_name(qtbot, folder, messages, tmp_path):
    bad = tmp_path / "不是模板.xlsx"
    bad.write_text("hello")
    page = ReportPage(folder)
    qtbot.addWidget(page)
    page.use_template(bad)
    assert page.open_preview(None) is None
    assert "不是模板.xlsx" in messages[-1][2]


def test_a_list_set_to_none_by_hand_is_not_filled_remembered_and_reset(
    qtbot, folder, messages, tmp_path
):
    dialog = ReportPreviewDialog(SAMPLE, month_data())
    qtbot.addWidget(dialog)
    sheets = dialog.current.sheets
    ledger = next(s for s in sheets if s.name == "辍学学生台账")
    assert ledger.lists[0].list_name == "辍学学生台账"
    it = QTreeWidgetItemIterator(dialog.tree)
    combo = None
    while it.value():
        item = it.value()
        if item.text(1) == "这张表的名单" and item.parent().text(0) == "辍学学生台账":
            combo = dialog.tree.itemWidget(item, 2)
        it += 1
    combo.setCurrentIndex(combo.findData(""))
    ledger = next(s for s in dialog.current.sheets if s.name == "辍学学生台账")
    assert ledger.lists[0].list_name is None
    dialog.findChild(QPushButton, "remember_corrections").click()
    assert report_mappings.corrections_for(dialog.book.fingerprint).sheet("辍学学生台账").lists == {
        "3": ""
    }
    again = ReportPreviewDialog(SAMPLE, month_data())
    qtbot.addWidget(again)
    assert "已用上这个模板记住的手动对应" in again.heading.text()
    again.findChild(QPushButton, "reset_corrections").click()
    assert (
        next(s for s in again.current.sheets if s.name == "辍学学生台账").lists[0].list_name
        == "辍学学生台账"
    )
    again.findChild(QPushButton, "remember_corrections").click()
    assert report_mappings.corrections_for(again.book.fingerprint).to_json() == {}
