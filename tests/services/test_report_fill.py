"""Filling the bureau's template: the shared sample unmarked and marked, another county's layout,
a list longer than the template's blank rows; the output reopened with openpyxl and converted by
LibreOffice."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import openpyxl
import pytest

from kongchuo_desktop.domain.report_plan import Corrections, SheetCorrection
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.output_files import TargetExistsError
from kongchuo_desktop.services.report_fill import preview_fill, write_report
from tests.report_templates import (
    FIGURES,
    SAMPLE,
    boxed,
    marked_copy,
    month_data,
    other_county,
    third_county,
)

FIGURE_COLUMNS = {
    "B": "学年初在校生数",
    "C": "月末在校生数",
    "D": "本月转入",
    "E": "本月转出",
    "F": "本月休学",
    "G": "本月复学",
    "H": "本月死亡",
    "I": "本月新增疑似辍学",
    "J": "现有疑似辍学",
    "K": "本月新增辍学",
    "L": "本学年累计辍学",
    "M": "本月劝返复学",
    "N": "送教上门",
    "O": "随班就读",
    "P": "巩固率",
    "Q": "年辍学率",
}


def test_the_unmarked_sample_gets_every_figure_by_stage_and_the_ledger_rows(tmp_path):
    out = tmp_path / "十一月月报.xlsx"
    plan = write_report(SAMPLE, month_data(), out)
    wb = openpyxl.load_workbook(out)
    ws = wb["月报表"]
    for col, figure in FIGURE_COLUMNS.items():
        for row, stage in ((5, "小学"), (6, "初中"), (7, "合计")):
            assert ws[f"{col}{row}"].value == FIGURES[figure][stage], (col, row)
    assert ws["A2"].value == "填报单位（盖章）：示例县第一中学"
    assert ws["H2"].value == "报告月份：2026年11月"
    assert ws["N2"].value == "填报日期：2026年11月25日"
    ledger = wb["辍学学生台账"]
    assert [ledger.cell(row=r, column=1).value for r in (4, 5, 6)] == [1, 2, 3]
    assert ledger["B4"].value == "学生01"
    assert ledger["D4"].value == month_data().lists["辍学学生台账"][0]["身份证号"]
    assert ledger["D4"].number_format == "@"  # an ID never shows as 5.2E+17
    assert ledger["J5"].value == "家长02"
    assert ledger["Q6"].value == "教师0"
    assert ledger["O4"].value.date() == dt.date(2026, 11, 3)
    assert ledger["B7"].value is None  # no fourth child
    assert ledger["H4"].value is None  # 户籍所在地: not in the data, left empty
    returned = wb["已劝返学生"]
    assert returned["B4"].value == "学生50" and returned["I5"].value == "教师0"  # 劝返责任人
    assert wb["休学学生"]["G4"].value == "疾病"
    # formatting and print setup kept
    assert {str(r) for r in ws.merged_cells.ranges} >= {"A1:Q1", "D3:H3", "A3:A4"}
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ledger["B4"].border.left.style == "thin"
    assert not plan.marked


def test_the_preview_names_what_will_be_filled_and_what_is_missing_without_writing(tmp_path):
    data = month_data()
    del data.lists["休学学生"]
    plan = preview_fill(SAMPLE, data)
    lines = plan.summary()
    assert lines[0].startswith("月报表：48 个数字")
    assert any("辍学学生台账 3 行" in line for line in lines)
    assert "休学学生：数据中没有休学学生" in plan.not_understood()
    assert not list(tmp_path.iterdir())


def test_forty_children_in_the_twenty_row_ledger_keep_the_footer_and_signatures_below(tmp_path):
    template = tmp_path / "模板.xlsx"
    shutil.copy(SAMPLE, template)
    wb = openpyxl.load_workbook(template)
    ws = wb["辍学学生台账"]
    ws.merge_cells("I25:K25")  # 校长签字 over three cells
    ws["R25"] = "=COUNTA(B4:B23)"
    ws.row_dimensions[25].height = 30
    wb.save(template)

    out = tmp_path / "月报.xlsx"
    plan = write_report(template, month_data(ledger=40), out)
    ledger_plan = next(i for s in plan.sheets for i in s.lists if i.list_name == "辍学学生台账")
    assert (ledger_plan.capacity, ledger_plan.inserted) == (20, 20)
    ws = openpyxl.load_workbook(out)["辍学学生台账"]
    names = [ws.cell(row=r, column=2).value for r in range(4, 44)]
    assert names == [f"学生{i:02d}" for i in range(1, 41)]
    assert ws["A43"].value == 40
    assert all(ws.cell(row=r, column=23).border.bottom.style == "thin" for r in range(4, 44))
    assert ws["B44"].value is None  # the template's spacer row is still there
    assert (ws["A45"].value, ws["E45"].value, ws["I45"].value) == (
        "填表人：",
        "联系电话：",
        "校长签字：",
    )
    assert "I45:K45" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["R45"].value == "=COUNTA(B4:B43)"
    assert ws.row_dimensions[45].height == 30
    assert "A1:W1" in {str(r) for r in ws.merged_cells.ranges}


def test_the_marked_sample_fills_its_placeholders_and_clears_unknown_ones(tmp_path):
    template = marked_copy(tmp_path / "标记模板.xlsx")
    out = tmp_path / "月报.xlsx"
    plan = write_report(template, month_data(ledger=25), out)
    assert plan.marked
    wb = openpyxl.load_workbook(out)
    ws = wb["月报表"]
    assert (ws["B5"].value, ws["C7"].value, ws["I6"].value, ws["P7"].value) == (612, 1009, 2, 99.2)
    assert ws["F5"].value is None  # not marked: not filled in a marked template
    assert ws["A2"].value == "填报单位（盖章）：示例县第一中学"
    assert ws["N2"].value is None
    assert any("没有这个名字.小学" in item for item in plan.not_understood())
    ledger = wb["辍学学生台账"]
    assert [ledger.cell(row=r, column=2).value for r in (4, 28)] == ["学生01", "学生25"]
    assert ledger["A28"].value == 25 and ledger["Q4"].value == "教师1"
    assert ledger["C4"].value is None  # 性别 was not marked
    assert ledger["A30"].value == "填表人："  # 25 children: 21 marked and blank rows + 4 inserted
    assert ledger["B28"].border.left.style == "thin"
    assert not any("{{" in str(c.value) for row in ledger.iter_rows() for c in row if c.value)


def test_another_countys_layout_fills_transposed_figures_and_synonym_columns(tmp_path):
    template = other_county(tmp_path / "某县模板.xlsx")
    out = tmp_path / "月报.xlsx"
    plan = write_report(template, month_data(returned=8), out)
    wb = openpyxl.load_workbook(out)
    ws = wb["统计表"]
    assert (ws["C5"].value, ws["D5"].value) == (612, 405)
    assert ws["E5"].value == "=C5+D5"  # the county's formula is kept
    assert (ws["C6"].value, ws["E6"].value) == (608, 1009)
    assert (ws["D7"].value, ws["D8"].value, ws["E8"].value) == (1, 2, 2)
    assert ws["E9"].value == pytest.approx(0.992)  # a percent cell gets the fraction
    assert ws["C10"].value is None  # 心理辅导人次: not a report figure
    assert ws["A2"].value == "统计月份：2026年11月"
    assert ws["C2"].value == "学校名称：示例县第一中学"
    assert any("心理辅导人次" in item for item in plan.not_understood())

    names = wb["名单一"]
    assert [names.cell(row=r, column=1).value for r in range(6, 14)] == list(range(1, 9))
    assert names["B6"].value == "学生50"
    assert names["C7"].value == month_data().lists["已劝返学生花名册"][1]["身份证号"]
    assert (names["D6"].value, names["E6"].value) == ("家长50", "13800000050")
    assert names["F13"].value == "教师0"
    assert all(names.cell(row=r, column=c).value is None for r in range(6, 14) for c in (7, 8))
    assert names["A15"].value == "校长签字：" and "A15:C15" in {
        str(r) for r in names.merged_cells.ranges
    }
    assert names["D15"].value == "=COUNTA(B6:B13)"
    assert names.row_dimensions[15].height == 28
    assert names["H13"].border.right.style == "thin"
    assert names.print_title_rows.replace("$", "") == "4:5"
    unknown = plan.not_understood()
    assert any("学生体重" in item for item in unknown) and any(
        "家长签字" in item for item in unknown
    )


def test_pre_numbered_rows_are_blank_rows_and_the_total_row_stays_below(tmp_path):
    template = other_county(tmp_path / "某县模板.xlsx")
    data = month_data()
    data.lists["休学学生"] = [{"姓名": f"休学{i}", "休学原因": "疾病"} for i in range(1, 6)]
    out = tmp_path / "月报.xlsx"
    write_report(template, data, out)
    ws = openpyxl.load_workbook(out)["Sheet3"]
    assert [ws.cell(row=r, column=1).value for r in range(4, 9)] == [1, 2, 3, 4, 5]
    assert [ws.cell(row=r, column=2).value for r in range(4, 9)] == [
        f"休学{i}" for i in range(1, 6)
    ]
    assert (ws["A9"].value, ws["B9"].value) == ("合计", "=COUNTA(B4:B8)")
    assert ws["B2"].value == "示例县第一中学" and ws["A2"].value == "填报单位："


def test_a_column_fixed_by_hand_is_filled_and_one_cleared_by_hand_stays_empty(tmp_path):
    template = other_county(tmp_path / "某县模板.xlsx")
    fixes = Corrections({"名单一": SheetCorrection(columns={"G4": "安置方式", "F4": ""})})
    out = tmp_path / "月报.xlsx"
    write_report(template, month_data(), out, fixes)
    names = openpyxl.load_workbook(out)["名单一"]
    assert names["G6"].value == "回原班"
    assert names["F6"].value is None


def test_two_columns_that_look_alike_are_both_left_empty(tmp_path):
    template = tmp_path / "模板.xlsx"
    shutil.copy(SAMPLE, template)
    wb = openpyxl.load_workbook(template)
    wb["辍学学生台账"]["J3"] = "监护人（父亲）"
    wb["辍学学生台账"]["K3"] = "监护人（母亲）"
    wb.save(template)
    plan = preview_fill(template, month_data())
    columns = {
        c.letter: c
        for s in plan.sheets
        for i in s.lists
        for c in i.columns
        if s.name == "辍学学生台账"
    }
    assert columns["J"].field is None and columns["K"].field is None


def test_an_existing_output_or_the_template_itself_is_never_overwritten(tmp_path):
    out = tmp_path / "月报.xlsx"
    out.write_bytes(b"keep")
    with pytest.raises(TargetExistsError):
        write_report(SAMPLE, month_data(), out)
    assert out.read_bytes() == b"keep"
    template = tmp_path / "模板.xlsx"
    shutil.copy(SAMPLE, template)
    with pytest.raises(UserError, match="模板文件本身"):
        write_report(template, month_data(), template, overwrite=True)
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(b"not a workbook")
    with pytest.raises(UserError, match="打不开"):
        preview_fill(bad, month_data())


def test_a_name_that_looks_like_a_formula_is_written_as_text(tmp_path):
    data = month_data(ledger=1)
    data.lists["辍学学生台账"][0]["姓名"] = "=HYPERLINK(1)"
    out = tmp_path / "月报.xlsx"
    write_report(SAMPLE, data, out)
    cell = openpyxl.load_workbook(out)["辍学学生台账"]["B4"]
    assert cell.value == "=HYPERLINK(1)" and cell.data_type == "s"


def _libreoffice() -> str | None:
    return shutil.which("libreoffice") or shutil.which("soffice")


@pytest.mark.skipif(_libreoffice() is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_the_filled_sample_to_pdf_pages(tmp_path):
    out = tmp_path / "月报.xlsx"
    write_report(SAMPLE, month_data(ledger=40), out)
    done = subprocess.run(
        [
            _libreoffice(),
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
    data = pdf.read_bytes()
    pages = re.findall(rb"/Type\s*/Page(?!s)", data)
    assert data.startswith(b"%PDF") and len(pages) >= 5  # one page a sheet at least


def test_two_titles_in_one_cell_are_both_filled_and_a_filled_one_is_kept(tmp_path):
    template = tmp_path / "模板.xlsx"
    shutil.copy(SAMPLE, template)
    wb = openpyxl.load_workbook(template)
    wb["休学学生"]["A2"] = "填报单位（盖章）：            报告月份：    年    月"
    wb["送教上门"]["A2"] = "填报单位：县第二小学"
    wb.save(template)
    out = tmp_path / "月报.xlsx"
    write_report(template, month_data(), out)
    wb = openpyxl.load_workbook(out)
    assert wb["休学学生"]["A2"].value == "填报单位（盖章）：示例县第一中学    报告月份：2026年11月"
    assert wb["送教上门"]["A2"].value == "填报单位：县第二小学"


def test_a_third_layout_with_group_titles_a_serial_column_and_a_total_row(tmp_path):
    template = third_county(tmp_path / "第三县.xlsx")
    out = tmp_path / "月报.xlsx"
    plan = write_report(template, month_data(ledger=14), out)
    wb = openpyxl.load_workbook(out)
    ws = wb["Sheet1"]
    assert [ws.cell(row=5, column=c).value for c in range(3, 9)] == [612, 608, 1, 1, None, 99.5]
    assert ws["A5"].value == 1 and ws["B7"].value == "合计"
    assert plan.not_understood() == ["Sheet1：G列「其中女生」没有识别为月报数字，留空"]
    names = wb["Sheet2"]
    assert names["A3"].value == "学校（盖章）：示例县第一中学    填报日期：2026年11月25日"
    row = [names.cell(row=20, column=c).value for c in range(1, 9)]
    assert row == [14, "学生14", "女", None, "七年级", "七年级2班", "家长14", "13800000014"]
    assert (names["A21"].value, names["B21"].value) == ("合计", "=COUNTA(B7:B20)")
    assert names["A23"].value == "填表人：           审核人："


def test_two_lists_on_one_sheet_are_each_filled_and_the_lower_one_moves_down(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名单"
    ws["A1"] = "一、休学学生"
    for row in (2, 8):
        for col, title in enumerate(("序号", "姓名", "身份证号", "班级"), start=1):
            ws.cell(row=row, column=col, value=title)
    boxed(ws, range(2, 7), range(1, 5))  # four blank rows: 3 … 6
    ws["A7"] = "二、已劝返学生"
    boxed(ws, range(8, 11), range(1, 5))  # two blank rows: 9, 10
    ws["A12"] = "填表人："
    template = tmp_path / "两个名单.xlsx"
    wb.save(template)
    data = month_data(returned=3)
    data.lists["休学学生"] = [{"姓名": f"休学{i}", "班级": "八年级1班"} for i in range(1, 7)]
    out = tmp_path / "月报.xlsx"
    write_report(template, data, out)
    ws = openpyxl.load_workbook(out)["名单"]
    assert [ws.cell(row=r, column=2).value for r in range(3, 9)] == [
        f"休学{i}" for i in range(1, 7)
    ]
    assert ws["A9"].value == "二、已劝返学生" and ws["B10"].value == "姓名"
    assert [ws.cell(row=r, column=2).value for r in range(11, 14)] == ["学生50", "学生51", "学生52"]
    assert ws["A15"].value == "填表人："
