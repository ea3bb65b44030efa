"""The month's figures and lists counted from a small hand-built school, filled into the shared
sample template; the zero report; the notes sheet naming the period and the formulas."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import openpyxl
import pytest

from kongchuo_desktop.services import month_report, settings_store
from tests import month_school
from tests.report_templates import SAMPLE


@pytest.fixture
def kids(folder, actor):
    return month_school.build(actor)


def test_november_figures_by_stage_from_the_status_changes(kids):
    r = month_report.build(2026, 11, today=dt.date(2026, 11, 24))
    f = r.data.figures
    assert (r.period.first, r.period.last) == (dt.date(2026, 10, 21), dt.date(2026, 11, 20))
    assert f["学年初在校生数"] == {"小学": 5, "初中": 5, "合计": 10}  # A3 came in November
    assert f["月末在校生数"] == {"小学": 5, "初中": 3, "合计": 8}
    assert f["本月转入"] == {"小学": 1, "初中": 0, "合计": 1}
    assert f["本月转出"] == {"小学": 1, "初中": 0, "合计": 1}
    assert f["本月新增疑似辍学"] == {"小学": 0, "初中": 1, "合计": 1}  # B2's was in October
    assert f["现有疑似辍学"]["初中"] == 1
    assert f["本月新增辍学"]["初中"] == 1 and f["本学年累计辍学"]["合计"] == 1
    assert f["本月劝返复学"]["初中"] == 1
    assert f["本月休学"]["合计"] == 0  # B4's 休学 was in September
    assert f["随班就读"] == {"小学": 1, "初中": 0, "合计": 1}
    assert f["年辍学率"] == {"小学": 0.0, "初中": 20.0, "合计": 10.0}
    assert f["巩固率"] == {"小学": 100.0, "初中": 60.0, "合计": 80.0}
    assert f["出勤率"] == {"初中": 75.0, "合计": 75.0}  # no head-count in 一年级1班
    assert r.by_class["七年级1班"]["本月新增辍学"] == 1
    assert r.by_class["一年级1班"]["本月转入"] == 1
    assert not r.zero
    assert r.data.unknown_names() == []


def test_leave_counted_as_present_when_the_setting_says_so(kids, actor):
    settings_store.set("report.leave_as_present", "是", actor)
    r = month_report.build(2026, 11)
    assert r.data.figures["出勤率"]["初中"] == 100.0
    assert any("请假计为出勤" in line for line in r.note_lines())


def test_a_calendar_month_cut_off(kids, actor):
    settings_store.set("report.cutoff_day", 31, actor)
    r = month_report.build(2026, 11)
    assert (r.period.first, r.period.last) == (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert r.data.figures["本月新增疑似辍学"]["合计"] == 1  # B3 on 12 Nov


def test_the_lists_name_the_children_with_their_dates(kids):
    lists = month_report.build(2026, 11).data.lists
    ledger = lists["辍学学生台账"]
    assert [(r["姓名"], r["学籍状态"]) for r in ledger] == [
        ("初中生2", "辍学"),
        ("初中生3", "疑似辍学"),
    ]
    assert ledger[0]["辍学时间"] == dt.date(2026, 11, 18) and ledger[0]["辍学原因"] == "外出务工"
    assert ledger[0]["班级"] == "七年级1班" and ledger[0]["学段"] == "初中"
    assert "包保责任人" not in ledger[0]  # no 包保 teacher: left empty, never the class head
    back = lists["已劝返学生花名册"]
    assert [r["姓名"] for r in back] == ["初中生5"]
    assert back[0]["劝返时间"] == dt.date(2026, 11, 3) and back[0]["辍学时间"] == dt.date(
        2026, 10, 1
    )
    rest = lists["休学学生"][0]
    assert (rest["姓名"], rest["休学起始时间"], rest["预计复学时间"]) == (
        "初中生4",
        dt.date(2026, 9, 20),
        "2027-01-20",
    )
    assert [r["姓名"] for r in lists["随班就读学生"]] == ["小学生4"]


def test_the_ledger_and_home_teaching_columns_come_from_sanbao_cases_and_visits(kids, actor):
    month_school.add_people(actor, kids)
    r = month_report.build(2026, 11)
    ledger = {row["姓名"]: row for row in r.data.lists["辍学学生台账"]}
    b2 = ledger["初中生2"]
    assert b2["包保责任人"] == "张包保"
    assert b2["劝返次数"] == 2 and b2["辍学原因"] == "外出务工"
    assert "包保责任人" not in ledger["初中生3"]  # none assigned: empty, and said in the notes
    assert any("没有包保教师" in n for n in r.notes)
    home = r.data.lists["送教上门学生"]
    assert [(h["姓名"], h["送教教师"], h["本月送教次数"], h["本月送教课时"]) for h in home] == [
        ("小学生5", "李送教", 2, 4)
    ]
    assert r.data.figures["送教上门"] == {"小学": 1, "初中": 0, "合计": 1}


def test_the_sample_template_filled_from_the_school(kids, tmp_path):
    r = month_report.build(2026, 11, today=dt.date(2026, 11, 24))
    out = tmp_path / "十一月.xlsx"
    plan = month_report.write(SAMPLE, r, out)
    assert not plan.not_understood()
    wb = openpyxl.load_workbook(out)
    ws = wb["月报表"]
    assert [ws[f"B{row}"].value for row in (5, 6, 7)] == [5, 5, 10]  # 学年初在校生数
    assert [ws[f"C{row}"].value for row in (5, 6, 7)] == [5, 3, 8]  # 月末在校生数
    assert ws["K6"].value == 1  # 本月新增辍学, 初中
    assert ws["H2"].value == "报告月份：2026年11月"
    assert "（零报告）" not in str(ws["A1"].value)
    ledger = wb["辍学学生台账"]
    assert [ledger[f"B{row}"].value for row in (4, 5, 6)] == ["初中生2", "初中生3", None]
    notes = wb["说明"]
    text = "\n".join(str(c.value) for row in notes.iter_rows() for c in row if c.value)
    assert "统计2026年10月21日至2026年11月20日" in text
    assert "巩固率口径：普九" in text and "本学年累计辍学 ÷ 学年初在校生数" in text
    assert "没有包保教师" in text  # no 三包 assignment in this school: the column stays empty


def test_a_month_without_new_dropout_is_a_zero_report(kids, tmp_path):
    r = month_report.build(2026, 9)  # 8月21日 … 9月20日: only a 休学 and a 随班就读
    assert r.zero and r.data.lists["辍学学生台账"] == []
    out = tmp_path / "九月.xlsx"
    month_report.write(SAMPLE, r, out)
    wb = openpyxl.load_workbook(out)
    assert str(wb["月报表"]["A1"].value).endswith("（零报告）")
    assert wb["辍学学生台账"]["B4"].value == "本月无新增疑似辍学、辍学学生（零报告）"
    assert wb["月报表"]["I7"].value == 0  # 本月新增疑似辍学, 合计: a real 0


@pytest.mark.skipif(
    shutil.which("libreoffice") is None and shutil.which("soffice") is None,
    reason="LibreOffice is not installed",
)
def test_libreoffice_converts_the_month_report_with_its_notes_sheet(kids, tmp_path):
    out = tmp_path / "月报.xlsx"
    month_report.write(SAMPLE, month_report.build(2026, 11), out)
    done = subprocess.run(
        [
            shutil.which("libreoffice") or shutil.which("soffice"),
            f"-env:UserInstallation=file://{tmp_path / 'lo'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(out),
        ],
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "月报.pdf"
    assert done.returncode == 0 and pdf.exists(), done.stderr
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes())) >= 6  # sheets + 说明


def test_the_templates_own_zero_report_box_is_ticked(kids, tmp_path):
    for month, ticked in ((9, "☑是  □否"), (11, "□是  ☑否")):
        out = tmp_path / f"{month}.xlsx"
        month_report.write(SAMPLE, month_report.build(2026, month), out)
        ws = openpyxl.load_workbook(out)["月报表"]
        texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
        assert any("零报告" in t and ticked in t for t in texts), month


def test_the_cohort_definition_without_the_intake_years_classes_stays_empty(kids, actor):
    settings_store.set("report.consolidation", "届别", actor)
    r = month_report.build(2026, 11)
    assert r.data.figures["巩固率"] == {}  # no 一年级 of 2021 nor 七年级 of 2024 in the records
    assert "巩固率口径：届别。" in r.note_lines()
    assert any(line.startswith("（届别口径）") for _name, line in r.formulas)
