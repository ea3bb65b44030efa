"""Opening the data folder: bind the database, migrate with a backup first, daily backup;
and replacing it from a backup (restore)."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import peewee as pw

from kongchuo_desktop.db import backup, folder_lock, migrations
from kongchuo_desktop.db.connection import APPLICATION_ID, bind, make_database
from kongchuo_desktop.paths import backups_dir, database_path


@dataclass
class DataFolder:
    """An open data folder: where it is and its bound database."""

    path: Path
    db: pw.SqliteDatabase
    hold: folder_lock.Hold | None = field(default=None, repr=False)  # the folder's shared lock

    @property
    def database_file(self) -> Path:
        return database_path(self.path)

    @property
    def backups(self) -> Path:
        return backups_dir(self.path)

    def raw_connection(self) -> sqlite3.Connection:
        return self.db.connection()

    def event_backup(self, why: str) -> Path:
        return backup.event_backup(self.raw_connection(), self.backups, why)

    def daily_backup(self, today: dt.date | None = None) -> Path | None:
        return backup.daily_backup(self.raw_connection(), self.backups, today)

    def daily_backup_due(self, today: dt.date | None = None) -> bool:
        return backup.daily_backup_due(self.backups, today)

    def close(self) -> None:
        if not self.db.is_closed():
            self.db.close()
        if self.hold is not None:
            self.hold.release()


# How long opening waits for other processes to let go when the data needs an upgrade: two
# commands started together after installing a new version both get through, one after the other.
UPGRADE_WAIT_SECONDS = 10.0


def open_data_folder(path: Path, *, daily_backup: bool = True) -> DataFolder:
    """Open (creating if needed) the database in `path`, migrating it after a backup.
    Raises migrations.SchemaError for a foreign or too-new file; folder_lock.FolderInUse when an
    upgrade is due while another process has the folder open."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    hold = folder_lock.shared(path)  # held until folder.close() (db/folder_lock.py)
    try:
        if not _upgrade_due(path):
            return _open(path, hold, daily_backup)
        # Let go of our share while waiting, or two commands started together would each wait
        # for the other to leave.
        hold.release()
        with folder_lock.exclusive(path, "升级数据", wait=UPGRADE_WAIT_SECONDS):
            hold = folder_lock.shared(path)
            return _open(path, hold, daily_backup)
    except BaseException:
        hold.release()
        raise


def _upgrade_due(path: Path) -> bool:
    """Does the folder hold an older version of our data? Read-only peek; anything odd (no file,
    a foreign or damaged one) is left to the normal opening to report."""
    file = database_path(path)
    if not file.is_file():
        return False
    try:
        conn = sqlite3.connect(file.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return app_id == APPLICATION_ID and 0 < version < migrations.LATEST_VERSION


def _open(path: Path, hold: folder_lock.Hold, daily_backup: bool) -> DataFolder:
    db = make_database(database_path(path))
    db.connect(reuse_if_open=True)
    bind(db)
    folder = DataFolder(path, db, hold)
    try:
        migrations.migrate(
            db, before_migration=lambda v: folder.event_backup(f"before-migrate-v{v}")
        )
        if daily_backup:
            folder.daily_backup()
    except Exception:
        db.close()
        raise
    return folder


def restore(folder: DataFolder, source: Path) -> tuple[DataFolder, Path]:
    """Replace the folder's data with `source` after checking it and keeping a copy of the current
    data. A bad source raises BackupError and changes nothing. Returns the reopened folder and the
    path of the safety copy."""
    source = Path(source)
    check = backup.check_file(source)
    if not check.ok:
        raise backup.BackupError(f"不能恢复 {source.name}：{check.message}")
    if source.resolve() == folder.database_file.resolve():
        raise backup.BackupError("不能用正在使用的数据文件恢复自己")
    safety = folder.event_backup("before-restore")
    live = folder.database_file
    staged = live.with_name(live.name + ".restoring")
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        backup._copy(src, staged)
    finally:
        src.close()
    folder.close()  # the last connection closing checkpoints and removes the -wal file
    for extra in (live.with_name(live.name + "-wal"), live.with_name(live.name + "-shm")):
        extra.unlink(missing_ok=True)
    os.replace(staged, live)
    return open_data_folder(folder.path, daily_backup=False), safety
