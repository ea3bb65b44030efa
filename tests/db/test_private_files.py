"""The data folder, its backups and the log are readable only by the current user (Linux)."""

from __future__ import annotations

import datetime as dt
import os
import stat

import pytest

from kongchuo_desktop import logs
from kongchuo_desktop.db.store import open_data_folder
from kongchuo_desktop.services import demo

pytestmark = pytest.mark.skipif(os.name != "posix", reason="Windows: the profile folder is private")


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_data_folder_its_database_backups_and_log_are_private(tmp_path, actor):
    path = tmp_path / "新学校" / "data"
    folder = open_data_folder(path, daily_backup=False)
    try:
        demo.create_demo_school(actor, students=30)
        assert mode(path) == 0o700 and mode(path.parent) == 0o700
        assert mode(folder.database_file) == 0o600
        assert mode(path / "kongchuo.sqlite-wal") == 0o600
        written = folder.daily_backup(dt.date(2026, 11, 27))
        event = folder.event_backup("manual")
    finally:
        folder.close()
    assert mode(written) == 0o600 and mode(event) == 0o600
    assert mode(path / "backups") == 0o700 and mode(written.parent) == 0o700
    log = logs.start_logging(path)
    try:
        logs.logger.info("x")
        assert mode(log) == 0o600 and mode(log.parent) == 0o700
    finally:
        logs.stop_logging()


def test_an_existing_folder_keeps_its_permissions(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o750)
    open_data_folder(shared, daily_backup=False).close()
    assert mode(shared) == 0o750
    assert mode(shared / "kongchuo.sqlite") == 0o600
