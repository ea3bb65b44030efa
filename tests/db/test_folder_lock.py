"""The data folder's lock (db/folder_lock.py): shared by ordinary work, exclusive for restore,
清空数据 and an upgrade; the check is about other processes, and a dead process holds nothing."""

import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kongchuo_desktop.db import folder_lock, migrations, store
from tests.fault.test_two_writers import _env

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX helper process")

FIXTURE = Path(__file__).parent.parent / "fixtures" / "data_folder_v0_1"

HOLDER = """
import sys, time
from kongchuo_desktop.db import folder_lock
hold = getattr(folder_lock, sys.argv[2])(sys.argv[1], *sys.argv[3:])
print("ready", flush=True)
time.sleep(float(sys.stdin.readline() or 120))
"""


def _holder(path: Path, kind: str, *args: str) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path), kind, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=_env(),
    )
    assert proc.stdout.readline().strip() == b"ready"
    return proc


def test_within_one_process_the_window_and_its_own_start_over_do_not_conflict(tmp_path):
    window = folder_lock.shared(tmp_path)
    # 清空数据 from the window itself, and a restore's reopened folder inside its exclusive hold:
    with folder_lock.exclusive(tmp_path, "清空数据"), folder_lock.shared(tmp_path):
        pass
    window.release()
    window.release()  # twice is harmless
    assert (tmp_path / folder_lock.LOCK_FILE_NAME).exists()
    # Nothing held any more: another process may have the folder to itself.
    other = _holder(tmp_path, "exclusive", "测试")
    other.kill()
    other.wait()


def test_ordinary_work_waits_for_a_restore_then_goes_on(tmp_path):
    restoring = _holder(tmp_path, "exclusive", "恢复数据")
    with pytest.raises(folder_lock.FolderBusy, match="正在恢复、清空或升级"):
        folder_lock.shared(tmp_path, wait=0.2)
    started = time.monotonic()
    restoring.stdin.write(b"0.5\n")  # the restore ends half a second later
    restoring.stdin.flush()
    with folder_lock.shared(tmp_path, wait=10):
        assert time.monotonic() - started >= 0.4
    restoring.wait()


def test_an_upgrade_waits_for_the_window_and_is_refused_if_it_stays_open(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    monkeypatch.setattr(store, "UPGRADE_WAIT_SECONDS", 0.3)
    window = _holder(data, "shared")
    try:
        with pytest.raises(folder_lock.FolderInUse, match=r"不能升级数据.*请先关闭程序窗口"):
            store.open_data_folder(data, daily_backup=False)
    finally:
        window.kill()
        window.wait()
    conn = sqlite3.connect(data / "kongchuo.sqlite")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1  # untouched
    conn.close()
    folder = store.open_data_folder(data, daily_backup=False)  # the window closed (crashed)
    try:
        assert migrations.schema_version(folder.db) == migrations.LATEST_VERSION
    finally:
        folder.close()
