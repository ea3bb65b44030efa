"""Opening the data folder: bind the database, migrate with a backup first, daily backup;
and replacing it from a backup (restore)."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import peewee as pw

from kongchuo_desktop.db import attachments, backup, migrations
from kongchuo_desktop.db.connection import bind, make_database
from kongchuo_desktop.paths import backups_dir, database_path


@dataclass
class DataFolder:
    """An open data folder: where it is and its bound database."""

    path: Path
    db: pw.SqliteDatabase

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


def open_data_folder(path: Path, *, daily_backup: bool = True) -> DataFolder:
    """Open (creating if needed) the database in `path`, migrating it after a backup.
    Raises migrations.SchemaError for a foreign or too-new file."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    db = make_database(database_path(path))
    db.connect(reuse_if_open=True)
    bind(db)
    folder = DataFolder(path, db)
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
    # Attached files first: a failure here (disk full) leaves the data as it was.
    try:
        backup.restore_attachments(staged, source, folder.path)
    except OSError:
        staged.unlink(missing_ok=True)
        raise
    folder.close()  # the last connection closing checkpoints and removes the -wal file
    for extra in (live.with_name(live.name + "-wal"), live.with_name(live.name + "-shm")):
        extra.unlink(missing_ok=True)
    os.replace(staged, live)
    reopened = open_data_folder(folder.path, daily_backup=False)
    backup.drop_unreferenced_live(folder.path, attachments.referenced_names(reopened.db))
    return reopened, safety
