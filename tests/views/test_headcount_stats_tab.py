"""出勤统计 as the clerk uses it: classes in the school's order with 全校 last, one colour scale for
出勤率, and the table exported to .xlsx and PDF."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFileDialog

from kongchuo_desktop.db.models import SchoolClass
from kongchuo_desktop.services import attendance as att
from kongchuo_desktop.services import audit
from kongchuo_desktop.services.attendance import AbsenceInput
from kongchuo_desktop.views import tones
from kongchuo_desktop.views.headcount_stats_tab import StatsTab
from tests.views.test_printing import page_count

MONDAY = dt.date(2026, 11, 23)
ORDER = ["七年级1班", "七年级2班", "七年级10班", "八年级3班", "九年级1班", "全校"]


@pytest.fixture
def tab(qtbot, school, actor):
    year = school["c1"].school_year
    for grade, number in [(9, 1), (7, 10), (8, 3)]:  # neither the school's order nor the names'
        audit.create(SchoolClass, actor, school_year=year, grade=grade, number=number)
    s = school["s"]
    # 七年级2班: all five absent on Monday, so 0% for the day.
    c2 = [s[n] for n in ["刘洋", "马兰", "黄磊", "何静", "林峰"]]
    att.save_class(actor, school["c2"].id, MONDAY, [AbsenceInput(c.id, "旷课") for c in c2])
    att.save_class(actor, school["c1"].id, MONDAY, [AbsenceInput(s["张三"].id, "病假")])
    t = StatsTab()
    qtbot.addWidget(t)
    t.kind.setCurrentText("日")
    t.date_edit.setDate(MONDAY)
    t.refresh()
    return t


def shown_names(t: StatsTab) -> list[str]:
    p = t.class_proxy
    return [p.data(p.index(r, 0)) for r in range(p.rowCount())]


def choose(monkeypatch, path):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))


def test_classes_show_in_the_schools_order_and_the_school_row_stays_last(tab, qtmodeltester):
    qtmodeltester.check(tab.class_proxy)
    assert shown_names(tab) == ORDER
    tab.class_view.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # 出勤率, best first
    assert shown_names(tab)[-1] == "全校"
    assert shown_names(tab)[:2] == ["七年级1班", "七年级2班"]
    tab.class_view.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    assert shown_names(tab)[0] == "七年级2班" and shown_names(tab)[-1] == "全校"
    # Classes with no head-count ("—") follow the others, in either direction.
    assert set(shown_names(tab)[2:5]) == {"七年级10班", "八年级3班", "九年级1班"}


def test_the_school_row_is_bold_and_adds_up_the_classes(tab):
    p, last = tab.class_proxy, tab.class_proxy.rowCount() - 1
    assert p.data(p.index(last, 0), Qt.ItemDataRole.FontRole).bold()
    assert p.data(p.index(last, 1)) == "15"  # 10 + 5 expected; the new classes had no report
    assert p.data(p.index(last, 2)) == "6"
    assert p.data(p.index(last, 3)) == "60.0%"
    tab.class_view.selectRow(last)  # 全校 has no one class's students
    assert tab.student_model.rowCount() == 0


def test_no_attendance_is_red_not_black_on_the_one_scale(tab):
    p = tab.class_proxy
    zero = shown_names(tab).index("七年级2班")
    assert p.data(p.index(zero, 3)) == "0.0%"
    fg = p.data(p.index(zero, 3), Qt.ItemDataRole.ForegroundRole).color()
    bg = p.data(p.index(zero, 3), Qt.ItemDataRole.BackgroundRole).color()
    assert fg == tones.colors("rate-bad").foreground and bg == tones.colors("rate-bad").background
    assert fg != QColor("black") and fg.red() > max(fg.green(), fg.blue())
    no_report = shown_names(tab).index("九年级1班")
    assert p.data(p.index(no_report, 3)) == "—"
    assert p.data(p.index(no_report, 3), Qt.ItemDataRole.ForegroundRole) is None


def test_every_rate_tone_has_its_own_colour_from_the_stylesheet(qapp):
    fgs = [tones.colors(t).foreground for t in tones.RATE_TONES]
    assert None not in fgs and QColor("black") not in fgs
    assert len({c.name() for c in fgs}) == len(fgs)
    assert [tones.rate_tone(r) for r in (1.0, 0.96, 0.92, 0.5, 0.0, None)] == [
        "rate-good",
        "rate-fair",
        "rate-low",
        "rate-bad",
        "rate-bad",
        "",
    ]


def test_the_exported_workbook_has_the_schools_name_the_day_and_one_row_per_class(
    tab, tmp_path, monkeypatch, messages, qtbot
):
    target = tmp_path / "出勤统计.xlsx"
    choose(monkeypatch, target)
    tab.export_button.click()
    qtbot.waitUntil(lambda: any(t == "导出完成" for _, t, _ in messages), timeout=10000)
    ws = load_workbook(target).active
    assert ws.title == "出勤统计 2026年11月23日"
    assert ws["A1"].value == "测试学校 出勤统计"
    assert ws["A2"].value == "2026年11月23日"
    header = [c.value for c in ws[3]]
    assert header[:4] == ["班级", "应到人日", "缺勤人日", "出勤率"] and "旷课" in header
    body = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    assert [b[0] for b in body] == ORDER
    total = body[-1]
    assert total[1:4] == [15, 6, pytest.approx(0.6)]
    assert total[header.index("旷课")] == 5
    assert ws.cell(row=4 + ORDER.index("九年级1班"), column=4).value is None


def test_the_pdf_is_written_where_the_clerk_chose(tab, tmp_path, monkeypatch, messages):
    target = tmp_path / "出勤统计.pdf"
    choose(monkeypatch, target)
    tab.pdf_button.click()
    assert target.read_bytes().startswith(b"%PDF")
    assert page_count(target) == 1
    assert messages[-1][1] == "导出PDF" and "已导出 1 页" in messages[-1][2]
    shown = tab.print_table()
    assert shown.school == "测试学校" and shown.subtitle == "2026年11月23日"
    assert [r[0] for r in shown.rows] == ORDER


def test_a_month_is_titled_by_the_month(tab):
    tab.kind.setCurrentText("月")
    assert tab.heading() == ("测试学校", "2026年11月（2026-11-01 至 2026-11-30）")
    assert tab.file_stem() == "出勤统计 2026年11月"
