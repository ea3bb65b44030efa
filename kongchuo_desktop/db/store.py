"""Opening the data folder: bind the database, migrate with a backup first, daily backup;
and replacing it from a backup (restore)."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import peewee as pw

from kongchuo_desktop import logs, private_files
from kongchuo_desktop.db import backup, health, migrations
from kongchuo_desktop.db.connection import bind, make_database
from kongchuo_desktop.errors import user_text
from kongchuo_desktop.paths import backups_dir, database_path


@dataclass
class DataFolder:
    """An open data folder: where it is and its bound database."""

    path: Path
    db: pw.SqliteDatabase
    read_only: bool = False
    # Lines for the clerk from opening it: a read-only folder, a daily backup that failed.
    notices: list[str] = field(default_factory=list)

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


def open_data_folder(
    path: Path, *, daily_backup: bool = True, writes: bool = True, full_check: bool = False
) -> DataFolder:
    """Open (creating if needed) the database in `path`, migrating it after a backup.

    The file is looked at read-only first (health.diagnose): a damaged one raises
    health.DamagedDataFile, a foreign or too-new one migrations.SchemaError, and neither is
    modified. A folder that cannot be written raises health.ReadOnlyFolder when `writes`; for a
    command that only reads it opens read-only, without the daily backup, and says so in
    `notices`. A failed daily backup is a notice too: the day's work goes on. `full_check` runs
    the complete integrity check (the `check` command) instead of the quick one."""
    path = Path(path)
    private_files.make_dir(path)
    file = database_path(path)
    writable = health.folder_writable(path) and (not file.exists() or os.access(file, os.W_OK))
    if writable:
        health.clean_leftovers(path)
    elif writes:
        raise health.ReadOnlyFolder(
            f"数据文件夹是只读的，不能保存：{path}\n"
            "请取消文件夹的只读属性，或把它复制到可以写入的位置。"
        )
    diagnosis = health.diagnose(file, full=full_check, folder_writable=writable)
    if diagnosis.state == health.DAMAGED:
        raise health.DamagedDataFile(diagnosis, health.newest_good_backup(path))
    if not diagnosis.usable:
        raise migrations.SchemaError(diagnosis.reason)
    if not writable:
        return _open_read_only(path)
    private_files.create_file(file)  # a new database is readable by this user only
    db = make_database(file)
    db.connect(reuse_if_open=True)
    bind(db)
    folder = DataFolder(path, db)
    try:
        migrations.migrate(
            db, before_migration=lambda v: folder.event_backup(f"before-migrate-v{v}")
        )
    except Exception:
        db.close()
        raise
    if daily_backup:
        try:
            folder.daily_backup()
        except (OSError, sqlite3.Error) as exc:
            logs.logger.warning("daily backup failed: %r", exc)
            folder.notices.append(f"今天的自动备份没有成功：{user_text(exc)}")
    return folder


def _open_read_only(path: Path) -> DataFolder:
    """A read-only folder: the data opened read-only, as it is (no migration, no backup)."""
    db = health.make_read_only_database(database_path(path), folder_writable=False)
    db.connect(reuse_if_open=True)
    try:
        empty = migrations.is_empty(db)
        version = migrations.schema_version(db)
    except Exception:
        db.close()
        raise
    if empty or version < migrations.LATEST_VERSION:
        db.close()
        what = "其中还没有数据" if empty else "数据需要升级到新版本才能使用"
        raise health.ReadOnlyFolder(f"数据文件夹是只读的，{what}：{path}")
    bind(db)
    folder = DataFolder(path, db, read_only=True)
    folder.notices.append(f"数据文件夹是只读的，今天没有自动备份：{path}")
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
