"""A damaged, truncated, non-SQLite or foreign kongchuo.sqlite: every command says so in Chinese
(naming the file and the newest good backup), `check --json` reports it as data (exit 1), and
nothing is modified — never a traceback."""

from __future__ import annotations

import json
import os
import random
import sqlite3

import pytest

from kongchuo_desktop.cli import main
from kongchuo_desktop.db import backup
from tests.demo_school import copy_demo_folder

GOOD_BACKUP = "kongchuo-2026-11-27.sqlite"


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def school(tmp_path, tmp_path_factory):
    """The demo school's data folder with one good daily backup."""
    d = copy_demo_folder(tmp_path_factory, tmp_path / "school")
    backup.copy_database(d / "kongchuo.sqlite", d / "backups" / "daily" / GOOD_BACKUP)
    return d


def corrupt_page(path):
    size = path.stat().st_size
    with open(path, "r+b") as f:
        f.seek(size // 2)
        f.write(random.Random(7).randbytes(8192))


def truncate(path):
    os.truncate(path, path.stat().st_size // 2)


def random_bytes(path):
    path.write_bytes(random.Random(9).randbytes(50_000))


DAMAGES = {"corrupt_page": corrupt_page, "truncated": truncate, "random_bytes": random_bytes}


@pytest.mark.parametrize("damage", DAMAGES)
def test_check_json_reports_a_damaged_file_and_the_newest_good_backup(school, capsys, damage):
    db = school / "kongchuo.sqlite"
    DAMAGES[damage](db)
    before = db.read_bytes()
    code, out, err = run(capsys, "--data-dir", str(school), "check", "--json")
    assert code == 1
    assert "Traceback" not in out + err
    data = json.loads(out)
    assert data["ok"] is False and data["state"] == "damaged" and data["problems"]
    assert data["newest_good_backup"].endswith(GOOD_BACKUP)
    assert data["database"] == str(db)
    assert db.read_bytes() == before


@pytest.mark.parametrize("damage", DAMAGES)
def test_other_commands_say_the_file_is_damaged_in_chinese(school, capsys, damage):
    db = school / "kongchuo.sqlite"
    DAMAGES[damage](db)
    before = db.read_bytes()
    for argv in (["alerts"], ["demo"], ["export-roster", str(school.parent / "名册.xlsx")]):
        code, out, err = run(capsys, "--data-dir", str(school), *argv)
        assert code == 2, argv
        assert "数据文件已损坏" in err and str(db) in err and GOOD_BACKUP in err
        assert "Traceback" not in out + err
    assert db.read_bytes() == before


def test_check_text_names_the_damage_and_the_backup(school, capsys):
    corrupt_page(school / "kongchuo.sqlite")
    code, _out, err = run(capsys, "--data-dir", str(school), "check")
    assert code == 1 and "数据文件已损坏" in err and GOOD_BACKUP in err


def test_without_a_good_backup_the_clerk_is_told_to_keep_the_file(tmp_path, capsys):
    d = tmp_path / "school"
    d.mkdir()
    random_bytes(d / "kongchuo.sqlite")
    code, out, _ = run(capsys, "--data-dir", str(d), "check", "--json")
    data = json.loads(out)
    assert code == 1 and data["newest_good_backup"] is None
    assert "没有找到完好的备份" in data["error"]


@pytest.fixture
def foreign(tmp_path):
    """Another program's SQLite file that happens to be named kongchuo.sqlite."""
    d = tmp_path / "other"
    d.mkdir()
    conn = sqlite3.connect(d / "kongchuo.sqlite")
    conn.execute("CREATE TABLE photo (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO photo (name) VALUES ('春游.jpg')")
    conn.commit()
    conn.close()
    return d


def test_a_foreign_sqlite_file_is_refused_and_left_exactly_as_it_was(foreign, capsys):
    db = foreign / "kongchuo.sqlite"
    before = db.read_bytes()
    code, out, err = run(capsys, "--data-dir", str(foreign), "check", "--json")
    assert code == 1
    data = json.loads(out)
    assert data["ok"] is False and "不是控辍保学工作台的数据文件" in data["error"]
    for argv in (["alerts"], ["demo", "--students", "30"], ["backup"]):
        code, out, err = run(capsys, "--data-dir", str(foreign), *argv)
        assert code == 2 and "不是控辍保学工作台的数据文件" in err, argv
        assert "Traceback" not in out + err
    assert db.read_bytes() == before
    assert sorted(p.name for p in foreign.iterdir()) == ["kongchuo.sqlite"]  # no -wal, no backups
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_a_zero_byte_file_is_a_new_empty_database(tmp_path, capsys):
    d = tmp_path / "school"
    d.mkdir()
    (d / "kongchuo.sqlite").write_bytes(b"")
    code, out, _ = run(capsys, "--data-dir", str(d), "demo", "--students", "30")
    assert code == 0, out
    code, out, _ = run(capsys, "--data-dir", str(d), "check", "--json")
    assert code == 0 and json.loads(out)["students"] == 30


def test_restore_from_the_command_line_replaces_a_damaged_file_and_keeps_it_aside(school, capsys):
    db = school / "kongchuo.sqlite"
    truncate(db)
    damaged = db.read_bytes()
    good = school / "backups" / "daily" / GOOD_BACKUP
    code, out, err = run(capsys, "--data-dir", str(school), "restore", str(good))
    assert code == 0, err
    assert "已从" in out and "损坏的数据文件已改名保留" in err
    aside = [p for p in school.glob("kongchuo.sqlite.damaged-*") if p.name[-4] != "-"]
    assert len(aside) == 1 and aside[0].read_bytes() == damaged
    code, out, _ = run(capsys, "--data-dir", str(school), "check", "--json")
    assert code == 0 and json.loads(out)["students"] == 1200


def test_restoring_a_damaged_file_from_a_bad_backup_changes_nothing(school, tmp_path, capsys):
    db = school / "kongchuo.sqlite"
    truncate(db)
    damaged = db.read_bytes()
    bad = tmp_path / "bad.sqlite"
    random_bytes(bad)
    code, _, err = run(capsys, "--data-dir", str(school), "restore", str(bad))
    assert code == 1 and "不能用" in err
    assert db.read_bytes() == damaged and not list(school.glob("*.damaged-*"))
