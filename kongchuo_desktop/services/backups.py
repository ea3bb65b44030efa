"""备份与恢复 for the window: the backup files as plain rows, checking a file, copying one to a
USB stick and restoring (db/backup and db/store do the work; views do not import db/)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from kongchuo_desktop.db import backup, store

BackupError = backup.BackupError
FileCheck = backup.FileCheck


@dataclass(frozen=True)
class BackupFile:
    path: Path
    kind: str  # the subfolder: daily | monthly | events
    modified: dt.datetime
    size: int  # bytes


def backup_files(root: Path) -> list[BackupFile]:
    """Every backup file under `root`, newest first."""
    out = []
    for path in backup.list_backups(root):
        stat = path.stat()
        out.append(
            BackupFile(
                path, path.parent.name, dt.datetime.fromtimestamp(stat.st_mtime), stat.st_size
            )
        )
    return out


def check_file(path: Path) -> FileCheck:
    """Whether `path` is one of our data files, and how many students it holds."""
    return backup.check_file(path)


def copy_backup(path: Path, dest_dir: Path) -> Path:
    """Copy a backup to `dest_dir` (a USB stick) and verify the copy; BackupError if not."""
    return backup.copy_backup(path, dest_dir)


def restore(folder: store.DataFolder, source: Path, actor: str) -> tuple[store.DataFolder, Path]:
    """Replace the folder's data with `source` (store.restore, which writes `actor` into the
    audit trail): the reopened folder and the safety copy of the data it replaced. Raises
    BackupError for a bad file, folder_lock.FolderInUse (a UserError) while another program
    has the folder open."""
    return store.restore(folder, source, actor=actor)
