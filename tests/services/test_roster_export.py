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
