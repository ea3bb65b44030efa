"""易辍生预警 as the clerk uses it: the ranked list with its reasons, filtered, printed and exported;
the weights changed in 设置 reorder it; the student page shows the child's score and why."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QFileDialog

from kongchuo_desktop.services import risk_score, settings_store
from kongchuo_desktop.views.risk_page import RiskPage
from kongchuo_desktop.views.risk_panel import RiskPanel
from kongchuo_desktop.views.risk_rules_tab import RiskRulesTab
from kongchuo_desktop.views.student_detail_dialog import StudentDetailDialog
from tests.demo_school import DEMO_TODAY
from tests.views.test_printing import page_count


@pytest.fixture
def page(qtbot, demo):
    p = RiskPage(today=DEMO_TODAY)
    qtbot.addWidget(p)
    p.refresh()
    return p


def shown(p: RiskPage, column: int) -> list:
    return [p.proxy.data(p.proxy.index(r, column)) for r in range(p.proxy.rowCount())]


def choose(monkeypatch, path):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))


def test_the_list_is_ranked_with_reasons_and_passes_the_model_tester(page, qtmodeltester):
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)
    scores = [int(s) for s in shown(page, 3)]
    assert scores == sorted(scores, reverse=True)
    assert shown(page, 4)[0] == "高"
    assert "目前已连续无故缺勤 4 天 +25" in shown(page, 5)[0]
    assert "共 " in page.summary.text() and "需要一帮一帮扶" in page.summary.text()


def test_filters_by_level_grade_and_class(page):
    page.level.setCurrentIndex(page.level.findData("高"))
    assert set(shown(page, 4)) == {"高"}
    page.level.setCurrentIndex(0)
    page.grade.setCurrentIndex(page.grade.findData(8))
    assert {c[:3] for c in shown(page, 2)} == {"八年级"}
    classes = [page.klass.itemText(i) for i in range(1, page.klass.count())]
    assert classes == ["八年级1班", "八年级2班", "八年级3班"]
    page.klass.setCurrentIndex(page.klass.findText("八年级2班"))
    assert set(shown(page, 2)) == {"八年级2班"}
    assert page.summary.text().startswith(f"共 {page.proxy.rowCount()} 人")
    assert page.filter_text() == "八年级、八年级2班"


def test_printed_and_exported_with_the_reasons(page, tmp_path, monkeypatch, messages, qtbot):
    page.level.setCurrentIndex(page.level.findData("高"))
    table = page.print_table()
    assert table.title == "易辍生预警" and list(table.header)[-1] == "原因"
    assert "目前已连续无故缺勤 4 天 +25" in table.rows[0][-1]
    pdf = tmp_path / "预警.pdf"
    choose(monkeypatch, pdf)
    page.pdf_button.click()
    assert page_count(pdf) == 1
    target = tmp_path / "预警.xlsx"
    choose(monkeypatch, target)
    page.export_button.click()
    qtbot.waitUntil(lambda: any(t == "导出完成" for _, t, _ in messages), timeout=10000)
    ws = load_workbook(target).active
    assert ws["A1"].value.endswith("易辍生预警")
    assert ws["A2"].value == "2026年11月28日（等级高）"
    assert [c.value for c in ws[3]] == ["排名", "学生", "班级", "得分", "等级", "原因"]
    body = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    assert body and all(r[4] == "高" for r in body)
    assert isinstance(body[0][3], int)
    assert "目前已连续无故缺勤 4 天 +25" in body[0][5]


def test_a_weight_changed_in_settings_reorders_the_list(page, qtbot, messages):
    tab = RiskRulesTab()
    qtbot.addWidget(tab)
    assert tab.points["flag:学困生"].value() == 15
    tab.points["flag:学困生"].setValue(100)
    assert tab.save()
    page.refresh()
    assert "学困生 +100" in shown(page, 5)[0]
    assert int(shown(page, 3)[0]) >= 100
    tab.show_defaults()
    assert tab.points["flag:学困生"].value() == 15


def test_a_refused_rule_saves_nothing(qtbot, demo, messages):
    tab = RiskRulesTab()
    qtbot.addWidget(tab)
    tab.medium.setValue(60)  # above 高 (50)
    tab.points["flag:留守儿童"].setValue(40)
    assert not tab.save()
    assert messages[-1][1] == "不能保存" and "要低于" in messages[-1][2]
    assert risk_score.rules_setting()["flag:留守儿童"]["points"] == 10


def test_the_chronic_threshold_is_the_attendance_setting(qtbot, demo, messages, actor):
    tab = RiskRulesTab()
    qtbot.addWidget(tab)
    assert tab.chronic.text().strip().startswith("10 %")
    settings_store.set("attendance.chronic_absence_percent", 15.0, actor)  # on 点名与上报规则
    tab.show()
    assert tab.chronic.text().strip().startswith("15 %")
    assert "chronic_absence" not in tab.threshold  # not a second place to edit it
    assert tab.save()
    assert risk_score.rules().rules["chronic_absence"].threshold == 0.15


def test_the_student_page_shows_the_score_and_why(qtbot, demo):
    top = risk_score.scores(DEMO_TODAY)[0]
    panel = RiskPanel(today=DEMO_TODAY)
    qtbot.addWidget(panel)
    panel.show_student(top.student_id)
    assert panel.headline.text().startswith(f"{top.score} 分　等级：高")
    assert "需要一帮一帮扶" in panel.headline.text()
    assert "目前已连续无故缺勤 4 天　+25" in panel.reasons.text()
    dialog = StudentDetailDialog(top.student_id)
    qtbot.addWidget(dialog)
    assert dialog.findChild(RiskPanel, "student_risk") is not None
