"""Rows inserted the way Excel inserts them: what is below moves down with its merged cells,
heights, formulas (in other sheets too), print area, conditional formats and validations."""

from __future__ import annotations

import openpyxl
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from kongchuo_desktop.services.sheet_rows import insert_rows, shift_formula, shift_reference


def test_references_below_move_and_a_range_across_the_rows_grows():
    assert shift_reference("D25", 23, 19) == "D44"
    assert shift_reference("$A$4:$W$23", 23, 19) == "$A$4:$W$42"
    assert shift_reference("A1:B3", 23, 19) == "A1:B3"
    assert shift_reference("3:30", 23, 2) == "3:32"
    assert shift_formula("=SUM(D4:D23)/'台账'!B30+Sheet2!A40", "台账", "台账", 23, 5) == (
        "=SUM(D4:D28)/'台账'!B35+Sheet2!A40"
    )
    assert shift_formula("=A1+B2", "台账", "台账", 23, 5) == "=A1+B2"


def test_everything_below_the_inserted_rows_moves_with_them(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名单"
    other = wb.create_sheet("汇总")
    ws["A10"] = "校长签字："
    ws.merge_cells("A10:C10")
    ws["D10"] = "=COUNTA(B2:B8)"
    ws.row_dimensions[10].height = 33
    other["A1"] = "=名单!D10"
    ws.print_area = "A1:F10"
    red = PatternFill(start_color="FFFF0000", end_color="FFFF0000", fill_type="solid")
    ws.conditional_formatting.add(
        "E10:E12", CellIsRule(operator="equal", formula=['"否"'], fill=red)
    )
    check = DataValidation(type="list", formula1='"是,否"')
    check.add("F10:F12")
    ws.add_data_validation(check)

    insert_rows(ws, 8, 4)
    path = tmp_path / "out.xlsx"
    wb.save(path)
    wb = openpyxl.load_workbook(path)
    ws, other = wb["名单"], wb["汇总"]
    assert ws["A14"].value == "校长签字：" and "A14:C14" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["D14"].value == "=COUNTA(B2:B12)"
    assert ws.row_dimensions[14].height == 33
    assert other["A1"].value == "=名单!D14"
    assert ws.print_area.replace("$", "").endswith("A1:F14")
    assert [str(cf.sqref) for cf in ws.conditional_formatting] == ["E14:E16"]
    assert str(ws.data_validations.dataValidation[0].sqref) == "F14:F16"
