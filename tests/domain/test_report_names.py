"""The README's placeholder reference names every figure, list, field and title the filler knows."""

import datetime as dt
from pathlib import Path

from kongchuo_desktop.domain.report_data import ReportData
from kongchuo_desktop.domain.report_names import FIELD_NAMES, FIGURE_NAMES, LIST_NAMES, TITLE_NAMES

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_lists_every_name_a_placeholder_may_use():
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## 月报模板") :]
    for name in (*FIGURE_NAMES, *LIST_NAMES, *FIELD_NAMES, *TITLE_NAMES):
        assert f"`{name}`" in section, name
    assert "{{学年初在校生数.小学}}" in section and "{{本月新增疑似辍学.初中}}" in section


def test_report_data_names_a_misspelt_figure_list_or_field():
    data = ReportData(
        figures={"月末在校人数": {"小学": 1}, "巩固率": {"高中": 99}},
        lists={"辍学学生台账": [{"名字": "张三"}]},
        titles={"报告月份": "2026年11月"},
    )
    assert data.unknown_names() == [
        "数字「月末在校人数」",
        "学段「高中」（巩固率）",
        "字段「名字」（辍学学生台账）",
    ]


def test_a_report_month_reads_as_chinese_whatever_form_it_is_given_in():
    assert ReportData(titles={"报告月份": "2026-11"}).title_text("报告月份") == "2026年11月"
    assert (
        ReportData(titles={"报告月份": dt.date(2026, 11, 1)}).title_text("报告月份") == "2026年11月"
    )
    assert (
        ReportData(titles={"填报日期": dt.date(2026, 11, 25)}).title_text("填报日期")
        == "2026年11月25日"
    )
    assert ReportData().title_text("填报单位") is None
