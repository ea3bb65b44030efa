"""Files the command line writes: an exported roster opens in Excel/LibreOffice (an intact zip),
nothing is replaced without --force, the data folder's own files never, and a failed write leaves
what was there."""

from __future__ import annotations

import io
import json
import shutil
import zipfile

import pytest

from kongchuo_desktop.cli import main

STUDENTS = 60


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(scope="module")
def school_template(tmp_path_factory):
    data = tmp_path_factory.mktemp("template") / "school"
    assert main(["--data-dir", str(data), "demo", "--students", str(STUDENTS)]) == 0
    return data


@pytest.fixture
def data(school_template, tmp_path):
    """A demo school's data folder, copied per test."""
    d = tmp_path / "school"
    shutil.copytree(school_template, d)
    return d


def assert_intact_workbook(path):
    raw = path.read_bytes()
    assert raw.startswith(b"PK"), raw[:40]
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
        assert "xl/workbook.xml" in z.namelist()


def no_temp_files(folder):
    return [p.name for p in folder.iterdir() if p.name.endswith(".part")] == []


def test_export_roster_writes_a_workbook_office_can_open(data, tmp_path, capsys):
    out = tmp_path / "花名册.xlsx"
    code, stdout, _ = run(capsys, "--data-dir", data, "export-roster", out)
    assert code == 0 and f"已导出 {STUDENTS} 名学生" in stdout
    assert_intact_workbook(out)


def test_export_roster_with_log_keeps_the_workbook_intact(data, tmp_path, capsys):
    out = tmp_path / "花名册.xlsx"
    log = tmp_path / "导出记录.txt"
    code, _, _ = run(capsys, "--data-dir", data, "export-roster", out, "--log", log)
    assert code == 0
    assert_intact_workbook(out)
    assert "已导出" in log.read_text(encoding="utf-8")


def test_export_roster_takes_out_instead_of_the_file_name(data, tmp_path, capsys):
    out = tmp_path / "花名册.xlsx"
    code, stdout, _ = run(capsys, "--data-dir", data, "export-roster", "--out", out, "--json")
    assert code == 0 and json.loads(stdout)["students"] == STUDENTS
    assert_intact_workbook(out)


def test_export_roster_with_both_a_file_name_and_out_is_a_usage_error(data, tmp_path, capsys):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    code, _, err = run(capsys, "--data-dir", data, "export-roster", a, "--out", b)
    assert code == 2 and "只写一个" in err
    assert not a.exists() and not b.exists()


@pytest.mark.parametrize("force", [False, True])
@pytest.mark.parametrize("name", ["kongchuo.sqlite", "kongchuo.sqlite-wal", "backups/x.xlsx"])
def test_export_onto_the_data_folders_own_files_is_refused_even_with_force(
    data, capsys, name, force
):
    target = data / name
    target.parent.mkdir(exist_ok=True)
    if not target.exists():
        target.write_bytes(b"SQLite format 3\x00 stand-in")
    before = target.read_bytes()
    database_before = (data / "kongchuo.sqlite").read_bytes()
    argv = ["--data-dir", data, "export-roster", target] + (["--force"] if force else [])
    code, _, err = run(capsys, *argv)
    assert code == 1
    assert "数据文件夹自己的文件" in err
    assert target.read_bytes() == before
    assert (data / "kongchuo.sqlite").read_bytes() == database_before


def test_export_database_file_name_ending_xlsx_check_is_not_the_only_guard(data, capsys):
    # Even a name the exporter would accept (.xlsx) inside logs/ is refused.
    target = data / "logs" / "花名册.xlsx"
    code, _, err = run(capsys, "--data-dir", data, "export-roster", target, "--force")
    assert code == 1 and "数据文件夹" in err
    assert not target.exists()


def test_export_onto_an_existing_file_needs_force(data, tmp_path, capsys):
    out = tmp_path / "上周的花名册.xlsx"
    out.write_bytes(b"last week's workbook")
    code, _, err = run(capsys, "--data-dir", data, "export-roster", out)
    assert code == 1
    assert str(out) in err and "--force" in err
    assert out.read_bytes() == b"last week's workbook"

    code, _, _ = run(capsys, "--data-dir", data, "export-roster", out, "--force")
    assert code == 0
    assert_intact_workbook(out)
    assert no_temp_files(tmp_path)


def test_a_failed_export_leaves_the_existing_file_and_no_temporary_file(
    data, tmp_path, capsys, monkeypatch
):
    from openpyxl import Workbook

    save = Workbook.save

    def half_written(self, filename):
        save(self, io.BytesIO())  # the whole workbook is made, then the disk fills up
        with open(filename, "wb") as fh:
            fh.write(b"PK\x03\x04 half a workbook")
        raise OSError(28, "No space left on device", str(filename))

    monkeypatch.setattr(Workbook, "save", half_written)
    out = tmp_path / "花名册.xlsx"
    out.write_bytes(b"yesterday's good workbook")
    code, _, err = run(capsys, "--data-dir", data, "export-roster", out, "--force")
    assert code == 2 and "磁盘已满" in err and str(out) in err and ".part" not in err
    assert "Traceback" not in err
    assert out.read_bytes() == b"yesterday's good workbook"
    assert no_temp_files(tmp_path)


def test_backup_onto_an_existing_file_needs_force(data, tmp_path, capsys):
    target = tmp_path / "u盘备份.sqlite"
    target.write_bytes(b"an older copy")
    code, _, err = run(capsys, "--data-dir", data, "backup", target)
    assert code == 1 and str(target) in err and "--force" in err
    assert target.read_bytes() == b"an older copy"

    code, out, _ = run(capsys, "--data-dir", data, "backup", target, "--force", "--json")
    assert code == 0 and json.loads(out)["students"] == STUDENTS
    assert target.read_bytes().startswith(b"SQLite format 3")
    assert no_temp_files(tmp_path)


@pytest.mark.parametrize(
    "name", ["kongchuo.sqlite", "backups/daily/kongchuo-2026-09-01.sqlite", "logs/kongchuo.log"]
)
def test_backup_never_onto_the_data_folders_own_files(data, capsys, name):
    target = data / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.touch()
    before = target.read_bytes()
    code, _, err = run(capsys, "--data-dir", data, "backup", target, "--force")
    assert code == 1 and "数据文件夹自己的文件" in err
    if name != "logs/kongchuo.log":  # the program's own log grows by itself
        assert target.read_bytes() == before
