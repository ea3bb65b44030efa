"""`kongchuo setup`: a school set up from the command line, then its roster imported, with no
wizard and no demo (a bureau preparing many PCs)."""

from __future__ import annotations

import json

from kongchuo_desktop.cli import main
from tests import roster_files as rf


def run(capsys, *args):
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_setup_then_import_roster_on_an_empty_folder(tmp_path, capsys):
    data = tmp_path / "data"
    code, out, err = run(
        capsys,
        "--data-dir", data, "setup", "--school", "青山镇中心小学", "--type", "小学",
        "--classes", "2", "--county", "示例县", "--township", "青山镇",
        "--term-start", "2026-09-01", "--term-end", "2027-01-22", "--json",
    )  # fmt: skip
    assert code == 0, err
    made = json.loads(out)
    assert made["classes"] == 12 and made["semester"] == 1
    rows = [r for i, r in enumerate(rf.messy_rows(), start=3) if i in rf.GOOD_ROWS]
    book = rf.write_xlsx(tmp_path / "花名册.xlsx", rows)
    code, out, err = run(capsys, "--data-dir", data, "import-roster", book, "--json")
    assert code == 0, out + err
    imported = json.loads(out)
    assert imported["written"] is True and imported["new"] == len(rows)
    assert imported["new_classes"] == []  # every class the file names was set up


def test_a_second_setup_is_refused_and_changes_nothing(tmp_path, capsys):
    data = tmp_path / "data"
    args = ("--data-dir", data, "setup", "--school", "甲校", "--type", "初中", "--classes", "3")
    assert run(capsys, *args)[0] == 0
    code, _, err = run(capsys, "--data-dir", data, "setup", "--school", "乙校", "--type", "小学",
                       "--classes", "1")  # fmt: skip
    assert code == 1 and "学校已经建立" in err
    code, out, _ = run(capsys, "--data-dir", data, "check", "--json")
    assert json.loads(out)["ok"] is True


def test_bad_setup_arguments_say_what_is_wrong(tmp_path, capsys):
    data = tmp_path / "data"
    code, _, err = run(capsys, "--data-dir", data, "setup", "--school", "甲校", "--type", "高中",
                       "--classes", "2")  # fmt: skip
    assert code == 2 and "小学、初中、九年一贯制" in err
    code, _, err = run(capsys, "--data-dir", data, "setup", "--school", "甲校", "--type", "小学",
                       "--classes", "0")  # fmt: skip
    assert code == 2 and "1到30" in err
    code, _, err = run(capsys, "--data-dir", data, "setup", "--school", "甲校", "--type", "小学",
                       "--classes", "2", "--term-start", "2026-09-01")  # fmt: skip
    assert code == 2 and "一起给出" in err
