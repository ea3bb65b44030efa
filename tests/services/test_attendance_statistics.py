"""出勤统计: the 全校 row adds up the classes, the classes come in the school's order, and the table
exports to an .xlsx that reads back as shown."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from kongchuo_desktop.db.models import SchoolClass
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import attendance as att
from kongchuo_desktop.services import audit
from kongchuo_desktop.services.attendance import AbsenceInput
from kongchuo_desktop.services.attendance import statistics as stats
from kongchuo_desktop.services.table_export import ShownTable, export_table, sheet_name

D = dt.date


def absent(student, reason="旷课", period="全天"):
    return AbsenceInput(student.id, reason, period, "")


@pytest.fixture
def reported(school, actor):
    s, c1, c2 = school["s"], school["c1"], school["c2"]
    att.save_class(actor, c1.id, D(2026, 11, 23), [absent(s["张三"], "病假"), absent(s["李四"])])
    att.save_class(actor, c1.id, D(2026, 11, 24), [absent(s["张三"], "迟到")])
    att.save_class(
        actor, c2.id, D(2026, 11, 23), [absent(s["刘洋"], "事假", "上午"), absent(s["马兰"])]
    )
    att.save_class(actor, c2.id, D(2026, 11, 24), [])
    return school


def test_the_school_row_adds_up_the_classes(reported):
    rows = stats.class_rates_with_total(D(2026, 11, 1), D(2026, 11, 30))
    classes, total = rows[:-1], rows[-1]
    assert total.name == "全校" and total.is_total
    assert [r.is_total for r in classes] == [False] * len(classes)
    assert total.expected_days == sum(r.expected_days for r in classes) == 30.0
    assert total.missed_days == sum(r.missed_days for r in classes) == 3.5
    assert total.by_reason == {"病假": 1.0, "旷课": 2.0, "事假": 0.5, "迟到": 1}
    assert total.rate == pytest.approx(26.5 / 30)


def test_a_period_with_no_head_count_has_no_school_rate(school):
    total = stats.class_rates_with_total(D(2026, 10, 1), D(2026, 10, 31))[-1]
    assert (total.expected_days, total.missed_days, total.rate) == (0.0, 0.0, None)


def test_classes_come_first_grade_first_and_by_number_not_by_name(school, actor):
    year = school["c1"].school_year
    # Made in an order that is neither the school's nor the names' (七年级10班 < 七年级2班 as text).
    for grade, number in [(9, 1), (7, 10), (1, 2), (1, 1), (8, 3)]:
        audit.create(SchoolClass, actor, school_year=year, grade=grade, number=number)
    names = [r.name for r in stats.class_rates_with_total(D(2026, 11, 1), D(2026, 11, 30))]
    assert names == [
        "一年级1班",
        "一年级2班",
        "七年级1班",
        "七年级2班",
        "七年级10班",
        "八年级3班",
        "九年级1班",
        "全校",
    ]


def test_students_keep_their_register_order(reported):
    rows = stats.student_rates(reported["c1"].id, D(2026, 11, 1), D(2026, 11, 30))
    assert [r.order for r in rows] == [(0, n) for n in range(1, len(rows) + 1)]


def _shown(rows):
    header = ["班级", "应到人日", "缺勤人日", "出勤率"]
    return ShownTable(
        "测试学校 出勤统计",
        "2026年11月（2026-11-01 至 2026-11-30）",
        header,
        [[r.name, r.expected_days, r.missed_days, r.rate] for r in rows],
        percent_columns={3},
        total_rows={len(rows) - 1},
        sheet_name="出勤统计 2026年11月",
    )


def test_the_exported_sheet_reads_back_as_shown(reported, tmp_path):
    rows = stats.class_rates_with_total(D(2026, 11, 1), D(2026, 11, 30))
    path = export_table(tmp_path / "出勤统计.xlsx", _shown(rows))
    ws = load_workbook(path).active
    assert ws.title == "出勤统计 2026年11月"
    assert ws["A1"].value == "测试学校 出勤统计"
    assert ws["A2"].value == "2026年11月（2026-11-01 至 2026-11-30）"
    assert [c.value for c in ws[3]] == ["班级", "应到人日", "缺勤人日", "出勤率"]
    body = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    assert [b[0] for b in body] == ["七年级1班", "七年级2班", "全校"]
    assert body[-1][1:3] == [30, 3.5]
    assert body[0][3] == pytest.approx(rows[0].rate)
    assert ws["D4"].number_format == "0.0%"
    assert all(ws.cell(row=r, column=1).data_type == "s" for r in range(1, 7))
    assert ws["A6"].font.bold
    assert (int(ws.page_setup.paperSize), int(ws.page_setup.fitToWidth)) == (9, 1)  # A4, one wide


def test_text_that_looks_like_a_formula_is_written_as_text(folder, tmp_path):
    table = ShownTable("=SUM(A1)", "", ["班级", "人数"], [["=1+1", 3], ["", None]])
    ws = load_workbook(export_table(tmp_path / "t.xlsx", table)).active
    assert ws["A1"].value == "=SUM(A1)" and ws["A1"].data_type == "s"
    assert ws["A4"].value == "=1+1" and ws["A4"].data_type == "s"
    assert ws["B4"].value == 3


def test_an_existing_file_is_kept_unless_replacing_was_confirmed(folder, tmp_path):
    target = tmp_path / "出勤统计.xlsx"
    target.write_bytes(b"last month")
    table = ShownTable("t", "", ["a"], [["x"]])
    with pytest.raises(UserError, match="已存在"):
        export_table(target, table)
    assert target.read_bytes() == b"last month"
    export_table(target, table, overwrite=True)
    assert load_workbook(target).active["A4"].value == "x"


def test_a_sheet_name_excel_would_refuse_is_mended():
    assert sheet_name("出勤 2026/11/23 [周]") == "出勤 2026－11－23 －周－"
    assert len(sheet_name("长" * 40)) == 31


def test_the_period_is_named_as_the_school_says_it():
    assert stats.period_title("月", D(2026, 11, 1), D(2026, 11, 30)) == "2026年11月"
    assert stats.period_title("日", D(2026, 11, 25), D(2026, 11, 25)) == "2026年11月25日"
    assert stats.period_title("周", D(2026, 11, 23), D(2026, 11, 29)) == (
        "2026年11月23日至11月29日"
    )
    assert stats.period_title("学期", D(2026, 9, 1), D(2027, 1, 22)) == (
        "2026年9月1日至2027年1月22日（学期）"
    )
