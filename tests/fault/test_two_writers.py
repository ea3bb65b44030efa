"""Several programs on one data folder: the office's scripts write beside the open window, and only
restore / 清空数据 / an upgrade need the folder to themselves (db/folder_lock.py)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from kongchuo_desktop.cli import main
from kongchuo_desktop.db import backup
from kongchuo_desktop.db.models import AuditLog, Student
from tests.demo_school import open_demo_copy

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals in the helpers")

ROOT = Path(__file__).resolve().parents[2]

# What the window does with the folder for its lifetime (app.run_gui): open it, and keep it open.
WINDOW = """
import sys, time
from kongchuo_desktop.db.store import open_data_folder
folder = open_data_folder(sys.argv[1], daily_backup=False)
print("ready", flush=True)
time.sleep(120)
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _cli(data: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kongchuo_desktop", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=120,
    )


def _status_change(data: Path, id_number: str) -> subprocess.CompletedProcess:
    return _cli(
        data,
        "student-status",
        "--id",
        id_number,
        "--set",
        "疑似辍学",
        "--date",
        "2026-11-20",
        "--reason",
        "连续缺课",
    )


@pytest.fixture
def demo(tmp_path_factory, tmp_path):
    folder = open_demo_copy(tmp_path_factory, tmp_path / "demo")
    yield folder
    folder.close()


@pytest.fixture
def window(demo):
    """Another process holding the folder as the open window does."""
    proc = subprocess.Popen(
        [sys.executable, "-c", WINDOW, str(demo.path)], stdout=subprocess.PIPE, env=_env()
    )
    try:
        assert proc.stdout.readline().strip() == b"ready"
        yield proc
    finally:
        proc.kill()
        proc.wait()


def _in_school(n: int) -> list[str]:
    query = Student.select().where(Student.status == "在校").order_by(Student.id).limit(n)
    return [s.id_number for s in query]


def _statuses(data: Path, ids: list[str]) -> list[str]:
    conn = sqlite3.connect(data / "kongchuo.sqlite")
    try:
        return [
            conn.execute("SELECT status FROM student WHERE id_number = ?", (i,)).fetchone()[0]
            for i in ids
        ]
    finally:
        conn.close()


def test_six_status_changes_started_together_all_go_through(demo):
    ids = _in_school(6)
    with ThreadPoolExecutor(6) as pool:
        done = list(pool.map(lambda i: _status_change(demo.path, i), ids))
    assert [(r.returncode, r.stderr) for r in done] == [(0, "")] * 6
    assert _statuses(demo.path, ids) == ["疑似辍学"] * 6


def test_a_command_waits_while_another_program_is_saving(demo):
    """The window saving a class's head-count for a second: a script's change waits for it."""
    demo.daily_backup()  # today's copy made: the command goes straight to its change
    (student,) = _in_school(1)
    other = sqlite3.connect(demo.database_file, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE setting SET value = value")
    other.execute(
        "INSERT INTO audit_log (at, actor, table_name, row_key, action) "
        "VALUES ('2026-11-29 08:00:00', '窗口', '*', '', 'note')"
    )
    started = time.monotonic()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kongchuo_desktop",
            "--data-dir",
            str(demo.path),
            "student-status",
            "--id",
            student,
            "--set",
            "疑似辍学",
            "--date",
            "2026-11-20",
            "--reason",
            "连续缺课",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    time.sleep(1.2)
    assert proc.poll() is None, proc.communicate()  # still waiting, not failed
    other.execute("COMMIT")
    other.close()
    out, err = proc.communicate(timeout=60)
    assert (proc.returncode, err) == (0, ""), out
    assert time.monotonic() - started >= 1.2
    assert _statuses(demo.path, [student]) == ["疑似辍学"]
    assert AuditLog.select().where(AuditLog.actor == "窗口").count() == 1  # both saves kept


def test_restore_is_refused_while_the_window_is_open(demo, window, tmp_path, capsys):
    copy = backup.backup_to(demo.raw_connection(), tmp_path / "copy.sqlite")
    (student,) = _in_school(1)
    assert _status_change(demo.path, student).returncode == 0  # ordinary work goes on
    before = backup.check_file(demo.database_file)

    code = main(["--data-dir", str(demo.path), "restore", str(copy)])

    err = capsys.readouterr().err
    assert code == 1 and "请先关闭程序窗口" in err
    assert _statuses(demo.path, [student]) == ["疑似辍学"]  # nothing changed
    assert backup.check_file(demo.database_file).rows == before.rows
    assert not list(demo.backups.glob("events/*before-restore*"))


def test_a_crashed_window_does_not_block_restore(demo, window, tmp_path, capsys):
    copy = backup.backup_to(demo.raw_connection(), tmp_path / "copy.sqlite")
    window.send_signal(signal.SIGKILL)  # a crash or a power cut: no chance to clean up
    window.wait()

    code = main(["--data-dir", str(demo.path), "restore", str(copy)])

    out = capsys.readouterr().out
    assert code == 0 and "已从" in out
    assert AuditLog.select().order_by(AuditLog.id.desc()).get().action == "restore"


def test_start_over_is_refused_while_another_window_is_open(demo, window, actor):
    from kongchuo_desktop.db.folder_lock import FolderInUse
    from kongchuo_desktop.services.school_setup import the_school
    from kongchuo_desktop.services.start_over import start_over

    with pytest.raises(FolderInUse, match="请先关闭程序窗口"):
        start_over(demo, actor)
    assert the_school() is not None
    assert not list(demo.backups.glob("events/*before-start-over*"))
