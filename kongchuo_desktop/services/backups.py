"""备份与恢复 for the window: the backup files as plain rows, checking a file, copying one to a
USB stick (always encrypted: db/encrypted_copy) and restoring (db/backup and db/store do the
work; views do not import db/)."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kongchuo_desktop.db import backup, encrypted_copy, store
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.services import guards

BackupError = backup.BackupError
FileCheck = backup.FileCheck
WrongPassword = encrypted_copy.WrongPassword
DamagedCopy = encrypted_copy.DamagedCopy
ENCRYPTED_SUFFIX = encrypted_copy.SUFFIX


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


def is_encrypted(path: Path) -> bool:
    """Is `path` an encrypted copy (复制到U盘)? It then needs its password to be restored."""
    return encrypted_copy.is_encrypted(path)


def encrypted_copy_path(path: Path, dest_dir: Path) -> Path:
    """Where 复制到U盘 writes the encrypted copy of backup `path` in `dest_dir`."""
    return Path(dest_dir) / (Path(path).stem + encrypted_copy.SUFFIX)


def copy_encrypted(folder: store.DataFolder, path: Path, dest: Path, password: str) -> Path:
    """复制到U盘: the backup `path` encrypted with `password` at `dest` (verified before it is
    renamed into place; an existing file is replaced, so ask first). BackupError if not."""
    guards.school(Action.MANAGE_BACKUPS)
    if not Path(dest).parent.is_dir():
        raise BackupError(f"目标文件夹不存在：{Path(dest).parent}")
    return encrypted_copy.copy_backup(path, dest, folder.path, password)


@contextlib.contextmanager
def opened_copy(folder: store.DataFolder, source: Path, password: str) -> Iterator[Path]:
    """The database inside the encrypted copy `source`, decrypted (privately, in the data folder)
    while the block runs. WrongPassword / DamagedCopy (UserErrors) when it cannot be opened."""
    with encrypted_copy.opened(source, folder.path, password) as database:
        yield database


def restore(
    folder: store.DataFolder, source: Path, actor: str, shown_as: Path | None = None
) -> tuple[store.DataFolder, Path]:
    """Replace the folder's data with `source` (store.restore, which writes `actor` into the
    audit trail): the reopened folder and the safety copy of the data it replaced. Raises
    BackupError for a bad file, folder_lock.FolderInUse (a UserError) while another program
    has the folder open."""
    guards.school(Action.MANAGE_BACKUPS)
    return store.restore(folder, source, actor=actor, shown_as=shown_as)
