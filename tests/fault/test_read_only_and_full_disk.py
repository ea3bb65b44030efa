"""A read-only data folder: the commands that only read still work (no backup attempted, a
notice says so); a full disk: a plain message and no half-written file left behind; and what a
crash left is cleaned at the next start."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import time

import pytest

from kongchuo_desktop.cli import main
from kongchuo_desktop.db import backup, health
from kongchuo_desktop.db.store import open_data_folder
from kongchuo_desktop.errors import user_text
from tests.demo_school import copy_demo_folder

READ_ONLY_NOTICE = "数据文件夹是只读的，今天没有自动备份"


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def school(tmp_path, tmp_path_factory):
    return copy_demo_folder(tmp_path_factory, tmp_path / "school")


@pytest.fixture
def read_only(school, monkeypatch):
    """The folder made read-only. Root ignores permissions, so there (CI) the folder reports
    itself unwritable instead, which is what the program asks."""
    if os.name != "posix" or os.geteuid() == 0:
        monkeypatch.setattr(health, "folder_writable", lambda path: False)
        yield school
        return
    os.chmod(school / "kongchuo.sqlite", 0o444)
    os.chmod(school, 0o555)
    yield school
    os.chmod(school, 0o755)
    os.chmod(school / "kongchuo.sqlite", 0o644)


def test_check_and_alerts_work_on_a_read_only_folder_without_a_backup(read_only, capsys):
    before = (read_only / "kongchuo.sqlite").read_bytes()
    code, out, err = run(capsys, "--data-dir", str(read_only), "check", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["ok"] and data["students"] == 1200
    assert READ_ONLY_NOTICE in err
    code, out, err = run(capsys, "--data-dir", str(read_only), "alerts", "--date", "2026-11-27")
    assert code == 0, err
    assert READ_ONLY_NOTICE in err and "应办" in out
    # No backups/ (the demo's visit photos were there before).
    assert sorted(p.name for p in read_only.iterdir()) == ["attachments", "kongchuo.sqlite"]
    assert (read_only / "kongchuo.sqlite").read_bytes() == before


def test_a_command_that_saves_says_the_folder_is_read_only(read_only, capsys):
    code, _out, err = run(
        capsys,
        "--data-dir",
        str(read_only),
        "student-status",
        "--id",
        "X",
        "--set",
        "休学",
        "--date",
        "2026-11-27",
        "--reason",
        "病",
    )
    assert code == 2 and "数据文件夹是只读的，不能保存" in err and "Traceback" not in err


def test_a_read_only_folder_with_a_wal_file_is_read_with_it(school, monkeypatch):
    """A -wal left from a writable session holds committed rows: read them too."""
    conn = sqlite3.connect(school / "kongchuo.sqlite")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("UPDATE school SET name = '只在WAL里'")
    conn.commit()
    monkeypatch.setattr(health, "folder_writable", lambda path: False)
    folder = open_data_folder(school, writes=False)
    try:
        assert folder.read_only
        assert folder.db.execute_sql("SELECT name FROM school").fetchone()[0] == "只在WAL里"
    finally:
        folder.close()
        conn.close()


@pytest.fixture(params=["oserror", "sqlite"])
def full_disk(request, monkeypatch):
    """The backup copy fails half-way as on a full disk: part of the copy is already written."""

    def copy_until_full(src, dest):
        dest.execute("CREATE TABLE half (x)")
        dest.execute("INSERT INTO half VALUES (zeroblob(100000))")
        dest.commit()
        if request.param == "oserror":
            raise OSError(errno.ENOSPC, "No space left on device")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(backup, "copy_pages", copy_until_full)


def leftovers(folder):
    return [p for p in folder.rglob("*") if ".part" in p.name or ".restoring" in p.name]


def test_a_full_disk_during_the_daily_backup_is_a_notice_and_leaves_nothing(
    school, capsys, full_disk
):
    code, _out, err = run(capsys, "--data-dir", str(school), "alerts", "--date", "2026-11-27")
    assert code == 0
    assert "今天的自动备份没有成功" in err and "磁盘已满" in err
    assert leftovers(school) == []
    assert not list((school / "backups").rglob("*.sqlite"))


def test_a_full_disk_during_a_backup_says_so_and_leaves_nothing(school, full_disk):
    folder = open_data_folder(school, daily_backup=False)
    try:
        with pytest.raises((OSError, sqlite3.OperationalError)) as exc:
            folder.event_backup("manual")
    finally:
        folder.close()
    assert "磁盘已满" in user_text(exc.value)
    assert leftovers(school) == []


def test_a_full_disk_during_a_restore_of_a_damaged_file_moves_nothing(
    school, tmp_path, monkeypatch
):
    good = tmp_path / "good.sqlite"
    backup.copy_database(school / "kongchuo.sqlite", good)
    (school / "kongchuo.sqlite").write_bytes(b"x" * 5000)

    def full(src, dest):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup, "copy_pages", full)
    with pytest.raises(OSError):
        health.restore_damaged(school / "kongchuo.sqlite", good)
    assert (school / "kongchuo.sqlite").read_bytes() == b"x" * 5000
    assert leftovers(school) == [] and not list(school.glob("*.damaged-*"))


def test_what_a_crash_left_behind_is_cleaned_at_the_next_start(school):
    daily = school / "backups" / "daily"
    daily.mkdir(parents=True)
    old = [
        daily / "kongchuo-2026-11-20.sqlite.part",
        daily / "kongchuo-2026-11-20.sqlite.part-journal",
        school / "kongchuo.sqlite.restoring",
    ]
    fresh = daily / "kongchuo-2026-11-21.sqlite.part"  # another program may be writing it now
    an_hour_ago = time.time() - 3600
    for f in [*old, fresh]:
        f.write_bytes(b"half")
    for f in old:
        os.utime(f, (an_hour_ago, an_hour_ago))
    open_data_folder(school, daily_backup=False).close()
    assert not any(f.exists() for f in old)
    assert fresh.exists()


def test_a_copy_left_by_a_killed_process_is_cleaned_at_once_and_a_live_ones_is_kept(school):
    """A temporary copy carries its writer's process id: a dead writer's is a leftover at once,
    wherever the copy was written (a restore stages its file in the data folder itself)."""
    import subprocess
    import sys

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    dead = int(gone.stdout)
    daily = school / "backups" / "daily"
    daily.mkdir(parents=True, exist_ok=True)
    photos = school / "attachments" / "19"
    photos.mkdir(parents=True, exist_ok=True)
    left = [
        school / f"kongchuo.sqlite.restoring.{dead}-0123abcd.part",
        daily / f"kongchuo-2026-11-22.sqlite.{dead}-89abcdef.part",
        photos / f"19b5{'0' * 60}.png.{dead}-0a1b2c3d.part",  # a photo being copied in
    ]
    alive = daily / f"kongchuo-2026-11-23.sqlite.{os.getpid()}-fedcba98.part"
    for f in [*left, alive]:
        f.write_bytes(b"half")
    open_data_folder(school, daily_backup=False).close()
    assert not any(f.exists() for f in left)
    assert alive.exists()


def test_an_export_from_a_read_only_folder_works_and_says_it_was_not_recorded(
    read_only, capsys, tmp_path
):
    before = (read_only / "kongchuo.sqlite").read_bytes()
    out = tmp_path / "花名册.xlsx"
    code, _, err = run(capsys, "--data-dir", str(read_only), "export-roster", str(out))
    assert code == 0, err
    assert out.exists() and "没有记入审计日志" in err
    assert (read_only / "kongchuo.sqlite").read_bytes() == before
